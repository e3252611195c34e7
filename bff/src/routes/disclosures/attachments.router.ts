import Router from '@koa/router'
import { z } from 'zod'
import {
  AttachmentWithdrawSchema,
  DisclosureRevisionQuerySchema,
  isPublicDisclosureStatus,
  ObjectIdSchema,
  RETRACTING_ROLES,
  redactSensitiveNumbers,
} from '@cunwu/domain'
import type { AppDeps } from '../../deps'
import { notFound } from '../../errors'
import { readUpload } from '../../lib/upload'
import { auth, authorize, optionalAuth } from '../../middlewares/auth'
import type { RegionResolver } from '../../middlewares/auth'
import type { Context } from 'koa'
import { inputOf, validate } from '../../middlewares/validate'
import { actorOf } from '../actor'

const ById = { params: z.object({ id: ObjectIdSchema }) }
const ByFile = { params: z.object({ id: ObjectIdSchema, fileId: ObjectIdSchema }) }
const Withdraw = { ...ByFile, body: AttachmentWithdrawSchema }
/** Adding or deleting names the draft's revision the page shows: a draft saved since is 409 disclosure_stale. */
const Add = { ...ById, query: DisclosureRevisionQuerySchema }
const Remove = { ...ByFile, query: DisclosureRevisionQuerySchema }
/** Notices, photos of the board and vouchers: images and PDFs up to 10 MB. */
const ATTACHMENT_POLICY = {
  maxBytes: 10 * 1024 * 1024,
  types: ['image/jpeg', 'image/png', 'application/pdf'] as const,
}

/** Attachments of disclosures: upload to a draft, download where the disclosure may be read. */
export function attachmentsRouter(deps: AppDeps): Router {
  const router = new Router()
  const requireAuth = auth(() => deps.services().auth)
  const svc = () => deps.services().attachments
  const village: RegionResolver = (ctx) => deps.services().disclosures.regionOf(inputOf(ctx, ById).params.id)
  // For a retired village, its successor's secretary or the township above, on a draft of what it owes (checkInPlace).
  const standIns = (code: string) => deps.services().regionRetirements.standInsFor(code)
  const inPlace = (ctx: Context, id: string) => {
    const s = ctx.state.standingInFor
    return deps.services().disclosures.checkInPlace(id, s ? { from: s.from } : undefined)
  }

  router.post(
    '/disclosures/:id/attachments',
    requireAuth,
    validate(Add),
    authorize(['secretary'], village, standIns),
    async function upload(ctx) {
      await inPlace(ctx, inputOf(ctx, Add).params.id)
      const file = await readUpload(ctx, ATTACHMENT_POLICY)
      const { params, query } = inputOf(ctx, Add)
      const { id } = params
      const a = await svc().add(id, file, actorOf(ctx), query.revision)
      ctx.status = 201
      ctx.body = {
        id: a.fileId.toHexString(),
        filename: a.filename,
        contentType: a.contentType,
        size: a.size,
        url: `/api/v1/disclosures/${id}/attachments/${a.fileId.toHexString()}`,
      }
    },
  )

  router.delete(
    '/disclosures/:id/attachments/:fileId',
    requireAuth,
    validate(Remove),
    authorize(['secretary'], village, standIns),
    async function remove(ctx) {
      const { params, query } = inputOf(ctx, Remove)
      await inPlace(ctx, params.id)
      await svc().remove(params.id, params.fileId, actorOf(ctx), query.revision)
      ctx.status = 204
    },
  )

  // A file published by mistake (an ID card) is taken down by those who may retract: docs/versions.md.
  router.post(
    '/disclosures/:id/attachments/:fileId/withdraw',
    requireAuth,
    validate(Withdraw),
    authorize(RETRACTING_ROLES, village),
    async function withdraw(ctx) {
      const { params, body } = inputOf(ctx, Withdraw)
      const w = await deps
        .services()
        .attachmentWithdrawals.withdraw(params.id, params.fileId, body.reason, actorOf(ctx))
      ctx.body = { id: w.fileId.toHexString(), withdrawnAt: w.withdrawnAt.toISOString(), reason: w.reason }
    },
  )

  router.get(
    '/disclosures/:id/attachments/:fileId',
    optionalAuth(() => deps.services().auth),
    validate(ByFile),
    async function download(ctx) {
      const { id, fileId } = inputOf(ctx, ByFile).params
      const d = await deps.services().disclosures.load(id)
      // The public opens the files of a version whose content is open: not a retracted one's, withdrawn with its
      // table (docs/versions.md), which only the village's staff still open.
      const isPublic = isPublicDisclosureStatus(d.status, true)
      const staff = deps.services().disclosures.canSeeDraft(ctx.state.auth?.user, d)
      if (!isPublic && !staff) {
        // A draft the reader may not see answers as a missing item does (docs/api.md): its id is not confirmed.
        if (!isPublicDisclosureStatus(d.status)) throw notFound('公开内容')
        throw notFound('附件')
      }
      const { attachment, stream } = await svc().open(id, fileId)
      // Revalidated on every use (a file is withdrawn at once: docs/versions.md), cheaply: its id names its bytes.
      const etag = `"${attachment.fileId.toHexString()}"`
      ctx.set('ETag', etag)
      ctx.set('Cache-Control', isPublic ? 'public, no-cache' : 'private, no-store')
      if (isPublic && ctx.get('if-none-match') === etag) {
        stream.destroy()
        ctx.status = 304
        return
      }
      ctx.set('Content-Type', attachment.contentType)
      ctx.set('Content-Length', String(attachment.size))
      // The file name is shown as the list shows it: scrubbed of personal numbers like every public string.
      ctx.set(
        'Content-Disposition',
        `inline; filename*=UTF-8''${encodeURIComponent(redactSensitiveNumbers(attachment.filename))}`,
      )
      ctx.body = stream
    },
  )
  return router
}
