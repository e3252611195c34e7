import Router from '@koa/router'
import {
  CrossCheckConfirmSchema,
  CrossCheckListQuerySchema,
  CrossCheckParamsSchema,
  CrossCheckRegionParamsSchema,
  CrossCheckResolveSchema,
  CrossCheckRunSchema,
} from '@cunwu/domain'
import type { Context } from 'koa'
import type { AppDeps } from '../../deps'
import { auth } from '../../middlewares/auth'
import { inputOf, validate } from '../../middlewares/validate'
import type { CrossCheckFinding } from '../../models/CrossCheckFinding.model'
import { presentCrossCheckFinding, presentCrossCheckRun } from '../../presenters/cross-check.presenter'
import type { Viewer } from '../../services/cross-checks.service'
import { actorOf, currentUser } from '../actor'

const Run = { params: CrossCheckRegionParamsSchema, body: CrossCheckRunSchema }
const List = { params: CrossCheckRegionParamsSchema, query: CrossCheckListQuerySchema }
const RunById = { params: CrossCheckParamsSchema }
const FindingById = RunById
const Confirm = { params: CrossCheckParamsSchema, body: CrossCheckConfirmSchema }
const Resolve = { params: CrossCheckParamsSchema, body: CrossCheckResolveSchema }

/**
 * Cross-village checks (docs/cross-checks.md): county and township staff only; the service checks the region
 * before anything else. Answers are never cached.
 */
export function crossChecksRouter(deps: AppDeps): Router {
  const router = new Router()
  const requireAuth = auth(() => deps.services().auth)
  const svc = () => deps.services().crossChecks

  async function present(ctx: Context, findings: CrossCheckFinding[], viewer: Viewer) {
    const details = await svc().details(findings, viewer)
    return findings.map((f) => presentCrossCheckFinding(f, details))
  }

  router.post('/regions/:code/cross-checks/run', requireAuth, validate(Run), async function runChecks(ctx) {
    const { params, body } = inputOf(ctx, Run)
    const run = await svc().start(params.code, body, currentUser(ctx), actorOf(ctx))
    ctx.set('Cache-Control', 'no-store')
    ctx.status = 202
    ctx.body = presentCrossCheckRun(run)
  })

  router.get('/cross-check-runs/:id', requireAuth, validate(RunById), async function getRun(ctx) {
    ctx.set('Cache-Control', 'no-store')
    ctx.body = presentCrossCheckRun(await svc().loadRun(inputOf(ctx, RunById).params.id, currentUser(ctx)))
  })

  router.get('/regions/:code/cross-checks', requireAuth, validate(List), async function listFindings(ctx) {
    const { params, query } = inputOf(ctx, List)
    const { findings, viewer, page, kinds } = await svc().list(params.code, query, currentUser(ctx))
    ctx.set('Cache-Control', 'no-store')
    ctx.body = { findings: await present(ctx, findings, viewer), page, kinds }
  })

  router.get('/cross-checks/:id', requireAuth, validate(FindingById), async function getFinding(ctx) {
    const { finding, viewer } = await svc().loadFor(inputOf(ctx, FindingById).params.id, currentUser(ctx))
    ctx.set('Cache-Control', 'no-store')
    ctx.body = (await present(ctx, [finding], viewer))[0]
  })

  router.post('/cross-checks/:id/confirm', requireAuth, validate(Confirm), async function confirm(ctx) {
    const { params, body } = inputOf(ctx, Confirm)
    const { finding, viewer } = await svc().confirm(params.id, body, currentUser(ctx), actorOf(ctx))
    ctx.set('Cache-Control', 'no-store')
    ctx.body = (await present(ctx, [finding], viewer))[0]
  })

  router.post('/cross-checks/:id/resolve', requireAuth, validate(Resolve), async function resolve(ctx) {
    const { params, body } = inputOf(ctx, Resolve)
    const { finding, viewer } = await svc().resolve(params.id, body, currentUser(ctx), actorOf(ctx))
    ctx.set('Cache-Control', 'no-store')
    ctx.body = (await present(ctx, [finding], viewer))[0]
  })

  return router
}
