import { Schema } from 'mongoose'
import type { Types } from 'mongoose'

/**
 * Who is doing a once-only step of a record right now (lib/claims.ts): taken by one conditional write before
 * anything is written, cleared by the write that links the step's result or when the attempt fails, and taken over
 * once older than the lease (a crash left it). Null when nobody is.
 */
export interface Claim {
  token: Types.ObjectId
  by: Types.ObjectId
  at: Date
}

/** The schema type of a claim field. */
export const CLAIM_FIELD = { type: Schema.Types.Mixed, default: null } as const
