import type { Config } from '../config'
import { ContentCheckUnavailable } from './wechat-security.client'
import type { TokenManager } from './wechat-token'

/**
 * The asynchronous image check, `security.mediaCheckAsync` version 2 (`POST /wxa/media_check_async`): WeChat
 * answers a trace_id and pushes its verdict to the message server later (docs/wechat.md).
 */
export interface MediaCheckClient {
  /** Starts the check of an image WeChat downloads from `mediaUrl`; answers the trace_id. Throws when WeChat cannot. */
  checkImage(openid: string, mediaUrl: string, scene?: 1 | 2 | 3 | 4): Promise<string>
}

/** Creates the client against `baseUrl` (the real WeChat or the simulator). */
export function createMediaCheckClient(options: {
  baseUrl: string
  tokens: TokenManager
  timeoutMs?: number
}): MediaCheckClient {
  const timeoutMs = options.timeoutMs ?? 5000
  return {
    async checkImage(openid, mediaUrl, scene = 2) {
      const reply = await options.tokens.withToken(
        async (token) => {
          const url = new URL('/wxa/media_check_async', options.baseUrl)
          url.search = new URLSearchParams({ access_token: token }).toString()
          const res = await fetch(url, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ media_url: mediaUrl, media_type: 2, version: 2, scene, openid }),
            signal: AbortSignal.timeout(timeoutMs),
          })
          const body: unknown = res.ok ? await res.json() : null
          if (typeof body !== 'object' || body === null) return { errcode: -1, traceId: null }
          const errcode = 'errcode' in body && typeof body.errcode === 'number' ? body.errcode : 0
          const traceId = 'trace_id' in body && typeof body.trace_id === 'string' ? body.trace_id : null
          return { errcode, traceId }
        },
        (r) => (r.errcode === 0 ? undefined : r.errcode),
      )
      if (reply.errcode !== 0 || !reply.traceId) {
        throw new ContentCheckUnavailable(`media_check_async errcode ${reply.errcode}`)
      }
      return reply.traceId
    },
  }
}

/** A fixed token for the simulator's pushes in development and tests (real WeChat: WECHAT_PUSH_TOKEN). */
const SIM_PUSH_TOKEN = 'cunwuSimPushToken'

/** The Token that signs WeChat's message pushes; null when none is configured (photos are then refused). */
export function messagePushToken(config: Pick<Config, 'WECHAT_PUSH_TOKEN' | 'WECHAT_MODE'>): string | null {
  return config.WECHAT_PUSH_TOKEN ?? (config.WECHAT_MODE === 'sim' ? SIM_PUSH_TOKEN : null)
}
