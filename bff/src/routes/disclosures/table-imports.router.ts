import Router from '@koa/router'
import { z } from 'zod'
import { ObjectIdSchema, VillageParamsSchema } from '@cunwu/domain'
import type { AppDeps } from '../../app'
import { readUpload } from '../../lib/upload'
import { auth, authorize, fromParam } from '../../middlewares/auth'
import type { RegionResolver } from '../../middlewares/auth'
import { inputOf, validate } from '../../middlewares/validate'
import { presentTableImport } from '../../presenters/table-import.presenter'
import { presentDisclosure } from '../../presenters/disclosure.presenter'
import { catalogItemOf } from '../../services/disclosures.service'
import { actorOf, currentUser } from '../actor'

const Start = { params: VillageParamsSchema, query: z.object({ catalogItemId: z.string().min(1).max(80) }) }
const ById = { params: z.object({ id: ObjectIdSchema }) }
const Remap = {
  params: z.object({ id: ObjectIdSchema }),
  body: z.object({
    headerRow: z.number().int().min(0),
    mapping: z.record(z.string().regex(/^[a-z][a-z0-9_]*$/), z.number().int().min(0).max(500).nullable()),
  }),
}
const Apply = { params: z.object({ id: ObjectIdSchema }), body: z.object({ disclosureId: ObjectIdSchema }) }
/** Spreadsheets as county systems export them: .xlsx or .csv up to 10 MB. */
const SHEET_POLICY = {
  maxBytes: 10 * 1024 * 1024,
  types: ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'text/csv'] as const,
}

/** Excel/CSV import of a disclosure table: upload, progress and result, corrected mapping, apply to a draft. */
export function tableImportsRouter(deps: AppDeps): Router {
  const router = new Router()
  const requireAuth = auth(() => deps.services().auth)
  const svc = () => deps.services().tableImports
  const village: RegionResolver = (ctx) => svc().regionOf(inputOf(ctx, ById).params.id)

  router.post('/villages/:code/table-imports', requireAuth, validate(Start), authorize(['secretary'], fromParam('code')), async function start(ctx) {
    const { params, query } = inputOf(ctx, Start)
    catalogItemOf(query.catalogItemId)
    const file = await readUpload(ctx, SHEET_POLICY)
    const doc = await svc().start(params.code, query.catalogItemId, file, currentUser(ctx), actorOf(ctx))
    ctx.status = 202
    ctx.body = presentTableImport(doc)
  })

  router.get('/table-imports/:id', requireAuth, validate(ById), authorize(['secretary'], village), async function getImport(ctx) {
    ctx.set('Cache-Control', 'no-store')
    ctx.body = presentTableImport(await svc().load(inputOf(ctx, ById).params.id))
  })

  router.post('/table-imports/:id/mapping', requireAuth, validate(Remap), authorize(['secretary'], village), async function remap(ctx) {
    const { params, body } = inputOf(ctx, Remap)
    ctx.body = presentTableImport(await svc().remap(params.id, body.headerRow, body.mapping))
  })

  router.post('/table-imports/:id/apply', requireAuth, validate(Apply), authorize(['secretary'], village), async function apply(ctx) {
    const { params, body } = inputOf(ctx, Apply)
    const d = await svc().apply(params.id, body.disclosureId, actorOf(ctx))
    ctx.body = presentDisclosure(d, catalogItemOf(d.catalogItemId), { audience: 'staff' })
  })
  return router
}
