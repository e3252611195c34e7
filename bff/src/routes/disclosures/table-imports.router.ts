import Router from '@koa/router'
import type { Middleware } from 'koa'
import type { Role, TableImportKind } from '@cunwu/domain'
import {
  TableImportApplySchema,
  TableImportParamsSchema,
  TableImportRemapSchema,
  TableImportStartQuerySchema,
  VillageParamsSchema,
} from '@cunwu/domain'
import type { AppDeps } from '../../deps'
import { notFound } from '../../errors'
import { readUpload } from '../../lib/upload'
import { auth, authorize, fromParam } from '../../middlewares/auth'
import { inputOf, validate } from '../../middlewares/validate'
import { presentDisclosure } from '../../presenters/disclosure.presenter'
import { presentGovernmentItem } from '../../presenters/government-item.presenter'
import { presentTableImport } from '../../presenters/table-import.presenter'
import { catalogItemOf } from '../../services/catalog.service'
import { IMPORT_MAX_BYTES } from '../../services/table-imports.service'
import { actorOf, currentUser } from '../actor'
import { holdImportSlot, importSlotOf } from './table-import-slot'

const Start = { params: VillageParamsSchema, query: TableImportStartQuerySchema }
const ById = { params: TableImportParamsSchema }
const Remap = { params: TableImportParamsSchema, body: TableImportRemapSchema }
const Apply = { params: TableImportParamsSchema, body: TableImportApplySchema }
/** Village tables as secretaries keep them: .xlsx or .csv up to 10 MB. */
const SHEET_POLICY = {
  maxBytes: IMPORT_MAX_BYTES.disclosure,
  types: ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'text/csv'] as const,
}
/** Who works on an import: the village's secretary for its tables, the township or county office for its rosters. */
const ROLES_OF_KIND: Record<TableImportKind, readonly Role[]> = {
  disclosure: ['secretary'],
  government_item: ['township', 'county'],
}

/**
 * Excel/CSV imports: a village table (started here) or a government roster (started at
 * `POST /government-items/:id/table-imports`); progress and outcome, corrected mapping, apply in one step.
 */
export function tableImportsRouter(deps: AppDeps): Router {
  const router = new Router()
  const requireAuth = auth(() => deps.services().auth)
  const svc = () => deps.services().tableImports
  const standIns = (code: string) => deps.services().regionRetirements.standInsFor(code)

  /** Admits the roles of the import's kind, within the import's region. */
  function authorizeImport(): Middleware {
    const middleware: Middleware & { roles?: readonly Role[] } = async function authorizeImportMiddleware(
      ctx,
      next,
    ) {
      const owner = await svc().ownerOf(inputOf(ctx, ById).params.id)
      if (!owner) throw notFound()
      ctx.state.importKind = owner.kind
      // A village table's import may be made in place of a retired village (standInsFor).
      const standIn = owner.kind === 'disclosure' ? standIns : undefined
      return authorize(ROLES_OF_KIND[owner.kind], () => owner.regionCode, standIn)(ctx, next)
    }
    middleware.roles = [...new Set(Object.values(ROLES_OF_KIND).flat())]
    return middleware
  }

  router.post(
    '/villages/:code/table-imports',
    requireAuth,
    validate(Start),
    authorize(['secretary'], fromParam('code'), standIns),
    holdImportSlot(deps),
    async function start(ctx) {
      const { params, query } = inputOf(ctx, Start)
      catalogItemOf(query.catalogItemId)
      const file = await readUpload(ctx, SHEET_POLICY)
      const doc = await svc().start(
        { kind: 'disclosure', villageCode: params.code, catalogItemId: query.catalogItemId },
        file,
        currentUser(ctx),
        actorOf(ctx),
        importSlotOf(ctx),
      )
      ctx.status = 202
      ctx.body = presentTableImport(doc)
    },
  )

  router.get(
    '/table-imports/:id',
    requireAuth,
    validate(ById),
    authorizeImport(),
    async function getImport(ctx) {
      ctx.set('Cache-Control', 'no-store')
      ctx.body = presentTableImport(await svc().load(inputOf(ctx, ById).params.id))
    },
  )

  router.post(
    '/table-imports/:id/mapping',
    requireAuth,
    validate(Remap),
    authorizeImport(),
    holdImportSlot(deps),
    async function remap(ctx) {
      const { params, body } = inputOf(ctx, Remap)
      ctx.body = presentTableImport(await svc().remap(params.id, body))
    },
  )

  // Answers the filled draft (DisclosureDto) or government item (GovernmentItemDto, without rows).
  router.post(
    '/table-imports/:id/apply',
    requireAuth,
    validate(Apply),
    authorizeImport(),
    // Applying a village table converts the kept file again (a worker); a roster was staged, applying it is one write.
    holdImportSlot(deps, (ctx) => ctx.state.importKind === 'disclosure'),
    async function apply(ctx) {
      const { params, body } = inputOf(ctx, Apply)
      const s = ctx.state.standingInFor
      const standIn = s ? { from: s.from } : undefined
      const applied = await svc().apply(params.id, body, actorOf(ctx), currentUser(ctx), standIn)
      ctx.body =
        applied.kind === 'disclosure'
          ? presentDisclosure(applied.disclosure, catalogItemOf(applied.disclosure.catalogItemId), {
              audience: 'staff',
            })
          : presentGovernmentItem(
              applied.governmentItem,
              catalogItemOf(applied.governmentItem.catalogItemId),
              { audience: 'staff' },
            )
    },
  )
  return router
}
