import { createHash, randomBytes } from 'node:crypto'
import { json, type Router, type SimResponse } from '../http/router'
import { controlBody, controlRoute, ControlError } from '../control'
import { isRecord, parseJson, randomHex } from '../util'
import type { SimClock } from '../clock'
import { wxError } from './errors'
import type { TokenStore } from './tokens'
import type { UserRegistry } from './users'

/** Largest file the check downloads (WeChat: at most 10 MB). */
const MAX_MEDIA_BYTES = 10 * 1024 * 1024
const SCENES = new Set([1, 2, 3, 4])

/** One asynchronous check as the simulator ran it (for tests, through the control API). */
export interface MediaCheckRecord {
  traceId: string
  appid: string
  openid: string
  mediaUrl: string
  mediaType: 1 | 2
  /** sha256 of the downloaded file (hex); null when it could not be downloaded. */
  sha256: string | null
  suggest: 'pass' | 'risky' | null
  /** pushed: the message server answered 2xx; failed: it did not; none: no message server configured; pending: not yet. */
  push: 'pending' | 'pushed' | 'failed' | 'none'
}

/** The mini-program's 消息推送 (message push) settings: where WeChat posts events, and the Token that signs them. */
export interface MessagePushConfig {
  url: string
  token: string
}

/** `signature` of a message push: sha1 of Token, timestamp and nonce sorted and joined (docs/wechat.md). */
export function pushSignature(token: string, timestamp: string, nonce: string): string {
  return createHash('sha1').update([token, timestamp, nonce].sort().join('')).digest('hex')
}

/**
 * Simulates `POST /wxa/media_check_async` version 2 (security.mediaCheckAsync): the request is checked as the
 * real API does and answered at once with a `trace_id`; the file is then downloaded from `media_url` and the
 * verdict pushed to the message server as a `wxa_media_check` event (JSON mode, signed with the Token). An image
 * whose sha256 is on the risky list is `risky`, anything else `pass`. Facts in docs/wechat.md.
 */
export class MediaCheckService {
  private readonly risky = new Set<string>()
  private readonly records: MediaCheckRecord[] = []
  private push: MessagePushConfig | null = null
  private readonly inFlight = new Set<Promise<void>>()

  constructor(
    private readonly clock: SimClock,
    private readonly tokens: TokenStore,
    private readonly users: UserRegistry,
  ) {}

  /** Sets (or clears) where events are pushed. */
  setMessagePush(config: MessagePushConfig | null): void {
    this.push = config
  }

  /** Replaces the list of risky files (sha256 in hex). */
  setRiskyMedia(hashes: string[]): string[] {
    this.risky.clear()
    for (const h of hashes) this.risky.add(h.toLowerCase())
    return [...this.risky]
  }

  /** The checks run so far, oldest first. */
  checks(): MediaCheckRecord[] {
    return this.records.map((r) => ({ ...r }))
  }

  /** Waits until every started check has been pushed (or given up). */
  async settle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.all([...this.inFlight])
  }

  register(router: Router): void {
    router.add('POST', '/wxa/media_check_async', (req) => this.start(req.query, req.rawBody))
  }

  /** Control API: message push settings, the risky list, and the checks run. */
  registerControl(router: Router): void {
    router.add(
      'POST',
      '/__sim/message-push',
      controlRoute((req) => {
        const body = controlBody(req)
        if (body.url === null) {
          this.setMessagePush(null)
          return { url: null }
        }
        if (typeof body.url !== 'string' || typeof body.token !== 'string' || body.token === '') {
          throw new ControlError('url and token must be strings (url null clears)')
        }
        this.setMessagePush({ url: body.url, token: body.token })
        return { url: body.url }
      }),
    )
    router.add(
      'POST',
      '/__sim/security/risky-media',
      controlRoute((req) => {
        const list = controlBody(req).sha256
        if (!Array.isArray(list) || list.some((h) => typeof h !== 'string' || !/^[0-9a-f]{64}$/i.test(h))) {
          throw new ControlError('sha256 must be an array of hex sha256 digests')
        }
        return { sha256: this.setRiskyMedia(list.filter((h): h is string => typeof h === 'string')) }
      }),
    )
    router.add(
      'GET',
      '/__sim/security/media-checks',
      controlRoute(() => ({ checks: this.checks() })),
    )
  }

  start(q: URLSearchParams, rawBody: string): SimResponse {
    const auth = this.tokens.check(q.get('access_token'))
    if ('error' in auth) return auth.error
    if (!rawBody.trim()) return wxError(44002, 'empty post data')
    const body = parseJson(rawBody)
    if (!isRecord(body)) return wxError(47001)
    const { media_url: mediaUrl, media_type: mediaType } = body
    if (typeof mediaUrl !== 'string' || !/^https?:\/\//.test(mediaUrl)) return wxError(47001)
    if (mediaType !== 1 && mediaType !== 2) return wxError(47001)
    if (body.version !== 2) return wxError(47001)
    if (typeof body.scene !== 'number' || !SCENES.has(body.scene)) return wxError(40129, 'invalid scene')
    const openid = body.openid
    if (typeof openid !== 'string' || openid === '') return wxError(40003)
    if (!this.users.byOpenid(auth.appid, openid)) return wxError(43104, 'appid not match openid')
    const record: MediaCheckRecord = {
      traceId: `${randomHex(4)}-${randomHex(4)}-${randomHex(4)}`,
      appid: auth.appid,
      openid,
      mediaUrl,
      mediaType,
      sha256: null,
      suggest: null,
      push: 'pending',
    }
    this.records.push(record)
    if (this.records.length > 1000) this.records.shift()
    const job = this.judgeAndPush(record).finally(() => this.inFlight.delete(job))
    this.inFlight.add(job)
    return json(200, { errcode: 0, errmsg: 'ok', trace_id: record.traceId })
  }

  private async judgeAndPush(record: MediaCheckRecord): Promise<void> {
    try {
      const res = await fetch(record.mediaUrl, { signal: AbortSignal.timeout(10_000) })
      const data = Buffer.from(await res.arrayBuffer())
      if (res.ok && data.length <= MAX_MEDIA_BYTES) {
        record.sha256 = createHash('sha256').update(data).digest('hex')
        record.suggest = this.risky.has(record.sha256) ? 'risky' : 'pass'
      }
    } catch {
      // Not downloadable: WeChat's documentation says nothing of this case; the simulator pushes nothing.
    }
    const push = this.push
    if (!push || !record.suggest) {
      record.push = 'none'
      return
    }
    const timestamp = String(Math.floor(this.clock.now() / 1000))
    const nonce = String(randomBytes(4).readUInt32BE(0))
    const url = new URL(push.url)
    url.searchParams.set('signature', pushSignature(push.token, timestamp, nonce))
    url.searchParams.set('timestamp', timestamp)
    url.searchParams.set('nonce', nonce)
    const result = { suggest: record.suggest, label: record.suggest === 'pass' ? 100 : 20002 }
    const event = {
      ToUserName: 'gh_cunwusim0001',
      FromUserName: record.openid,
      CreateTime: Number(timestamp),
      MsgType: 'event',
      Event: 'wxa_media_check',
      appid: record.appid,
      trace_id: record.traceId,
      version: 2,
      result,
      detail: [
        { strategy: 'content_model', errcode: 0, ...result, prob: record.suggest === 'pass' ? 0 : 90 },
      ],
    }
    try {
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(event),
        signal: AbortSignal.timeout(5000),
      })
      record.push = res.ok ? 'pushed' : 'failed'
    } catch {
      record.push = 'failed'
    }
  }
}
