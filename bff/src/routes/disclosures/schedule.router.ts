import Router from '@koa/router'
import { z } from 'zod'
import { VillageParamsSchema } from '@cunwu/domain'
import type { AppDeps } from '../../deps'
import { auth, authorize, fromParam } from '../../middlewares/auth'
import { inputOf, validate } from '../../middlewares/validate'

const Schedule = {
  params: VillageParamsSchema,
  query: z.object({ year: z.coerce.number().int().min(2019).max(2100).default(new Date().getFullYear()) }),
}

/** A village's periodic disclosures for a year: due dates (working days with 调休), on time, due soon, overdue. */
export function scheduleRouter(deps: AppDeps): Router {
  const router = new Router()
  router.get(
    '/villages/:code/schedule',
    auth(() => deps.services().auth),
    validate(Schedule),
    authorize(['secretary', 'township', 'county', 'admin'], fromParam('code')),
    async function villageSchedule(ctx) {
      const { params, query } = inputOf(ctx, Schedule)
      const entries = await deps.services().schedules.forVillage(params.code, query.year)
      const count = (status: string) => entries.filter((e) => e.status === status).length
      ctx.body = {
        year: query.year,
        summary: {
          overdue: count('overdue'),
          dueSoon: count('due_soon'),
          late: count('late'),
          onTime: count('on_time'),
          upcoming: count('upcoming'),
        },
        entries,
      }
    },
  )
  return router
}
