import { ErrorCode } from '@cunwu/domain'
import { AppError } from '../errors'

/** What jscode2session gives us; `sessionKey` never leaves the server. */
export interface WechatSession {
  openid: string
  sessionKey: string
  unionid: string | null
}

/** The WeChat server API as the BFF uses it. */
export interface WechatClient {
  /** Exchanges a `wx.login` code for the user's openid and session_key. */
  code2session(code: string): Promise<WechatSession>
}

export interface WechatClientOptions {
  baseUrl: string
  appid: string
  secret: string
  /** Per-request timeout. @default 5000 */
  timeoutMs?: number
}

interface WechatReply {
  errcode?: number
  errmsg?: string
  openid?: string
  session_key?: string
  unionid?: string
}

function parseReply(body: unknown): WechatReply {
  if (typeof body !== 'object' || body === null) return {}
  const b: Record<string, unknown> = { ...body }
  const str = (k: string) => (typeof b[k] === 'string' ? String(b[k]) : undefined)
  return {
    errcode: typeof b.errcode === 'number' ? b.errcode : undefined,
    errmsg: str('errmsg'),
    openid: str('openid'),
    session_key: str('session_key'),
    unionid: str('unionid'),
  }
}

/** Maps jscode2session errcodes to our errors: distinct codes for a bad, a used and a rate-limited code. */
function loginError(errcode: number, errmsg: string | undefined): AppError {
  if (errcode === 40029)
    return new AppError(401, ErrorCode.WechatCodeInvalid, '登录凭证无效或已过期，请重新登录')
  if (errcode === 40163) return new AppError(401, ErrorCode.WechatCodeUsed, '登录凭证已使用，请重新登录')
  if (errcode === 45011) return new AppError(429, ErrorCode.WechatRateLimited, '登录过于频繁，请稍后再试')
  return new AppError(502, ErrorCode.WechatLoginFailed, `微信登录失败（${errcode}）`, true, { errmsg })
}

/** Creates a client for the WeChat server API at `baseUrl` (the real one or the simulator). */
export function createWechatClient(options: WechatClientOptions): WechatClient {
  const timeoutMs = options.timeoutMs ?? 5000
  return {
    async code2session(code) {
      const url = new URL('/sns/jscode2session', options.baseUrl)
      url.search = new URLSearchParams({
        appid: options.appid,
        secret: options.secret,
        js_code: code,
        grant_type: 'authorization_code',
      }).toString()
      let body: unknown
      try {
        const res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) })
        body = await res.json()
      } catch {
        throw new AppError(502, ErrorCode.WechatLoginFailed, '暂时无法连接微信，请稍后再试')
      }
      const reply = parseReply(body)
      if (reply.errcode) throw loginError(reply.errcode, reply.errmsg)
      if (!reply.openid || !reply.session_key) {
        throw new AppError(502, ErrorCode.WechatLoginFailed, '微信登录返回异常')
      }
      return { openid: reply.openid, sessionKey: reply.session_key, unionid: reply.unionid ?? null }
    },
  }
}
