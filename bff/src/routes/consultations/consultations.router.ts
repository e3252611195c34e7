import Router from '@koa/router'
import { z } from 'zod'
import {
  ConsultationAnswerSchema,
  ConsultationCreateSchema,
  ConsultationParamsSchema,
  ConsultationSummarySchema,
  DivisionCodeSchema,
} from '@cunwu/domain'
import type { AppDeps } from '../../deps'
import { auth, authorize, fromParam } from '../../middlewares/auth'
import { submissionGuard } from '../../middlewares/submissions'
import { inputOf, validate } from '../../middlewares/validate'
import {
  presentConsultation,
  presentMine,
  presentParticipants,
  presentParticipation,
  presentTally,
} from '../../presenters/consultation.presenter'
import { actorOf, currentUser } from '../actor'

const InVillage = { params: z.object({ code: DivisionCodeSchema }) }
const Open = { params: InVillage.params, body: ConsultationCreateSchema }
const ById = { params: ConsultationParamsSchema }
const Answer = { params: ConsultationParamsSchema, body: ConsultationAnswerSchema }
const Summary = { params: ConsultationParamsSchema, body: ConsultationSummarySchema }

/** Consultations and polls (征求意见 / 民意调查); rules in docs/consultations.md. */
export function consultationsRouter(deps: AppDeps): Router {
  const router = new Router()
  const requireAuth = auth(() => deps.services().auth)
  const svc = () => deps.services().consultations
  const now = () => deps.services().clock.now()

  router.post(
    '/villages/:code/consultations',
    requireAuth,
    validate(Open),
    authorize(['secretary', 'township'], fromParam('code')),
    submissionGuard('consultation.open', () => deps.services().models),
    async function openConsultation(ctx) {
      const { params, body } = inputOf(ctx, Open)
      const c = await svc().open(params.code, body, currentUser(ctx), actorOf(ctx))
      ctx.status = 201
      ctx.body = presentConsultation(c, now())
    },
  )

  // Members of the village (including those away from it) and staff covering it; the service checks membership.
  router.get(
    '/villages/:code/consultations',
    requireAuth,
    validate(InVillage),
    async function listConsultations(ctx) {
      const list = await svc().list(inputOf(ctx, InVillage).params.code, currentUser(ctx))
      const at = now()
      ctx.body = { consultations: list.map((c) => presentConsultation(c, at)) }
    },
  )

  router.get('/consultations/:id', requireAuth, validate(ById), async function getConsultation(ctx) {
    ctx.body = presentConsultation(await svc().get(inputOf(ctx, ById).params.id, currentUser(ctx)), now())
  })

  router.get(
    '/consultations/:id/mine',
    requireAuth,
    validate(ById),
    async function myConsultationAnswers(ctx) {
      const { entitlements } = await svc().mine(inputOf(ctx, ById).params.id, currentUser(ctx))
      ctx.body = presentMine(entitlements)
    },
  )

  router.post(
    '/consultations/:id/answers',
    requireAuth,
    validate(Answer),
    async function answerConsultation(ctx) {
      const { params, body } = inputOf(ctx, Answer)
      const saved = await svc().answer(params.id, body, currentUser(ctx), actorOf(ctx))
      ctx.status = saved.revisions > 1 ? 200 : 201
      ctx.body = {
        householdNo: saved.householdNo,
        name: saved.name,
        via: saved.via,
        replaced: saved.revisions > 1,
      }
    },
  )

  router.get('/consultations/:id/tally', requireAuth, validate(ById), async function consultationTally(ctx) {
    ctx.body = presentTally((await svc().tally(inputOf(ctx, ById).params.id, currentUser(ctx))).tally)
  })

  router.get(
    '/consultations/:id/participants',
    requireAuth,
    validate(ById),
    async function consultationParticipants(ctx) {
      const { consultation, answers, comments, openAnswers, textsHeld } = await svc().participants(
        inputOf(ctx, ById).params.id,
        currentUser(ctx),
      )
      ctx.body = presentParticipants(consultation, answers, comments, openAnswers, textsHeld)
    },
  )

  router.post(
    '/consultations/:id/summary',
    requireAuth,
    validate(Summary),
    // A second tap while the first still drafts is told so (409 submission_in_progress), not that it conflicts.
    submissionGuard('consultation.summary', () => deps.services().models),
    async function publishSummary(ctx) {
      const { params, body } = inputOf(ctx, Summary)
      const { consultation, disclosure } = await deps
        .services()
        .consultationSummary.publish(params.id, body, currentUser(ctx), actorOf(ctx))
      ctx.status = 201
      ctx.body = {
        consultation: presentConsultation(consultation, now()),
        disclosureId: disclosure._id.toHexString(),
        disclosureStatus: disclosure.status,
      }
    },
  )

  // The township dashboard: consultations and participation per village of the region.
  router.get(
    '/regions/:code/consultations/participation',
    requireAuth,
    validate(InVillage),
    authorize(['township', 'county', 'admin'], fromParam('code')),
    async function consultationParticipation(ctx) {
      ctx.body = presentParticipation(
        await deps.services().consultationTallies.participation(inputOf(ctx, InVillage).params.code),
      )
    },
  )
  return router
}
