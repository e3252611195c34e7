import Router from '@koa/router'
import { z } from 'zod'
import { VillageParamsSchema } from '@cunwu/domain'
import type { AppDeps } from '../../deps'
import { auth, authorize, fromParam, requireAnyRole } from '../../middlewares/auth'
import { inputOf, validate } from '../../middlewares/validate'
import { presentRegion } from '../../presenters/region.presenter'

const ById = {
  params: z.object({ id: z.string().regex(/^[a-z0-9][a-z0-9.-]{1,80}$/, '栏目不对，请从目录重新选择') }),
}
const Village = { params: VillageParamsSchema }

/** The standard catalog, read-only: public browsing, and each village's own items for its people. */
export function catalogRouter(deps: AppDeps): Router {
  const router = new Router()
  const svc = () => deps.services().catalog

  router.get('/catalog', async function listDomains(ctx) {
    ctx.set('Cache-Control', 'public, max-age=300')
    ctx.body = { version: svc().version, domains: svc().domains() }
  })

  router.get('/catalog/domains/:id', validate(ById), async function getDomain(ctx) {
    ctx.set('Cache-Control', 'public, max-age=300')
    ctx.body = { version: svc().version, items: svc().itemsOfDomain(inputOf(ctx, ById).params.id) }
  })

  router.get('/catalog/items/:id', validate(ById), async function getItem(ctx) {
    ctx.set('Cache-Control', 'public, max-age=300')
    ctx.body = { version: svc().version, item: svc().item(inputOf(ctx, ById).params.id) }
  })

  // Sources and research notes are for staff (they are English notes and raw links, not for villagers).
  router.get(
    '/catalog/items/:id/research',
    auth(() => deps.services().auth),
    requireAnyRole(['secretary', 'township', 'county', 'admin']),
    validate(ById),
    async function getItemResearch(ctx) {
      ctx.set('Cache-Control', 'private, max-age=300')
      ctx.body = svc().research(inputOf(ctx, ById).params.id)
    },
  )

  router.get(
    '/villages/:code/catalog',
    auth(() => deps.services().auth),
    validate(Village),
    authorize(['villager', 'secretary', 'township', 'county', 'admin'], fromParam('code')),
    async function villageCatalog(ctx) {
      const { code } = inputOf(ctx, Village).params
      const region = await deps.services().regions.get(code)
      // Whether each item's current period is published, due or overdue, and its newest disclosure to open.
      const standings = await deps.services().schedules.standings(code, deps.services().clock.now())
      ctx.body = {
        version: svc().version,
        village: presentRegion(region),
        items: svc().villageItems(),
        standings,
      }
    },
  )
  return router
}
