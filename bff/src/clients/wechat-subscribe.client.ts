import type { TokenManager } from './wechat-token'
import { WechatTokenError } from './wechat-token'

/** One subscribe message (`POST /cgi-bin/message/subscribe/send`). */
export interface SubscribeMessage {
  touser: string
  templateId: string
  /** Mini-program page with query. */
  page: string
  data: Record<string, string>
  miniprogramState: 'developer' | 'trial' | 'formal'
}

/**
 * What became of a send:
 * - `sent`: WeChat accepted it (msgid kept as a string: real msgids exceed 2^53);
 * - `rejected`: WeChat answered a permanent errcode (43101, 40003, 40037, 41030, 47003, …);
 * - `transient`: certainly not delivered and worth retrying (HTTP 5xx, -1 busy, 45009/45011 limits,
 *   token trouble, connection refused);
 * - `ambiguous`: the request may have reached WeChat but no answer came (timeout, connection reset).
 */
export type SendOutcome =
  | { kind: 'sent'; msgid: string }
  | { kind: 'rejected'; errcode: number; errmsg: string }
  | { kind: 'transient'; errcode: number | null; reason: string }
  | { kind: 'ambiguous'; reason: string }

/** Errcodes that say "not now" rather than "never". */
const RETRYABLE_ERRCODES: ReadonlySet<number> = new Set([-1, 45009, 45011, 40001, 42001])

/** Sends subscribe messages. */
export interface WechatSubscribeClient {
  send(message: SubscribeMessage): Promise<SendOutcome>
}

export interface SubscribeClientOptions {
  baseUrl: string
  tokens: TokenManager
  /** Per-request timeout. @default 5000 */
  timeoutMs?: number
}

/** Codes of errors thrown before any byte of the request left (safe to retry). */
const NOT_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH'])

function causeCode(err: unknown): string | undefined {
  const cause: unknown = err instanceof Error ? err.cause : undefined
  if (typeof cause !== 'object' || cause === null || !('code' in cause)) return undefined
  return typeof cause.code === 'string' ? cause.code : undefined
}

function describe(err: unknown): string {
  if (!(err instanceof Error)) return String(err)
  const code = causeCode(err)
  return code ? `${err.name}: ${err.message} (${code})` : `${err.name}: ${err.message}`
}

/** Reads errcode, errmsg and msgid from the raw text, keeping msgid's digits exact. */
function parseSendReply(text: string): { errcode: number; errmsg: string; msgid: string | null } | null {
  let body: unknown
  try {
    body = JSON.parse(text)
  } catch {
    return null
  }
  if (typeof body !== 'object' || body === null) return null
  const errcode = 'errcode' in body && typeof body.errcode === 'number' ? body.errcode : 0
  const errmsg = 'errmsg' in body && typeof body.errmsg === 'string' ? body.errmsg : ''
  const msgid = /"msgid"\s*:\s*"?(\d+)/.exec(text)?.[1] ?? null
  return { errcode, errmsg, msgid }
}

/** Creates the subscribe-message client; 40001/42001 fetch a new token once and retry once (TokenManager). */
export function createSubscribeClient(options: SubscribeClientOptions): WechatSubscribeClient {
  const timeoutMs = options.timeoutMs ?? 5000

  async function sendWith(token: string, message: SubscribeMessage): Promise<SendOutcome> {
    const url = new URL('/cgi-bin/message/subscribe/send', options.baseUrl)
    url.search = new URLSearchParams({ access_token: token }).toString()
    const payload = {
      touser: message.touser,
      template_id: message.templateId,
      page: message.page,
      miniprogram_state: message.miniprogramState,
      lang: 'zh_CN',
      data: Object.fromEntries(Object.entries(message.data).map(([k, value]) => [k, { value }])),
    }
    let res: Response
    let text: string
    try {
      res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(payload),
        signal: AbortSignal.timeout(timeoutMs),
      })
      text = await res.text()
    } catch (err) {
      const code = causeCode(err)
      if (code && NOT_SENT_CODES.has(code)) return { kind: 'transient', errcode: null, reason: describe(err) }
      return { kind: 'ambiguous', reason: describe(err) }
    }
    if (res.status >= 500) return { kind: 'transient', errcode: null, reason: `HTTP ${res.status}` }
    const reply = parseSendReply(text)
    if (!reply) return { kind: 'ambiguous', reason: `unreadable answer (HTTP ${res.status})` }
    if (reply.errcode === 0) {
      if (!reply.msgid) return { kind: 'ambiguous', reason: 'ok without msgid' }
      return { kind: 'sent', msgid: reply.msgid }
    }
    if (RETRYABLE_ERRCODES.has(reply.errcode))
      return { kind: 'transient', errcode: reply.errcode, reason: reply.errmsg }
    return { kind: 'rejected', errcode: reply.errcode, errmsg: reply.errmsg }
  }

  return {
    async send(message) {
      try {
        return await options.tokens.withToken(
          (token) => sendWith(token, message),
          (outcome) =>
            outcome.kind === 'transient' && outcome.errcode !== null ? outcome.errcode : undefined,
        )
      } catch (err) {
        // No token, so nothing was sent.
        if (err instanceof WechatTokenError)
          return { kind: 'transient', errcode: err.errcode, reason: err.message }
        throw err
      }
    },
  }
}

/** Whether a message identified by the marker in its page was delivered (only the simulator can tell). */
export type DeliveryChecker = (q: {
  openid: string
  templateId: string
  page: string
}) => Promise<{ delivered: true; msgid: string } | { delivered: false }>

/**
 * Asks the simulator's control API whether a message with exactly this page (which carries the outbox id) was
 * delivered. Real WeChat has no such query, which is why production resolves ambiguity at-most-once.
 */
export function createSimDeliveryChecker(simBaseUrl: string, timeoutMs = 5000): DeliveryChecker {
  return async ({ openid, templateId, page }) => {
    const url = new URL('/__sim/messages', simBaseUrl)
    url.search = new URLSearchParams({ openid, templateId }).toString()
    const res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) })
    if (!res.ok) throw new Error(`simulator message query failed: HTTP ${res.status}`)
    const body: unknown = await res.json()
    const list: unknown = typeof body === 'object' && body !== null && 'messages' in body ? body.messages : []
    if (!Array.isArray(list)) return { delivered: false }
    for (const m of list) {
      if (typeof m === 'object' && m !== null && 'page' in m && m.page === page.replace(/^\//, '')) {
        const msgid = 'msgid' in m ? String(m.msgid) : ''
        return { delivered: true, msgid }
      }
    }
    return { delivered: false }
  }
}
