import { ErrorCode } from '@cunwu/domain'
import { AppError } from '../errors'
import { isDuplicateKey } from './db-writes'

/** Attempts before giving up when places keep being taken by others at the same moment. */
const MAX_ATTEMPTS = 20

/**
 * Inserts a record only while fewer than `limit` of its scope are active, exactly, however many requests arrive at
 * once and on however many processes: each active record holds a numbered place (`limitSlot`, unique under
 * `LIMIT_SLOT_INDEX` of models/limit-slot.ts, cleared by the write that ends the record), and a new
 * one takes the lowest place no active record holds. Requests racing for the last place all try the same number,
 * the unique index lets one in, and the others read again and find the scope full; a refusal is only ever given
 * when a read found `limit` active records, so no one is refused while there is room.
 *
 * Active records from before places existed (no `limitSlot`) count toward the limit: the place taken is then lower
 * than `limit` minus their number, which still bounds the active records by `limit`.
 *
 * A place still held by a record that no longer counts (a path that ended it without clearing `limitSlot`) is
 * skipped: a number refused as taken while the read found room is not tried again by this request, so such a
 * place wastes a number but never blocks the scope. The count read, not the numbers, decides the refusal.
 *
 * - `active` reads the scope's active records (their `limitSlot`);
 * - `insert` writes the record with the place given; a duplicate-key error means another took that place (or the
 *   record itself, for an upsert) and the read is repeated;
 * - `full` is the refusal when the scope is full.
 */
export async function insertWithinLimit<T>(args: {
  scope: string
  limit: number
  active: () => Promise<Array<{ limitSlot?: string | null }>>
  insert: (limitSlot: string) => Promise<T>
  full: () => Error
}): Promise<T> {
  const refused = new Set<string>()
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const records = await args.active()
    if (records.length >= args.limit) throw args.full()
    const taken = new Set(records.map((r) => r.limitSlot).filter((s): s is string => typeof s === 'string'))
    let n = 0
    while (taken.has(`${args.scope}#${n}`) || refused.has(`${args.scope}#${n}`)) n++
    const slot = `${args.scope}#${n}`
    try {
      return await args.insert(slot)
    } catch (err) {
      if (!isDuplicateKey(err)) throw err
      refused.add(slot)
    }
  }
  throw new AppError(409, ErrorCode.SubmissionInProgress, '同时提交的人太多，请稍候再试', true, {
    retryAfterSeconds: 2,
  })
}
