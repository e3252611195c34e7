import Router from '@koa/router'
import { DevClockSchema, ErrorCode } from '@cunwu/domain'
import type { AppDeps } from '../../deps'
import { AppError, notFound } from '../../errors'
import { runDisclosureMaintenance } from '../../jobs/disclosure-maintenance.job'
import { inputOf, validate } from '../../middlewares/validate'
import { devLoginOf } from './dev-only'

const Clock = { body: DevClockSchema }

/**
 * Development only (404 in production and when the BFF talks to the real WeChat, `devLoginOf`): moves the BFF's clock
 * (ClockService, read by every question deadline; the move is shared by every instance through the database) and
 * runs the upkeep jobs at once, so deadlines can be tested without waiting days.
 */
export function devClockRouter(deps: AppDeps): Router {
  const router = new Router()
  const devOnly = () => {
    if (!devLoginOf(deps)) throw notFound()
    return deps.services()
  }

  // Each route reads the offset the instances share first (a move through another worker counts here at once).
  router.get('/dev/clock', async function getClock(ctx) {
    const clock = devOnly().clock
    await clock.refresh()
    ctx.body = { now: clock.now().toISOString(), offsetMs: clock.offset() }
  })

  router.post('/dev/clock', validate(Clock), async function moveClock(ctx) {
    const clock = devOnly().clock
    const { body } = inputOf(ctx, Clock)
    let moved
    try {
      // One write of the shared offset, answered with what it stored (moves sent at once all count).
      moved = await clock.moveShared(
        body.setTo !== undefined
          ? { setTo: new Date(body.setTo) }
          : { advanceMs: Math.round((body.advanceDays ?? 0) * 86_400_000) },
      )
    } catch (err) {
      if (!(err instanceof RangeError)) throw err
      throw new AppError(422, ErrorCode.UnprocessableEntity, '测试时钟只能在 2000 年到 2099 年之间')
    }
    ctx.body = { now: moved.now.toISOString(), offsetMs: moved.offsetMs }
  })

  router.post('/dev/upkeep', async function runUpkeep(ctx) {
    const services = devOnly()
    await services.clock.refresh()
    const now = services.clock.now()
    const disclosures = await runDisclosureMaintenance(services, now)
    const questionsEscalated = await services.questions.escalateOverdue()
    const consultations = await services.consultationNotices.upkeep()
    ctx.body = { now: now.toISOString(), disclosures, questionsEscalated, consultations }
  })
  return router
}
