import { Types } from 'mongoose'
import { ErrorCode } from '@cunwu/domain'
import { AppError } from '../errors'
import type { Claim } from '../models/claim'

/** How long a claim holds before someone else may take it over (a request that never finished left it). */
export const CLAIM_LEASE_MS = 60_000

/** What a claim is taken on: a model's conditional update. */
interface Claimable {
  updateOne(
    filter: Record<string, unknown>,
    update: Record<string, unknown>,
  ): PromiseLike<{ modifiedCount: number }>
}

/**
 * One person's turn at a step that must be done once for a record, such as drafting the disclosure of a
 * consultation's summary or of a decision's 两公开 (models/claim.ts): the one rule for "exactly one of the people
 * pressing it at once does it". The turn is taken with one conditional write before anything is written, while the
 * step is still `open` (its result not linked yet) and the claim free, so of requests sent at once exactly one gets
 * a token; the others write nothing and are told so. The holder's link filters on its token (`heldClaim`) and clears
 * the claim in the same write; a failed attempt gives it back (`releaseClaim`). A claim a crash left is taken over
 * after `CLAIM_LEASE_MS`, or at once by the person who left it (their own retry; a person's double tap never gets
 * here, middlewares/submissions.ts lets one request of theirs through at a time).
 *
 * Returns the token, or null when someone else holds the claim or the step is no longer open (the caller reads
 * again to say which).
 */
export async function takeClaim(
  model: Claimable,
  args: { id: Types.ObjectId; field: string; open: Record<string, unknown>; by: Types.ObjectId },
): Promise<Types.ObjectId | null> {
  const token = new Types.ObjectId()
  const at = new Date()
  const claim: Claim = { token, by: args.by, at }
  const taken = await model.updateOne(
    {
      _id: args.id,
      ...args.open,
      $or: [
        { [args.field]: null },
        { [`${args.field}.by`]: args.by },
        { [`${args.field}.at`]: { $lt: new Date(at.getTime() - CLAIM_LEASE_MS) } },
      ],
    },
    { $set: { [args.field]: claim } },
  )
  return taken.modifiedCount === 1 ? token : null
}

/** The filter part of a write only the claim's holder may make (the link, which also sets the field to null). */
export function heldClaim(field: string, token: Types.ObjectId): Record<string, Types.ObjectId> {
  return { [`${field}.token`]: token }
}

/** Gives the claim back after a failed attempt, so the next request need not wait out the lease. */
export async function releaseClaim(
  model: Claimable,
  args: { id: Types.ObjectId; field: string; token: Types.ObjectId },
): Promise<void> {
  await model.updateOne(
    { _id: args.id, ...heldClaim(args.field, args.token) },
    { $set: { [args.field]: null } },
  )
}

/** True while `claim` is held: taken and not yet past its lease (a crash's claim no longer counts). */
export function claimHeld(claim: Claim | null | undefined, now: number = Date.now()): boolean {
  return !!claim && claim.at.getTime() >= now - CLAIM_LEASE_MS
}

/**
 * The answer to someone refused a claim another holds: 409 `submission_in_progress` with Retry-After 2 and
 * `message`, which says who is at it and ends 请稍候再看 (the step may yet fail and be given back).
 */
export function claimBusy(message: string): AppError {
  return new AppError(409, ErrorCode.SubmissionInProgress, message, true, { retryAfterSeconds: 2 })
}
