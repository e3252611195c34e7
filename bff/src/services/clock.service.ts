import { randomUUID } from 'node:crypto'
import type { Model } from 'mongoose'
import type { DevClock } from '../models/DevClock.model'

/**
 * The BFF's notion of now, read by every deadline of questions (docs/questions.md). In production it is the
 * system time. Outside production (development sign-in enabled) `POST /api/v1/dev/clock` moves it, so that
 * working-day deadlines can be tested without waiting days. The runtime then shares the offset through the database
 * (`shareThrough`, the `devclocks` document): a move is written there before it is answered, and every instance
 * reads it before answering the development clock and upkeep routes and every second (`refresh`), so the workers of
 * one service run on one date (docs/design.md, "Time").
 */
/** Where the test clock may be moved: years whose dates, periods and working days the product computes. */
export const CLOCK_RANGE = { from: new Date('2000-01-01T00:00:00Z'), to: new Date('2100-01-01T00:00:00Z') }

const DEV_CLOCK_ID = 'clock'

export class ClockService {
  private offsetMs = 0
  private shared: Model<DevClock> | null = null
  /** The shared move this instance last took or wrote (null: none yet). */
  private move: string | null = null

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

  /** Keeps the offset in the database, shared by every instance on it (development only, runtime.ts). */
  shareThrough(store: Model<DevClock>): void {
    this.shared = store
  }

  /**
   * Takes the offset of a move another instance wrote since this one last looked (nothing to do unless shared). A
   * move made here without `publish` (tests move the clock directly) stays until the next shared one.
   */
  async refresh(): Promise<void> {
    if (!this.shared) return
    const doc = await this.shared.findById(DEV_CLOCK_ID).lean()
    if (!doc || doc.move === this.move) return
    this.move = doc.move
    this.offsetMs = doc.offsetMs
  }

  /** Writes this instance's offset for the others (after a move); when two are moved at once the last write counts. */
  async publish(): Promise<void> {
    if (!this.shared) return
    const move = randomUUID()
    await this.shared.updateOne(
      { _id: DEV_CLOCK_ID },
      { $set: { offsetMs: this.offsetMs, move } },
      { upsert: true },
    )
    this.move = move
  }

  /** How far the clock is from the system time (ms). */
  offset(): number {
    return this.offsetMs
  }
}
