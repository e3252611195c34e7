import Router from '@koa/router'
import {
  DisclosurePrefillSchema,
  DivisionCodeSchema,
  GovernmentItemCreateSchema,
  GovernmentItemListQuerySchema,
  GovernmentItemParamsSchema,
  GovernmentItemRetractSchema,
  GovernmentItemUpdateSchema,
  GovernmentItemVersionSchema,
  GovernmentItemViewQuerySchema,
  VillageParamsSchema,
  findCatalogItem,
} from '@cunwu/domain'
import { z } from 'zod'
import type { AppDeps } from '../../deps'
import { notFound } from '../../errors'
import { readUpload } from '../../lib/upload'
import { auth, authorize, fromParam, optionalAuth } from '../../middlewares/auth'
import type { RegionResolver } from '../../middlewares/auth'
import { inputOf, validate } from '../../middlewares/validate'
import type { GovernmentItem } from '../../models/GovernmentItem.model'
import { mayActIn } from '../../policies/region.policy'
import { presentDisclosure } from '../../presenters/disclosure.presenter'
import { presentGovernmentItem } from '../../presenters/government-item.presenter'
import { presentTableImport } from '../../presenters/table-import.presenter'
import { catalogItemOf } from '../../services/catalog.service'
import { IMPORT_MAX_BYTES } from '../../services/table-imports.service'
import { actorOf, currentUser } from '../actor'
import { holdImportSlot, importSlotOf } from '../disclosures/table-import-slot'

const RegionParams = z.object({ code: DivisionCodeSchema })
const Create = { params: RegionParams, body: GovernmentItemCreateSchema }
const List = { params: RegionParams, query: GovernmentItemListQuerySchema }
const ById = { params: GovernmentItemParamsSchema }
const View = { params: GovernmentItemParamsSchema, query: GovernmentItemViewQuerySchema }
const Update = { params: GovernmentItemParamsSchema, body: GovernmentItemUpdateSchema }
const NewVersion = { params: GovernmentItemParamsSchema, body: GovernmentItemVersionSchema }
const Retract = { params: GovernmentItemParamsSchema, body: GovernmentItemRetractSchema }
const Prefill = { params: VillageParamsSchema, body: DisclosurePrefillSchema }
const PUBLIC_STATUSES: readonly GovernmentItem['status'][] = ['published', 'superseded', 'retracted']
/** County rosters as their systems export them: .xlsx or .csv up to 30 MB (200,000 rows). */
const SHEET_POLICY = {
  maxBytes: IMPORT_MAX_BYTES.government_item,
  types: ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'text/csv'] as const,
}

/**
 * Government items of townships and counties: drafts, Excel/CSV import (started here, then followed, corrected and
 * applied under /table-imports), publish, versions, retraction, the public view page by page; prefill.
 */
export function governmentItemsRouter(deps: AppDeps): Router {
  const router = new Router()
  const requireAuth = auth(() => deps.services().auth)
  const maybeAuth = optionalAuth(() => deps.services().auth)
  const svc = () => deps.services().governmentItems
  const itemRegion: RegionResolver = (ctx) => svc().regionOf(inputOf(ctx, ById).params.id)
  const publishers = ['township', 'county'] as const

  function staffView(g: GovernmentItem) {
    return presentGovernmentItem(g, catalogItemOf(g.catalogItemId), { audience: 'staff' })
  }

  router.post(
    '/regions/:code/government-items',
    requireAuth,
    validate(Create),
    authorize(publishers, fromParam('code')),
    async function create(ctx) {
      const { params, body } = inputOf(ctx, Create)
      ctx.status = 201
      ctx.body = staffView(await svc().create(params.code, body, currentUser(ctx), actorOf(ctx)))
    },
  )

  router.get(
    '/regions/:code/government-items',
    requireAuth,
    validate(List),
    authorize([...publishers, 'admin'], fromParam('code')),
    async function list(ctx) {
      const { params, query } = inputOf(ctx, List)
      const items = await svc().list(params.code, query)
      ctx.body = { governmentItems: items.map((g) => staffView({ ...g, rosterVillages: [] })) }
    },
  )

  router.get('/government-items/:id', maybeAuth, validate(View), async function getItem(ctx) {
    const { params, query } = inputOf(ctx, View)
    const g = await svc().load(params.id)
    const user = ctx.state.auth?.user
    const staff = !!user && mayActIn(user.roles, [...publishers, 'admin'], g.regionCode)
    if (!staff && !PUBLIC_STATUSES.includes(g.status)) throw notFound('政府公开事项')
    const item = findCatalogItem(g.catalogItemId)
    if (!item) throw notFound('公开事项')
    const page = await svc().page(g, query)
    ctx.body = presentGovernmentItem(g, item, {
      audience: staff ? 'staff' : 'public',
      village: query.village ?? null,
      page,
    })
  })

  router.patch(
    '/government-items/:id',
    requireAuth,
    validate(Update),
    authorize(publishers, itemRegion),
    async function update(ctx) {
      const { params, body } = inputOf(ctx, Update)
      ctx.body = staffView(await svc().update(params.id, body, actorOf(ctx)))
    },
  )

  router.post(
    '/government-items/:id/table-imports',
    requireAuth,
    validate(ById),
    authorize(publishers, itemRegion),
    holdImportSlot(deps),
    async function startImport(ctx) {
      const file = await readUpload(ctx, SHEET_POLICY)
      const target = { kind: 'government_item', governmentItemId: inputOf(ctx, ById).params.id } as const
      const doc = await deps
        .services()
        .tableImports.start(target, file, currentUser(ctx), actorOf(ctx), importSlotOf(ctx))
      ctx.status = 202
      ctx.body = presentTableImport(doc)
    },
  )

  router.post(
    '/government-items/:id/publish',
    requireAuth,
    validate(ById),
    authorize(publishers, itemRegion),
    async function publish(ctx) {
      ctx.body = staffView(await svc().publish(inputOf(ctx, ById).params.id, currentUser(ctx), actorOf(ctx)))
    },
  )

  router.post(
    '/government-items/:id/versions',
    requireAuth,
    validate(NewVersion),
    authorize(publishers, itemRegion),
    async function newVersion(ctx) {
      const { params, body } = inputOf(ctx, NewVersion)
      ctx.status = 201
      ctx.body = staffView(await svc().newVersion(params.id, body.changeNote, currentUser(ctx), actorOf(ctx)))
    },
  )

  router.post(
    '/government-items/:id/retract',
    requireAuth,
    validate(Retract),
    authorize(publishers, itemRegion),
    async function retract(ctx) {
      const { params, body } = inputOf(ctx, Retract)
      ctx.body = staffView(await svc().retract(params.id, body.reason, actorOf(ctx)))
    },
  )

  router.post(
    '/villages/:code/disclosures/prefill',
    requireAuth,
    validate(Prefill),
    authorize(['secretary'], fromParam('code')),
    async function prefill(ctx) {
      const { params, body } = inputOf(ctx, Prefill)
      const d = await deps
        .services()
        .disclosurePrefill.prefill(params.code, body, currentUser(ctx), actorOf(ctx))
      ctx.status = 201
      ctx.body = presentDisclosure(d, catalogItemOf(d.catalogItemId), { audience: 'staff' })
    },
  )
  return router
}
