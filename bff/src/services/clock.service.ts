import { randomUUID } from 'node:crypto'
import type { Model } from 'mongoose'
import { isDuplicateKey } from '../lib/db-writes'
import type { DevClock } from '../models/DevClock.model'

/**
 * The BFF's notion of now, read by every deadline of questions (docs/questions.md). In production it is the
 * system time. Outside production (development sign-in enabled) `POST /api/v1/dev/clock` moves it, so that
 * working-day deadlines can be tested without waiting days. The runtime then shares the offset through the database
 * (`shareThrough`, the `devclocks` document): a move is written there, in one write, before it is answered, and every instance
 * reads it before answering the development clock and upkeep routes and every second (`refresh`), so the workers of
 * one service run on one date (docs/design.md, "Time").
 */
/** Where the test clock may be moved: years whose dates, periods and working days the product computes. */
export const CLOCK_RANGE = { from: new Date('2000-01-01T00:00:00Z'), to: new Date('2100-01-01T00:00:00Z') }

const DEV_CLOCK_ID = 'clock'

/** Now and the offset it is at, as one move left them. */
export interface ClockReading {
  now: Date
  offsetMs: number
}

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
    this.offsetMs = this.checked(offsetMs)
    return this.now()
  }

  /** Keeps the offset in the database, shared by every instance on it (development only, runtime.ts). */
  shareThrough(store: Model<DevClock>): void {
    this.shared = store
  }

  /**
   * Takes the offset of a move another instance wrote since this one last looked (nothing to do unless shared). A
   * move made here directly (tests move the clock with advanceDays or setTo) stays until the next shared one.
   */
  async refresh(): Promise<void> {
    if (!this.shared) return
    const doc = await this.shared.findById(DEV_CLOCK_ID).lean()
    if (!doc || doc.move === this.move) return
    this.move = doc.move
    this.offsetMs = doc.offsetMs
  }

  /**
   * Moves the clock by `advanceMs` or to `setTo` for every instance (POST /dev/clock) and returns now as moved. When
   * shared, the stored offset is moved by the database in one write (an advance is one `$inc`, so moves sent at once
   * through any workers all count), and this instance takes the offset that write returned. Refused with a
   * RangeError, changing nothing, when the move would leave CLOCK_RANGE.
   */
  async moveShared(change: { advanceMs: number } | { setTo: Date }): Promise<ClockReading> {
    const store = this.shared
    if (!store) {
      if ('setTo' in change) this.setTo(change.setTo)
      else this.moveTo(this.offsetMs + change.advanceMs)
      return this.reading()
    }
    const move = randomUUID()
    if ('setTo' in change) {
      const offsetMs = this.checked(change.setTo.getTime() - this.system())
      await store.updateOne({ _id: DEV_CLOCK_ID }, { $set: { offsetMs, move } }, { upsert: true })
      return this.take({ offsetMs, move })
    }
    const delta = change.advanceMs
    for (;;) {
      // Only from an offset the move keeps inside CLOCK_RANGE: the check and the move are one write.
      const base = this.system() + delta
      const moved = await store
        .findOneAndUpdate(
          {
            _id: DEV_CLOCK_ID,
            offsetMs: { $gte: CLOCK_RANGE.from.getTime() - base, $lt: CLOCK_RANGE.to.getTime() - base },
          },
          { $inc: { offsetMs: delta }, $set: { move } },
          { returnDocument: 'after' },
        )
        .lean()
      if (moved) return this.take(moved)
      const stored = await store.findById(DEV_CLOCK_ID).lean()
      // Stored but the move would leave the range: refused as a local move would be.
      if (stored) {
        this.checked(stored.offsetMs + delta)
        continue // moved back into range meanwhile
      }
      // Never moved through the database yet: the first move starts from this instance's offset.
      const offsetMs = this.checked(this.offsetMs + delta)
      try {
        await store.create({ _id: DEV_CLOCK_ID, offsetMs, move })
        return this.take({ offsetMs, move })
      } catch (err) {
        if (!isDuplicateKey(err)) throw err
      }
    }
  }

  /** The offset, if now moved by it stays inside CLOCK_RANGE; a RangeError otherwise. */
  private checked(offsetMs: number): number {
    const at = this.system() + offsetMs
    if (!(at >= CLOCK_RANGE.from.getTime() && at < CLOCK_RANGE.to.getTime())) {
      throw new RangeError(
        `the clock may move between ${CLOCK_RANGE.from.toISOString()} and ${CLOCK_RANGE.to.toISOString()}`,
      )
    }
    return offsetMs
  }

  private take(doc: { offsetMs: number; move: string }): ClockReading {
    this.offsetMs = doc.offsetMs
    this.move = doc.move
    return { now: new Date(this.system() + doc.offsetMs), offsetMs: doc.offsetMs }
  }

  private reading(): ClockReading {
    return { now: this.now(), offsetMs: this.offsetMs }
  }

  /** How far the clock is from the system time (ms). */
  offset(): number {
    return this.offsetMs
  }
}
