/**
 * The BFF's notion of now, read by every deadline of questions (docs/questions.md). In production it is the
 * system time. Outside production (development sign-in enabled) `POST /api/v1/dev/clock` moves it, so that
 * working-day deadlines can be tested without waiting days; the offset lives in this process only.
 */
export class ClockService {
  private offsetMs = 0

  constructor(private readonly system: () => number = Date.now) {}

  now(): Date {
    return new Date(this.system() + this.offsetMs)
  }

  /** Moves now by whole or fractional days (negative goes back). */
  advanceDays(days: number): Date {
    this.offsetMs += Math.round(days * 86_400_000)
    return this.now()
  }

  /** Makes now the given instant (time then runs on from there). */
  setTo(instant: Date): Date {
    this.offsetMs = instant.getTime() - this.system()
    return this.now()
  }

  /** How far the clock is from the system time (ms). */
  offset(): number {
    return this.offsetMs
  }
}
