import { Schema } from 'mongoose'
import type { Connection, Model } from 'mongoose'

/**
 * The development clock's offset from the system time (`devclocks`, one document `_id: 'clock'`), outside production
 * only: `POST /api/v1/dev/clock` writes it and every BFF instance on the database reads it (ClockService), so the
 * workers of one service run on one date. Absent: the system time.
 */
export interface DevClock {
  _id: string
  offsetMs: number
  /** A new id for each move, so an instance takes a move once and keeps its own until the next one. */
  move: string
}

const devClockSchema = new Schema<DevClock>(
  {
    _id: { type: String },
    offsetMs: { type: Number, required: true },
    move: { type: String, required: true },
  },
  { versionKey: false },
)

/** Registers (once) and returns the DevClock model on a connection. */
export function devClockModel(conn: Connection): Model<DevClock> {
  return conn.models.DevClock ?? conn.model<DevClock>('DevClock', devClockSchema)
}
