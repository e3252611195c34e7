import { Types } from 'mongoose'
import { ErrorCode } from '@cunwu/domain'
import { AppError, conflict } from '../errors'
import { claimBusy, claimHeld, heldClaim } from '../lib/claims'
import type { Models } from '../models'
import type { Claim } from '../models/claim'
import type { TableImport } from '../models/TableImport.model'
import { rowsInvalidFor, schemaOf } from './table-import-checks.service'

/**
 * Refuses to apply an import that is not ready: 409 while it runs, while another apply holds it (it may yet fail and
 * give it back: 409 `submission_in_progress`, Retry-After 2) or once used, 422 with its errors if it failed.
 */
export function assertReady(doc: TableImport): void {
  if (doc.status === 'processing')
    throw conflict('还在检查表格，请等检查完成后再导入', ErrorCode.InvalidTransition)
  if (doc.status === 'applied' && claimHeld(doc.applyClaim))
    throw claimBusy('这份表格正在由其他人导入，请稍候再看')
  if (doc.status === 'applied') throw conflict('该导入已使用', ErrorCode.InvalidTransition)
  if (doc.status === 'failed') {
    if (doc.errorCount > 0) throw rowsInvalidFor(doc, schemaOf(doc), doc.cellErrors, doc.errorCount)
    throw new AppError(422, ErrorCode.UnprocessableEntity, doc.failure ?? '文件没有读成功，请重新上传')
  }
}

/**
 * Applies a ready import once: the import is claimed (`ready` → `applied` with `applyClaim`, one conditional write on
 * the check run it was read at; lib/claims.ts) before `write` writes anything, so of applies sent at once exactly one
 * writes and the others answer as the import now stands: 409 `submission_in_progress` (请稍候再看) while the write
 * runs, 409 该导入已使用 once it is done. If `write` fails (rows refused now, a draft that exists, the database),
 * the claim is given back and the import can be applied again; a process that stops between the claim and the end of
 * the write leaves the import used (its claim lapses after CLAIM_LEASE_MS; upload the file again if nothing was
 * written).
 */
export async function applyOnce<T>(
  models: Pick<Models, 'TableImport'>,
  doc: TableImport,
  by: Types.ObjectId,
  write: () => Promise<T>,
): Promise<T> {
  assertReady(doc)
  const claim: Claim = { token: new Types.ObjectId(), by, at: new Date() }
  const claimed = await models.TableImport.updateOne(
    { _id: doc._id, run: doc.run, status: 'ready' },
    { $set: { status: 'applied', applyClaim: claim } },
  )
  if (claimed.modifiedCount !== 1) {
    const now = await models.TableImport.findById(doc._id).lean()
    if (now) assertReady(now)
    // Checked again (remapped) meanwhile, or gone: what was read is no longer what would be applied.
    throw conflict('导入的表格刚刚改过，请重新查看后再导入', ErrorCode.InvalidTransition)
  }
  let result: T
  try {
    result = await write()
  } catch (err) {
    // Given back; should that fail too, the write's own failure is the one to answer.
    await models.TableImport.updateOne(
      { _id: doc._id, run: doc.run, status: 'applied', ...heldClaim('applyClaim', claim.token) },
      { $set: { status: 'ready', applyClaim: null } },
    ).catch(() => undefined)
    throw err
  }
  // Used for good: from now on a repeat is told 该导入已使用 (should this write fail, the claim lapses to the same).
  await models.TableImport.updateOne(
    { _id: doc._id, ...heldClaim('applyClaim', claim.token) },
    { $set: { applyClaim: null } },
  ).catch(() => undefined)
  return result
}
