import Router from '@koa/router'
import { z } from 'zod'
import { DivisionCodeSchema } from '@cunwu/domain'
import type { AppDeps } from '../../deps'
import { auth, requireAnyRole } from '../../middlewares/auth'
import { inputOf, validate } from '../../middlewares/validate'
import { presentRegion } from '../../presenters/region.presenter'
import { actorOf, currentUser } from '../actor'

const ByCode = { params: z.object({ code: DivisionCodeSchema }) }
const Import = { body: z.object({ csv: z.string().min(1).max(5_000_000) }) }

/** The region tree (public reads; CSV import by admins within their region). */
export function regionsRouter(deps: AppDeps): Router {
  const router = new Router()

  router.get('/regions/:code', validate(ByCode), async function getRegion(ctx) {
    ctx.body = presentRegion(await deps.services().regions.get(inputOf(ctx, ByCode).params.code))
  })

  router.get('/regions/:code/children', validate(ByCode), async function listChildren(ctx) {
    const children = await deps.services().regions.children(inputOf(ctx, ByCode).params.code)
    ctx.body = { regions: children.map(presentRegion) }
  })

  router.post(
    '/regions/import',
    auth(() => deps.services().auth),
    requireAnyRole(['admin']),
    validate(Import),
    async function importRegions(ctx) {
      ctx.body = await deps
        .services()
        .regions.importCsv(inputOf(ctx, Import).body.csv, currentUser(ctx), actorOf(ctx))
    },
  )
  return router
}
