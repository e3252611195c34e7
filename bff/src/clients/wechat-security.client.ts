import type { TokenManager } from './wechat-token'

/**
 * The text content check, `security.msgSecCheck` version 2 (`POST /wxa/msg_sec_check`); facts in docs/wechat.md.
 * `risky` is refused by the caller; `review` is kept from the public until a person has looked.
 */
export type ContentVerdict = 'pass' | 'review' | 'risky'

export interface ContentSecurityClient {
  /** Checks a user's text in a scene (2 评论 for questions). Throws when WeChat cannot answer. */
  checkText(openid: string, content: string, scene?: 1 | 2 | 3 | 4): Promise<ContentVerdict>
}

export class ContentCheckUnavailable extends Error {
  override name = 'ContentCheckUnavailable'
}

function verdictOf(body: unknown): { errcode: number; suggest: string | undefined } {
  if (typeof body !== 'object' || body === null) return { errcode: -1, suggest: undefined }
  const errcode = 'errcode' in body && typeof body.errcode === 'number' ? body.errcode : 0
  const result =
    'result' in body && typeof body.result === 'object' && body.result !== null ? body.result : null
  const suggest =
    result && 'suggest' in result && typeof result.suggest === 'string' ? result.suggest : undefined
  return { errcode, suggest }
}

/** Creates the client against `baseUrl` (the real WeChat or the simulator). */
export function createContentSecurityClient(options: {
  baseUrl: string
  tokens: TokenManager
  timeoutMs?: number
}): ContentSecurityClient {
  const timeoutMs = options.timeoutMs ?? 5000
  return {
    async checkText(openid, content, scene = 2) {
      const reply = await options.tokens.withToken(
        async (token) => {
          const url = new URL('/wxa/msg_sec_check', options.baseUrl)
          url.search = new URLSearchParams({ access_token: token }).toString()
          const res = await fetch(url, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ version: 2, openid, scene, content }),
            signal: AbortSignal.timeout(timeoutMs),
          })
          if (!res.ok) return { errcode: -1, suggest: undefined }
          return verdictOf(await res.json())
        },
        (r) => (r.errcode === 0 ? undefined : r.errcode),
      )
      // 87014 is how the retired version 1 said "risky".
      if (reply.errcode === 87014) return 'risky'
      if (reply.errcode !== 0) throw new ContentCheckUnavailable(`msg_sec_check errcode ${reply.errcode}`)
      if (reply.suggest === 'pass' || reply.suggest === 'review' || reply.suggest === 'risky')
        return reply.suggest
      throw new ContentCheckUnavailable('msg_sec_check answered no suggestion')
    },
  }
}
