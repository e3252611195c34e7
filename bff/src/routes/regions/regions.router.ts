import Router from '@koa/router'
import { z } from 'zod'
import {
  DivisionCodeSchema,
  RegionContactUpdateSchema,
  RegionImportSchema,
  RegionReinstateSchema,
  RegionRetirementSchema,
} from '@cunwu/domain'
import type { AppDeps } from '../../deps'
import { auth, authorize, fromParam, requireAnyRole } from '../../middlewares/auth'
import { inputOf, validate } from '../../middlewares/validate'
import { presentRegion } from '../../presenters/region.presenter'
import { actorOf, currentUser } from '../actor'

const ByCode = { params: z.object({ code: DivisionCodeSchema }) }
const Contact = { params: ByCode.params, body: RegionContactUpdateSchema }
const Import = { body: RegionImportSchema }
const Retire = { params: ByCode.params, body: RegionRetirementSchema }
const Reinstate = { params: ByCode.params, body: RegionReinstateSchema }

/**
 * The region tree (public reads; CSV import by admins within their region) and a region's public office phone,
 * kept by the village's secretary or the township, county or admin above it; a village's or township's retirement
 * (撤并), set and undone by an admin covering it.
 */
export function regionsRouter(deps: AppDeps): Router {
  const router = new Router()

  router.get('/regions/:code', validate(ByCode), async function getRegion(ctx) {
    ctx.body = presentRegion(await deps.services().regions.get(inputOf(ctx, ByCode).params.code))
  })

  router.get('/regions/:code/children', validate(ByCode), async function listChildren(ctx) {
    const children = await deps.services().regions.children(inputOf(ctx, ByCode).params.code)
    ctx.body = { regions: children.map(presentRegion) }
  })

  router.patch(
    '/regions/:code/contact',
    auth(() => deps.services().auth),
    validate(Contact),
    authorize(['secretary', 'township', 'county', 'admin'], fromParam('code')),
    async function setRegionContact(ctx) {
      const { params, body } = inputOf(ctx, Contact)
      ctx.body = presentRegion(
        await deps.services().regions.setContact(params.code, body.officePhone, actorOf(ctx)),
      )
    },
  )

  router.put(
    '/regions/:code/retirement',
    auth(() => deps.services().auth),
    validate(Retire),
    authorize(['admin'], fromParam('code')),
    async function retireRegion(ctx) {
      const { params, body } = inputOf(ctx, Retire)
      ctx.body = presentRegion(
        await deps.services().regionRetirements.retire(params.code, body, actorOf(ctx)),
      )
    },
  )

  router.delete(
    '/regions/:code/retirement',
    auth(() => deps.services().auth),
    validate(Reinstate),
    authorize(['admin'], fromParam('code')),
    async function reinstateRegion(ctx) {
      const { params, body } = inputOf(ctx, Reinstate)
      ctx.body = presentRegion(
        await deps.services().regionRetirements.reinstate(params.code, body.reason, actorOf(ctx)),
      )
    },
  )

  router.post(
    '/regions/import',
    auth(() => deps.services().auth),
    requireAnyRole(['admin']),
    validate(Import),
    async function importRegions(ctx) {
      const { csv, allowOlderCodeYear } = inputOf(ctx, Import).body
      ctx.body = await deps
        .services()
        .regions.importCsv(csv, currentUser(ctx), actorOf(ctx), { allowOlderCodeYear })
    },
  )
  return router
}
