import Router from '@koa/router'
import { z } from 'zod'
import { VillageParamsSchema, shanghaiDateOf } from '@cunwu/domain'
import type { AppDeps } from '../../deps'
import { auth, authorize, fromParam } from '../../middlewares/auth'
import { inputOf, validate } from '../../middlewares/validate'

const Schedule = {
  params: VillageParamsSchema,
  // Without a year: today's, in Asia/Shanghai at the time of the request (below), not when the module loaded.
  query: z.object({ year: z.coerce.number().int().min(2019).max(2100).optional() }),
}

/**
 * A village's periodic disclosures, with due dates (working days with 调休), on time, due soon, overdue, on the BFF's
 * one clock. With `year`, the periods of that year; without, what the village owes today whichever calendar year
 * today is in (this year's periods and earlier ones that fell due within the last year: expectedAsOf), so that
 * December, Q4 and yearly items stay counted after New Year. `year` then says today's year in Asia/Shanghai.
 */
export function scheduleRouter(deps: AppDeps): Router {
  const router = new Router()
  router.get(
    '/villages/:code/schedule',
    auth(() => deps.services().auth),
    validate(Schedule),
    // The secretary of the village a retired one merged into reads what it still owes, to publish it in its place.
    authorize(['secretary', 'township', 'county', 'admin'], fromParam('code'), (code) =>
      deps.services().regionRetirements.standInsFor(code),
    ),
    async function villageSchedule(ctx) {
      const { params, query } = inputOf(ctx, Schedule)
      const now = deps.services().clock.now()
      const year = query.year ?? Number(shanghaiDateOf(now).slice(0, 4))
      const entries = await deps.services().schedules.forVillage(params.code, query.year ?? null, now)
      const count = (status: string) => entries.filter((e) => e.status === status).length
      ctx.body = {
        year,
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
