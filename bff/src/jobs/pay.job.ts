import { shanghaiDateOf } from '@cunwu/domain'
import type { Logger } from '../logger'
import type { PayServices } from '../services/pay.service'
import { reconcileYesterdayIfDue } from './reconciliation.job'

/** The running pay jobs. */
export interface PayJobs {
  /** Runs one round now (tests and the bench call this instead of waiting). */
  tick(): Promise<void>
  stop(): Promise<void>
}

/**
 * Order expiry: every interval, pending orders past their expiry are closed at WeChat Pay and here (a close
 * answered ORDERPAID settles the payment instead); refunds stuck in processing are queried; and the same loop
 * starts the daily reconciliation.
 */
export function startPayJobs(deps: { pay: PayServices; logger: Logger; intervalMs: number }): PayJobs {
  const log = deps.logger.child({ job: 'pay' })
  let running: Promise<void> | null = null
  let stopped = false
  const state = { lastReconciled: '' }

  async function round(): Promise<void> {
    const runtime = deps.pay.runtime()
    if (!runtime) return
    try {
      const closed = await deps.pay.orders.expireDue()
      if (closed.closed + closed.paid + closed.failed > 0) log.info(closed, 'expired payment orders handled')
    } catch (err) {
      log.error({ err }, 'order expiry failed')
    }
    try {
      await deps.pay.refunds.syncProcessing()
    } catch (err) {
      log.error({ err }, 'refund sync failed')
    }
    try {
      const done = await reconcileYesterdayIfDue(deps.pay, runtime.now(), state.lastReconciled)
      if (done) {
        state.lastReconciled = done.date
        log.info({ date: done.date, reports: done.reports }, 'daily reconciliation done')
      }
    } catch (err) {
      log.error({ err, date: shanghaiDateOf(runtime.now() - 86_400_000) }, 'daily reconciliation failed')
    }
  }

  function tick(): Promise<void> {
    running ??= round().finally(() => {
      running = null
    })
    return running
  }

  const timer = setInterval(() => {
    if (!stopped) void tick()
  }, deps.intervalMs)
  timer.unref()

  return {
    tick,
    async stop() {
      stopped = true
      clearInterval(timer)
      await running
    },
  }
}
