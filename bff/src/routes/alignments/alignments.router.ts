import Router from '@koa/router'
import {
  AlignmentParamsSchema,
  AlignmentVerifySchema,
  ComplianceParamsSchema,
  ComplianceBoardQuerySchema,
  ComplianceQuerySchema,
  DisclosureParamsSchema,
  isPublicDisclosureStatus,
} from '@cunwu/domain'
import type { Context } from 'koa'
import type { AppDeps } from '../../deps'
import { notFound } from '../../errors'
import { auth, authorize, fromParam, optionalAuth } from '../../middlewares/auth'
import type { RegionResolver } from '../../middlewares/auth'
import { inputOf, validate } from '../../middlewares/validate'
import type { Alignment } from '../../models/Alignment.model'
import type { HouseholdAlignmentView } from '../../models/household-alignment-views'
import { mayActIn } from '../../policies/region.policy'
import { presentAlignment } from '../../presenters/alignment.presenter'
import { presentCompliance } from '../../presenters/compliance.presenter'
import { catalogItemOf } from '../../services/catalog.service'
import { actorOf, currentUser } from '../actor'

const ById = { params: AlignmentParamsSchema }
const Verify = { params: AlignmentParamsSchema, body: AlignmentVerifySchema }
const OfDisclosure = { params: DisclosureParamsSchema }
const Compliance = { params: ComplianceParamsSchema, query: ComplianceQuerySchema }
const Board = { params: ComplianceParamsSchema, query: ComplianceBoardQuerySchema }

/** Alignments (public badge detail, staff drill-down, township verification) and the compliance dashboard. */
export function alignmentsRouter(deps: AppDeps): Router {
  const router = new Router()
  const requireAuth = auth(() => deps.services().auth)
  const maybeAuth = optionalAuth(() => deps.services().auth)
  const svc = () => deps.services().alignments
  const alignmentVillage: RegionResolver = (ctx) => svc().regionOf(inputOf(ctx, ById).params.id)
  const staff = ['secretary', 'township', 'county', 'admin'] as const
  const officers = ['township', 'county', 'admin'] as const

  async function present(
    ctx: Context,
    a: Alignment,
    audience: 'public' | 'staff',
    household: HouseholdAlignmentView | null = null,
  ) {
    // A household's own differences are for that reader alone.
    ctx.set('Cache-Control', household ? 'private, no-cache' : 'no-cache')
    ctx.body = presentAlignment(a, catalogItemOf(a.catalogItemId), {
      audience,
      ...(await svc().context(a)),
      household,
    })
  }

  router.get(
    '/disclosures/:id/alignment',
    maybeAuth,
    validate(OfDisclosure),
    async function disclosureAlignment(ctx) {
      const d = await deps.services().disclosures.load(inputOf(ctx, OfDisclosure).params.id)
      const user = ctx.state.auth?.user
      const isStaff = !!user && mayActIn(user.roles, staff, d.regionCode)
      if (!isStaff && !isPublicDisclosureStatus(d.status)) throw notFound('公开内容')
      const a = await svc().forDisclosure(d)
      if (!a) throw notFound('对照结果')
      // A signed-in household is also told of the differences on its own rows (docs/households.md).
      const household =
        user && !isStaff ? await deps.services().householdAlignments.forUser(user._id, a) : null
      await present(ctx, a, isStaff ? 'staff' : 'public', household)
    },
  )

  router.get(
    '/alignments/:id',
    requireAuth,
    validate(ById),
    authorize(staff, alignmentVillage),
    async function getAlignment(ctx) {
      await present(ctx, await svc().load(inputOf(ctx, ById).params.id), 'staff')
    },
  )

  router.post(
    '/alignments/:id/verify',
    requireAuth,
    validate(Verify),
    authorize(['township', 'county'], alignmentVillage),
    async function verify(ctx) {
      const { params, body } = inputOf(ctx, Verify)
      await present(
        ctx,
        await deps.services().alignmentVerifications.verify(params.id, body, currentUser(ctx), actorOf(ctx)),
        'staff',
      )
    },
  )

  router.get(
    '/regions/:code/compliance',
    requireAuth,
    validate(Board),
    authorize(officers, fromParam('code')),
    async function compliance(ctx) {
      const { params, query } = inputOf(ctx, Board)
      ctx.set('Cache-Control', 'no-store')
      const now = deps.services().clock.now()
      const period = query.period ?? deps.services().compliance.defaultYear(now)
      // Open cross-village findings by kind for each child (docs/cross-checks.md), for staff who may see them.
      const crossChecks = (children: string[]) =>
        deps.services().crossChecks.countsByChild(params.code, period, children, currentUser(ctx))
      ctx.body = presentCompliance(
        await deps.services().compliance.dashboard(params.code, period, now, crossChecks),
      )
    },
  )

  router.get(
    '/regions/:code/compliance.xlsx',
    requireAuth,
    validate(Compliance),
    authorize(officers, fromParam('code')),
    async function complianceExport(ctx) {
      const { params, query } = inputOf(ctx, Compliance)
      const checks = await deps
        .services()
        .crossChecks.openByVillageItem(params.code, query.period, currentUser(ctx))
      const file = await deps
        .services()
        .complianceExport.workbook(params.code, query.period, deps.services().clock.now(), checks)
      ctx.set('Cache-Control', 'no-store')
      ctx.set('Content-Disposition', `attachment; filename="${file.filename}"`)
      ctx.type = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
      ctx.body = file.data
    },
  )
  return router
}
