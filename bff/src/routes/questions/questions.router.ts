import Router from '@koa/router'
import { z } from 'zod'
import {
  DivisionCodeSchema,
  ObjectIdSchema,
  QuestionCorrectionSchema,
  QuestionCreateSchema,
  QuestionParamsSchema,
  QuestionPublishSchema,
  QuestionReplySchema,
  QuestionUnpublishSchema,
  QUESTION_TEXT_MAX,
  ErrorCode,
  textLength,
} from '@cunwu/domain'
import type { Context, Middleware } from 'koa'
import { AppError } from '../../errors'
import type { AppDeps } from '../../deps'
import { auth, authorize, fromParam, optionalAuth } from '../../middlewares/auth'
import { submissionGuard } from '../../middlewares/submissions'
import { inputOf, validate } from '../../middlewares/validate'
import { presentQuestion } from '../../presenters/question.presenter'
import { actorOf, currentUser } from '../actor'
import { questionPhotosRouter } from './question-photos.router'

const OnDisclosure = { params: z.object({ id: ObjectIdSchema }) }
const Ask = { params: OnDisclosure.params, body: QuestionCreateSchema }
const ById = { params: QuestionParamsSchema }
const Reply = { params: QuestionParamsSchema, body: QuestionReplySchema }
const Correction = { params: QuestionParamsSchema, body: QuestionCorrectionSchema }
const Publish = { params: QuestionParamsSchema, body: QuestionPublishSchema }
const Unpublish = { params: QuestionParamsSchema, body: QuestionUnpublishSchema }
const InRegion = { params: z.object({ code: DivisionCodeSchema }) }
const ASKER = { kind: 'asker' } as const

/**
 * Text over the limit is a well-formed request the server will not take: 422 with a plain message (the shared
 * schema's own max would answer 400 like any malformed body).
 */
const textWithinLimit: Middleware = async (ctx, next) => {
  const body: unknown = ctx.request.body
  const text = typeof body === 'object' && body !== null && 'text' in body ? body.text : undefined
  // Counted as kept, an emoji as one: the one count (textLength; docs/api.md, "Typed text").
  if (typeof text === 'string' && textLength(text) > QUESTION_TEXT_MAX) {
    const message = `留言不能超过${QUESTION_TEXT_MAX}字`
    throw new AppError(422, ErrorCode.ValidationError, message, true, { 'body.text': message })
  }
  await next()
}

/** Questions and objections on disclosures (回应关切); rules in docs/questions.md. */
export function questionsRouter(deps: AppDeps): Router {
  const router = new Router()
  const requireAuth = auth(() => deps.services().auth)
  const maybeAuth = optionalAuth(() => deps.services().auth)
  const svc = () => deps.services().questions
  const now = () => deps.services().clock.now()
  const userOf = (ctx: Context) => ctx.state.auth?.user ?? null

  router.post(
    '/disclosures/:id/questions',
    requireAuth,
    textWithinLimit,
    validate(Ask),
    submissionGuard('question.ask', () => deps.services().models),
    async function askQuestion(ctx) {
      const { params, body } = inputOf(ctx, Ask)
      const q = await svc().ask(params.id, body, currentUser(ctx), actorOf(ctx))
      ctx.status = 201
      ctx.body = presentQuestion(q, 'asker', now())
    },
  )

  router.get(
    '/disclosures/:id/questions',
    maybeAuth,
    validate(OnDisclosure),
    async function listQuestions(ctx) {
      const list = await svc().listForDisclosure(inputOf(ctx, OnDisclosure).params.id, userOf(ctx))
      const photos = await deps.services().questionPhotos.forThreads(list)
      const at = now()
      ctx.body = {
        questions: list.map(({ question, viewer }) =>
          presentQuestion(question, viewer.kind, at, photos.get(question._id.toHexString())),
        ),
      }
    },
  )

  router.get('/me/questions', requireAuth, async function myQuestions(ctx) {
    const mine = (await svc().mine(currentUser(ctx))).map((question) => ({ question, viewer: ASKER }))
    const photos = await deps.services().questionPhotos.forThreads(mine)
    const at = now()
    ctx.body = {
      questions: mine.map(({ question }) =>
        presentQuestion(question, 'asker', at, photos.get(question._id.toHexString())),
      ),
    }
  })

  router.get('/questions/:id', maybeAuth, validate(ById), async function getQuestion(ctx) {
    const thread = await svc().get(inputOf(ctx, ById).params.id, userOf(ctx))
    const photos = await deps.services().questionPhotos.forThreads([thread])
    ctx.body = presentQuestion(
      thread.question,
      thread.viewer.kind,
      now(),
      photos.get(thread.question._id.toHexString()),
    )
  })

  router.post(
    '/questions/:id/reply',
    requireAuth,
    textWithinLimit,
    validate(Reply),
    async function replyQuestion(ctx) {
      const { params, body } = inputOf(ctx, Reply)
      ctx.body = presentQuestion(
        await svc().reply(params.id, body, currentUser(ctx), actorOf(ctx)),
        'staff',
        now(),
      )
    },
  )

  router.post(
    '/questions/:id/correction',
    requireAuth,
    validate(Correction),
    async function startCorrection(ctx) {
      const { params, body } = inputOf(ctx, Correction)
      const { question, disclosure } = await svc().startCorrection(
        params.id,
        body.changeNote,
        currentUser(ctx),
        actorOf(ctx),
      )
      ctx.status = 201
      ctx.body = {
        question: presentQuestion(question, 'staff', now()),
        disclosureId: disclosure._id.toHexString(),
        version: disclosure.version,
      }
    },
  )

  // Public Q&A: published with the asker's consent and wording free of a minor's details; withdrawn with a reason.
  const publication = () => deps.services().questionPublication
  router.post('/questions/:id/publish', requireAuth, validate(Publish), async function publishQuestion(ctx) {
    const { params, body } = inputOf(ctx, Publish)
    const q = await publication().publish(params.id, body, currentUser(ctx), actorOf(ctx))
    ctx.body = presentQuestion(q, 'staff', now())
  })

  router.post(
    '/questions/:id/unpublish',
    requireAuth,
    validate(Unpublish),
    async function unpublishQuestion(ctx) {
      const { params, body } = inputOf(ctx, Unpublish)
      const q = await publication().unpublish(params.id, body.reason, currentUser(ctx), actorOf(ctx))
      ctx.body = presentQuestion(q, 'staff', now())
    },
  )

  // Township and county views: open threads overdue first, and the median answer time per village.
  router.get(
    '/regions/:code/questions',
    requireAuth,
    validate(InRegion),
    authorize(['secretary', 'township', 'county', 'admin'], fromParam('code')),
    async function regionQuestions(ctx) {
      const { open, medians } = await deps
        .services()
        .questionOverview.overview(inputOf(ctx, InRegion).params.code)
      const at = now()
      ctx.body = { open: open.map((q) => presentQuestion(q, 'staff', at)), medians }
    },
  )
  const photos = questionPhotosRouter(deps)
  router.use(photos.routes())
  return router
}
