import Router from '@koa/router'
import type { Context } from 'koa'
import type { AppDeps } from '../../deps'
import type { CallbackOutcome } from '../../services/pay-callbacks.service'

/**
 * WeChat Pay callbacks (public: WeChat signs them, we verify). Answers are what WeChat expects, not our error
 * envelope: 204 on success; 4xx/5xx with `{ code: 'FAIL', message }` otherwise, which WeChat retries. Every
 * refusal is logged with its reason; a refused callback changes nothing.
 */
export function payCallbacksRouter(deps: AppDeps): Router {
  const router = new Router()
  const callbacks = () => deps.services().pay.callbacks

  async function answer(ctx: Context, kind: 'payment' | 'refund'): Promise<void> {
    const raw: unknown = ctx.request.rawBody
    let outcome: CallbackOutcome
    try {
      if (typeof raw !== 'string' || raw.length === 0) {
        outcome = { ok: false, status: 400, reason: 'bad_body' }
      } else {
        outcome =
          kind === 'payment'
            ? await callbacks().handlePayment(ctx.headers, raw)
            : await callbacks().handleRefund(ctx.headers, raw)
      }
    } catch (err) {
      // Our failure (database…): 500 so WeChat delivers again later.
      ctx.state.log.error({ err, kind }, 'pay callback failed')
      ctx.status = 500
      ctx.body = { code: 'FAIL', message: '系统繁忙' }
      return
    }
    if (outcome.ok) {
      ctx.state.log.info(
        { kind, eventType: outcome.eventType, booked: outcome.booked },
        'pay callback accepted',
      )
      ctx.status = 204
      return
    }
    ctx.state.log.warn(
      { kind, reason: outcome.reason, eventType: outcome.eventType, serial: ctx.get('wechatpay-serial') },
      'pay callback refused',
    )
    ctx.status = outcome.status
    ctx.body = { code: 'FAIL', message: outcome.reason }
  }

  router.post('/pay/notify', async function payNotify(ctx) {
    await answer(ctx, 'payment')
  })

  router.post('/pay/refund-notify', async function refundNotify(ctx) {
    await answer(ctx, 'refund')
  })

  return router
}
