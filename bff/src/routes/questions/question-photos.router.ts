import Router from '@koa/router'
import { z } from 'zod'
import { ObjectIdSchema, QUESTION_PHOTO_MAX_BYTES } from '@cunwu/domain'
import type { AppDeps } from '../../deps'
import { readUpload } from '../../lib/upload'
import { auth, optionalAuth } from '../../middlewares/auth'
import { inputOf, validate } from '../../middlewares/validate'
import { presentQuestionPhoto } from '../../presenters/question.presenter'
import { actorOf, currentUser } from '../actor'
import { publicBase } from '../request-base'

const OnQuestion = { params: z.object({ id: ObjectIdSchema }) }
const OnePhoto = { params: z.object({ id: ObjectIdSchema, photoId: ObjectIdSchema }) }
const ForCheck = {
  params: z.object({ photoId: ObjectIdSchema }),
  query: z.object({ token: z.string().min(16).max(64) }),
}
const PHOTO_POLICY = { maxBytes: QUESTION_PHOTO_MAX_BYTES, types: ['image/jpeg', 'image/png'] as const }

/** Photos of questions and objections (docs/questions.md): upload, the check's download, viewing. */
export function questionPhotosRouter(deps: AppDeps): Router {
  const router = new Router()
  const requireAuth = auth(() => deps.services().auth)
  const maybeAuth = optionalAuth(() => deps.services().auth)
  const svc = () => deps.services().questionPhotos

  router.post('/questions/:id/photos', requireAuth, validate(OnQuestion), async function addPhoto(ctx) {
    const { id } = inputOf(ctx, OnQuestion).params
    const file = await readUpload(ctx, PHOTO_POLICY)
    const photo = await svc().add(id, file, currentUser(ctx), publicBase(ctx), actorOf(ctx))
    ctx.status = 201
    ctx.body = presentQuestionPhoto(photo)
  })

  // WeChat downloads the photo it checks from here: no sign-in, the photo's random token instead.
  router.get('/question-photos/:photoId/media', validate(ForCheck), async function photoForCheck(ctx) {
    const { params, query } = inputOf(ctx, ForCheck)
    const photo = await svc().mediaForCheck(params.photoId, query.token)
    ctx.set('Cache-Control', 'no-store')
    ctx.type = photo.contentType
    ctx.body = photo.data
  })

  router.get('/questions/:id/photos/:photoId', maybeAuth, validate(OnePhoto), async function getPhoto(ctx) {
    const { id, photoId } = inputOf(ctx, OnePhoto).params
    const { question, viewer } = await deps.services().questions.get(id, ctx.state.auth?.user ?? null)
    const photo = await svc().file(viewer, question._id, photoId)
    ctx.set('Cache-Control', viewer.kind === 'public' ? 'public, max-age=3600' : 'private, no-store')
    ctx.type = photo.contentType
    ctx.body = photo.data
  })
  return router
}
