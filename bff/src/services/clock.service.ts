/**
 * The BFF's notion of now, read by every deadline of questions (docs/questions.md). In production it is the
 * system time. Outside production (development sign-in enabled) `POST /api/v1/dev/clock` moves it, so that
 * working-day deadlines can be tested without waiting days; the offset lives in this process only.
 */
/** Where the test clock may be moved: years whose dates, periods and working days the product computes. */
export const CLOCK_RANGE = { from: new Date('2000-01-01T00:00:00Z'), to: new Date('2100-01-01T00:00:00Z') }

export class ClockService {
  private offsetMs = 0

  constructor(private readonly system: () => number = Date.now) {}

  now(): Date {
    return new Date(this.system() + this.offsetMs)
  }

  /**
   * Moves now by whole or fractional days (negative goes back). A move that would leave the years the calendars
   * know how to count (CLOCK_RANGE) is refused with a RangeError and changes nothing: repeated moves could otherwise
   * take now past what a Date can hold, and every deadline computed from it would fail.
   */
  advanceDays(days: number): Date {
    return this.moveTo(this.offsetMs + Math.round(days * 86_400_000))
  }

  /** Makes now the given instant (time then runs on from there); refused like advanceDays outside CLOCK_RANGE. */
  setTo(instant: Date): Date {
    return this.moveTo(instant.getTime() - this.system())
  }

  private moveTo(offsetMs: number): Date {
    const at = this.system() + offsetMs
    if (!(at >= CLOCK_RANGE.from.getTime() && at < CLOCK_RANGE.to.getTime())) {
      throw new RangeError(
        `the clock may move between ${CLOCK_RANGE.from.toISOString()} and ${CLOCK_RANGE.to.toISOString()}`,
      )
    }
    this.offsetMs = offsetMs
    return this.now()
  }

  /** How far the clock is from the system time (ms). */
  offset(): number {
    return this.offsetMs
  }
}
