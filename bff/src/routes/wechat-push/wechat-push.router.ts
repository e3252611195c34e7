import { createHash, timingSafeEqual } from 'node:crypto'
import Router from '@koa/router'
import type { Context } from 'koa'
import { ErrorCode } from '@cunwu/domain'
import { AppError } from '../../errors'
import type { AppDeps } from '../../deps'
import { messagePushToken } from '../../clients/wechat-media-check.client'

/** Whether a push carries WeChat's signature: sha1 of Token, timestamp and nonce sorted and joined (docs/wechat.md). */
function signedByWechat(ctx: Context, token: string | null): boolean {
  const q = (key: string) => (typeof ctx.query[key] === 'string' ? ctx.query[key] : '')
  if (!token || !q('signature')) return false
  const expected = createHash('sha1')
    .update([token, q('timestamp'), q('nonce')].sort().join(''))
    .digest('hex')
  const given = Buffer.from(q('signature'))
  return given.length === expected.length && timingSafeEqual(given, Buffer.from(expected))
}

/** The verdict of a `wxa_media_check` event (JSON mode), or null for any other push. */
function mediaVerdict(body: unknown): { traceId: string; suggest: 'pass' | 'review' | 'risky' } | null {
  if (typeof body !== 'object' || body === null) return null
  if (!('Event' in body) || body.Event !== 'wxa_media_check') return null
  const traceId = 'trace_id' in body && typeof body.trace_id === 'string' ? body.trace_id : null
  const result =
    'result' in body && typeof body.result === 'object' && body.result !== null ? body.result : null
  const suggest = result && 'suggest' in result ? result.suggest : null
  if (!traceId || (suggest !== 'pass' && suggest !== 'review' && suggest !== 'risky')) return null
  return { traceId, suggest }
}

/**
 * The mini-program's message server (消息推送): WeChat verifies the URL with a GET carrying `echostr` and posts
 * events signed with the Token; today the image check's verdicts (`wxa_media_check`) are what it handles.
 */
export function wechatPushRouter(deps: AppDeps): Router {
  const router = new Router()
  const token = () => messagePushToken(deps.config)
  // The signature is how WeChat authenticates: without it the caller is unknown (401).
  const refuse = () => new AppError(401, ErrorCode.Unauthorized, '签名不对')

  router.get('/wechat/push', function verifyPushUrl(ctx) {
    if (!signedByWechat(ctx, token())) throw refuse()
    ctx.type = 'text/plain'
    ctx.body = typeof ctx.query.echostr === 'string' ? ctx.query.echostr : ''
  })

  router.post('/wechat/push', async function receivePush(ctx) {
    if (!signedByWechat(ctx, token())) throw refuse()
    const verdict = mediaVerdict(ctx.request.body)
    if (verdict) await deps.services().questionPhotos.recordVerdict(verdict.traceId, verdict.suggest)
    // WeChat retries unless it gets "success" (or an empty body); other events are not ours to act on.
    ctx.type = 'text/plain'
    ctx.body = 'success'
  })
  return router
}
