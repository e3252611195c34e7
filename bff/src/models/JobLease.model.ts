import { Schema } from 'mongoose'
import type { Connection, Model, Types } from 'mongoose'

/**
 * A background job's lease and how far its walk has got (`jobleases`, SCALE.md "How jobs partition by region"): one
 * document per job, claimed by one instance at a time (`owner` until `leaseUntil`), so two instances on one database
 * do not do the same work. A crashed holder's lease lapses and another instance continues from `progress`. The
 * running spreadsheet imports' places are leases here too (`import-slot:…`, imports/table-import-slots.ts), without
 * progress.
 */
export interface JobLease {
  /** The job's name, e.g. `alignment-rules-sweep`. */
  _id: string
  /** The instance's pass holding the lease; null when none does. */
  owner: string | null
  leaseUntil: Date
  /**
   * Where the walk is: the rules version it works for, the last record done (in `_id` order) and whether every
   * record was visited. null before the first pass.
   */
  progress: { version: string; after: Types.ObjectId | null; done: boolean } | null
}

const jobLeaseSchema = new Schema<JobLease>(
  {
    _id: { type: String },
    owner: { type: String, default: null },
    leaseUntil: { type: Date, required: true },
    progress: { type: Schema.Types.Mixed, default: null },
  },
  { versionKey: false },
)

/** Registers (once) and returns the JobLease model on a connection. */
export function jobLeaseModel(conn: Connection): Model<JobLease> {
  return conn.models.JobLease ?? conn.model<JobLease>('JobLease', jobLeaseSchema)
}
