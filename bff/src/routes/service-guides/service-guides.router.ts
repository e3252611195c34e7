import Router from '@koa/router'
import {
  ServiceGuideGetSchema,
  ServiceGuideListSchema,
  ServiceGuideNoteRemoveSchema,
  ServiceGuideNoteSetSchema,
  ServiceGuidePosterSchema,
  guidePagePath,
  ServiceGuideUpdateSchema,
  writeGuideSpeechScript,
} from '@cunwu/domain'
import type { SpeechDto } from '@cunwu/domain'
import type { AppDeps } from '../../deps'
import { unauthorized } from '../../errors'
import { auth, authorize, fromParam } from '../../middlewares/auth'
import { inputOf, validate } from '../../middlewares/validate'
import { presentServiceGuide, presentServiceGuideSummary } from '../../presenters/service-guide.presenter'
import { posterSlots, posterWorkers } from '../../posters/poster-workers'
import { attachmentHeader } from '../../presenters/open-data.presenter'
import { publicBase } from '../request-base'
import { actorOf } from '../actor'
import type { Context } from 'koa'

const List = ServiceGuideListSchema
const Get = ServiceGuideGetSchema
const Update = ServiceGuideUpdateSchema
const NoteSet = ServiceGuideNoteSetSchema
const NoteRemove = ServiceGuideNoteRemoveSchema
const Poster = ServiceGuidePosterSchema

/** The signed-in actor, with its user id (the routes that write run after `auth()`). */
function signedInActor(ctx: Context) {
  const actor = actorOf(ctx)
  if (!actor.userId) throw unauthorized()
  return { ...actor, userId: actor.userId }
}

/**
 * 办事指南 (`docs/service-guides.md`): anyone reads a region's guides (the county's text, the township's and
 * village's notes, the region's related disclosures); county staff edit the text; township and village staff
 * keep their local notes.
 */
export function serviceGuidesRouter(deps: AppDeps): Router {
  const router = new Router()
  const svc = () => deps.services().serviceGuides
  const requireAuth = auth(() => deps.services().auth)

  router.get('/regions/:code/service-guides', validate(List), async function listGuides(ctx) {
    const { code } = inputOf(ctx, List).params
    ctx.body = { guides: (await svc().list(code)).map(presentServiceGuideSummary) }
  })

  router.get('/regions/:code/service-guides/:guideId', validate(Get), async function getGuide(ctx) {
    const { code, guideId } = inputOf(ctx, Get).params
    ctx.body = presentServiceGuide(await svc().get(code, guideId))
  })

  router.get(
    '/regions/:code/service-guides/:guideId/poster.pdf',
    validate(Poster),
    async function guidePoster(ctx) {
      const { params, query } = inputOf(ctx, Poster)
      // One of the process's poster slots from the first step (429 beyond them); HEAD draws nothing.
      const release = ctx.method === 'HEAD' ? null : posterSlots.take()
      try {
        const guide = presentServiceGuide(await svc().get(params.code, params.guideId))
        const link = `${publicBase(ctx)}${guidePagePath(guide.id, params.code)}`
        const pdf = release
          ? await posterWorkers.draw(
              { kind: 'guide', guide, options: { size: query.size, link, printedAt: new Date() } },
              deps.logger,
            )
          : null
        ctx.type = 'application/pdf'
        ctx.set('Cache-Control', 'no-store')
        ctx.set(
          'Content-Disposition',
          attachmentHeader(`办事指南-${guide.content.name}.pdf`, `guide-${guide.id}.pdf`),
        )
        if (pdf) ctx.body = pdf
        else ctx.status = 200
      } finally {
        release?.()
      }
    },
  )

  // 读给我听 for a guide: the same synthesiser and audio cache as the disclosures' (`docs/speech.md`).
  router.get('/regions/:code/service-guides/:guideId/speech', validate(Get), async function guideSpeech(ctx) {
    const { code, guideId } = inputOf(ctx, Get).params
    const text = writeGuideSpeechScript(presentServiceGuide(await svc().get(code, guideId)))
    const audio = await deps.services().speech.speak(text)
    const body: SpeechDto = {
      text,
      audioUrl: `/api/v1/speech/${audio.file}`,
      contentType: audio.contentType,
      durationMs: audio.durationMs,
      hasList: false,
    }
    ctx.set('Cache-Control', 'no-cache')
    ctx.body = body
  })

  router.put(
    '/regions/:code/service-guides/:guideId',
    requireAuth,
    validate(Update),
    authorize(['county', 'admin'], fromParam('code')),
    async function updateGuide(ctx) {
      const { params, body } = inputOf(ctx, Update)
      const guide = await svc().update(
        signedInActor(ctx),
        params.code,
        params.guideId,
        body.content,
        body.baseVersion,
      )
      ctx.body = presentServiceGuide(guide)
    },
  )

  router.put(
    '/regions/:code/service-guides/:guideId/note',
    requireAuth,
    validate(NoteSet),
    authorize(['secretary', 'township', 'county', 'admin'], fromParam('code')),
    async function setGuideNote(ctx) {
      const { params, body } = inputOf(ctx, NoteSet)
      ctx.body = presentServiceGuide(
        await svc().setNote(signedInActor(ctx), params.code, params.guideId, body),
      )
    },
  )

  router.delete(
    '/regions/:code/service-guides/:guideId/note',
    requireAuth,
    validate(NoteRemove),
    authorize(['secretary', 'township', 'county', 'admin'], fromParam('code')),
    async function removeGuideNote(ctx) {
      const { params } = inputOf(ctx, NoteRemove)
      await svc().removeNote(actorOf(ctx), params.code, params.guideId)
      ctx.status = 204
    },
  )
  return router
}
