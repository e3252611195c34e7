import type { Context, Middleware } from 'koa'
import { ErrorCode } from '@cunwu/domain'
import type { AppDeps } from '../../deps'
import { AppError } from '../../errors'
import { ImportSlot } from '../../imports/table-import-slots'
import { currentUser } from '../actor'

/**
 * Holds an import slot for the signed-in person while the request runs (and, for an upload, while its background
 * check runs: the handler hands the slot to the service). Taken before the upload is read, so a refused request
 * costs nothing; refused with 429 too_many_imports and Retry-After. `needed` says whether this request parses a
 * file at all (applying a staged roster does not).
 */
export function holdImportSlot(deps: AppDeps, needed: (ctx: Context) => boolean = () => true): Middleware {
  return async function holdImportSlotMiddleware(ctx, next) {
    if (!needed(ctx)) return next()
    const imports = deps.services().tableImports
    let slot: ImportSlot
    try {
      slot = await imports.reserveSlot(currentUser(ctx)._id.toHexString())
    } catch (err) {
      if (err instanceof AppError && err.code === ErrorCode.TooManyImports) {
        ctx.set('Retry-After', String(imports.slots.limits.retryAfterSeconds))
      }
      throw err
    }
    ctx.state.importSlot = slot
    try {
      await next()
    } finally {
      // Does nothing once the slot was handed to a background check.
      await slot.release()
    }
  }
}

/** The slot holdImportSlot took for this request, to hand to a background check. */
export function importSlotOf(ctx: Context): ImportSlot | null {
  const slot: unknown = ctx.state.importSlot
  return slot instanceof ImportSlot ? slot : null
}
