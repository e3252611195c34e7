import Router from '@koa/router'
import {
  DecisionCreateSchema,
  DecisionListQuerySchema,
  DecisionParamsSchema,
  DecisionResultsSchema,
  DecisionStepRecordSchema,
  VillageParamsSchema,
} from '@cunwu/domain'
import type { AppDeps } from '../../deps'
import { auth, authorize, fromParam } from '../../middlewares/auth'
import type { RegionResolver } from '../../middlewares/auth'
import { submissionGuard } from '../../middlewares/submissions'
import { inputOf, validate } from '../../middlewares/validate'
import { presentDecision } from '../../presenters/decision.presenter'
import { actorOf, currentUser } from '../actor'

const Create = { params: VillageParamsSchema, body: DecisionCreateSchema }
const List = { params: VillageParamsSchema, query: DecisionListQuerySchema }
const ById = { params: DecisionParamsSchema }
const Step = { params: DecisionParamsSchema, body: DecisionStepRecordSchema }
const Results = { params: DecisionParamsSchema, body: DecisionResultsSchema }

/**
 * 四议两公开 decisions (docs/decisions.md): the village secretary opens and records them; the village's members and
 * the staff covering it read them (one view: counts, never names).
 */
export function decisionsRouter(deps: AppDeps): Router {
  const router = new Router()
  const requireAuth = auth(() => deps.services().auth)
  const svc = () => deps.services().decisions
  const decisionVillage: RegionResolver = (ctx) => svc().regionOf(inputOf(ctx, ById).params.id)
  const readers = ['villager', 'secretary', 'township', 'county', 'admin'] as const

  router.post(
    '/villages/:code/decisions',
    requireAuth,
    validate(Create),
    authorize(['secretary'], fromParam('code')),
    submissionGuard('decision.create', () => deps.services().models),
    async function createDecision(ctx) {
      const { params, body } = inputOf(ctx, Create)
      const decision = await svc().create(params.code, body, currentUser(ctx), actorOf(ctx))
      ctx.status = 201
      ctx.body = presentDecision({
        decision,
        resolutionDisclosure: null,
        resultsDisclosure: null,
        money: null,
      })
    },
  )

  router.get(
    '/villages/:code/decisions',
    requireAuth,
    validate(List),
    authorize(readers, fromParam('code')),
    async function listDecisions(ctx) {
      const { params, query } = inputOf(ctx, List)
      const { decisions, page } = await svc().list(params.code, query)
      ctx.body = { decisions: decisions.map(presentDecision), page }
    },
  )

  router.get(
    '/decisions/:id',
    requireAuth,
    validate(ById),
    authorize(readers, decisionVillage),
    async function getDecision(ctx) {
      ctx.body = presentDecision(await svc().detail(inputOf(ctx, ById).params.id))
    },
  )

  router.post(
    '/decisions/:id/steps',
    requireAuth,
    validate(Step),
    authorize(['secretary'], decisionVillage),
    async function recordStep(ctx) {
      const { params, body } = inputOf(ctx, Step)
      await svc().recordStep(params.id, body, currentUser(ctx), actorOf(ctx))
      ctx.status = 201
      ctx.body = presentDecision(await svc().detail(params.id))
    },
  )

  // Repeats 决议公开 when recording the resolution could not finish it (the step itself stays recorded).
  router.post(
    '/decisions/:id/resolution-disclosure',
    requireAuth,
    validate(ById),
    authorize(['secretary'], decisionVillage),
    submissionGuard('decision.resolution', () => deps.services().models),
    async function publishResolution(ctx) {
      const { params } = inputOf(ctx, ById)
      await svc().publishResolution(params.id, currentUser(ctx), actorOf(ctx))
      ctx.body = presentDecision(await svc().detail(params.id))
    },
  )

  router.post(
    '/decisions/:id/results',
    requireAuth,
    validate(Results),
    authorize(['secretary'], decisionVillage),
    // A second tap while the first still drafts is told so (409 submission_in_progress), not that it conflicts.
    submissionGuard('decision.results', () => deps.services().models),
    async function publishResults(ctx) {
      const { params, body } = inputOf(ctx, Results)
      await svc().publishResults(params.id, body, currentUser(ctx), actorOf(ctx))
      ctx.status = 201
      ctx.body = presentDecision(await svc().detail(params.id))
    },
  )

  return router
}
