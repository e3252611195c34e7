import { randomBytes } from 'node:crypto'
import type { SimClock } from '../clock'
import { json, type Router, type SimResponse } from '../http/router'
import { isRecord, parseJson, randomB64Url, str } from '../util'
import { wxError } from './errors'
import type { TokenStore } from './tokens'
import type { SimApp, UserRegistry } from './users'

interface IssuedCode {
  appid: string
  userKey: string
  issuedAt: number
  used: boolean
  /** For phone codes: the number to return (a test may override the user's number per code). */
  phoneNumber?: string
}

/** Tunables of the login simulation. */
export interface LoginPolicy {
  /** Lifetime of wx.login and getPhoneNumber codes in seconds. @default 300 */
  codeTtlSeconds?: number
  /** jscode2session calls allowed per user per minute before 45011. @default 100 */
  perUserPerMinute?: number
}

/** Simulates `wx.login` codes, `sns/jscode2session` and `wxa/business/getuserphonenumber`. */
export class LoginService {
  private readonly codes = new Map<string, IssuedCode>()
  private readonly phoneCodes = new Map<string, IssuedCode>()
  private readonly calls = new Map<string, number[]>()
  private readonly ttl: number
  private readonly perMinute: number

  constructor(
    private readonly clock: SimClock,
    private readonly apps: Map<string, SimApp>,
    private readonly users: UserRegistry,
    private readonly tokens: TokenStore,
    policy: LoginPolicy = {},
  ) {
    this.ttl = (policy.codeTtlSeconds ?? 300) * 1000
    this.perMinute = policy.perUserPerMinute ?? 100
  }

  /** Stands in for `wx.login()`: a fresh single-use code for the user under the app. */
  createLoginCode(userKey: string, appid: string): { code: string; openid: string; unionid?: string } {
    const app = this.requireApp(appid)
    const openid = this.users.openidFor(userKey, appid)
    const code = randomB64Url(32)
    this.codes.set(code, { appid, userKey, issuedAt: this.clock.now(), used: false })
    const user = this.users.ensure(userKey)
    return app.unionid ? { code, openid, unionid: user.unionid } : { code, openid }
  }

  /** Stands in for the getPhoneNumber button: a single-use phone code for the user. */
  createPhoneCode(
    userKey: string,
    appid: string,
    phoneNumber?: string,
  ): { code: string; phoneNumber: string } {
    this.requireApp(appid)
    this.users.openidFor(userKey, appid)
    const user = this.users.ensure(userKey)
    const code = randomBytes(32).toString('hex')
    const number = phoneNumber ?? user.phoneNumber
    this.phoneCodes.set(code, {
      appid,
      userKey,
      issuedAt: this.clock.now(),
      used: false,
      phoneNumber: number,
    })
    return { code, phoneNumber: number }
  }

  private requireApp(appid: string): SimApp {
    const app = this.apps.get(appid)
    if (!app) throw new Error(`unknown appid ${appid}`)
    return app
  }

  /** Registers the public endpoints. */
  register(router: Router): void {
    router.add('GET', '/sns/jscode2session', (req) => this.jscode2session(req.query))
    router.add('POST', '/wxa/business/getuserphonenumber', (req) => this.phoneNumber(req.query, req.rawBody))
    router.add('GET', '/wxa/business/getuserphonenumber', () => wxError(43002))
  }

  /** GET /sns/jscode2session. */
  jscode2session(q: URLSearchParams): SimResponse {
    const appid = q.get('appid')
    const secret = q.get('secret')
    const jsCode = q.get('js_code')
    if (!appid) return wxError(41002)
    if (!secret) return wxError(41004)
    if (!jsCode) return wxError(41008)
    if (q.get('grant_type') !== 'authorization_code') return wxError(40002)
    const app = this.apps.get(appid)
    if (!app) return wxError(40013)
    if (app.secret !== secret) return wxError(40125)
    const issued = this.codes.get(jsCode)
    const now = this.clock.now()
    if (!issued || issued.appid !== appid || now - issued.issuedAt > this.ttl) return wxError(40029)
    if (issued.used) return wxError(40163)
    if (!this.allowCall(`${appid}:${issued.userKey}`, now)) return wxError(45011)
    issued.used = true
    const user = this.users.ensure(issued.userKey)
    const body: Record<string, string> = {
      openid: this.users.openidFor(issued.userKey, appid),
      // A new login refreshes the session_key, as wx.login does on the real platform.
      session_key: randomBytes(16).toString('base64'),
    }
    if (app.unionid) body.unionid = user.unionid
    return json(200, body)
  }

  private allowCall(key: string, now: number): boolean {
    const recent = (this.calls.get(key) ?? []).filter((t) => now - t < 60_000)
    if (recent.length >= this.perMinute) {
      this.calls.set(key, recent)
      return false
    }
    recent.push(now)
    this.calls.set(key, recent)
    return true
  }

  /** POST /wxa/business/getuserphonenumber?access_token=. */
  phoneNumber(q: URLSearchParams, rawBody: string): SimResponse {
    const auth = this.tokens.check(q.get('access_token'))
    if ('error' in auth) return auth.error
    if (!rawBody.trim()) return wxError(44002)
    const body = parseJson(rawBody)
    if (!isRecord(body)) return wxError(47001)
    const code = str(body, 'code')
    const openid = str(body, 'openid')
    const issued = code ? this.phoneCodes.get(code) : undefined
    const now = this.clock.now()
    if (!issued || issued.used || issued.appid !== auth.appid || now - issued.issuedAt > this.ttl)
      return wxError(40029)
    if (openid !== undefined && this.users.openidFor(issued.userKey, auth.appid) !== openid)
      return wxError(40029)
    issued.used = true
    const user = this.users.ensure(issued.userKey)
    const pure = issued.phoneNumber ?? user.phoneNumber
    return json(200, {
      errcode: 0,
      errmsg: 'ok',
      phone_info: {
        phoneNumber: user.countryCode === '86' ? pure : `+${user.countryCode}${pure}`,
        purePhoneNumber: pure,
        countryCode: user.countryCode,
        watermark: { timestamp: Math.floor(now / 1000), appid: auth.appid },
      },
    })
  }
}

/** Registers GET /cgi-bin/token and POST /cgi-bin/stable_token. */
export function registerTokenRoutes(router: Router, apps: Map<string, SimApp>, tokens: TokenStore): void {
  router.add('POST', '/cgi-bin/stable_token', (req) => {
    if (!req.rawBody.trim()) return wxError(44002)
    const body = parseJson(req.rawBody)
    if (!isRecord(body)) return wxError(47001)
    const appid = str(body, 'appid')
    const secret = str(body, 'secret')
    if (!appid) return wxError(41002)
    if (!secret) return wxError(41004)
    if (str(body, 'grant_type') !== 'client_credential') return wxError(40002)
    const app = apps.get(appid)
    if (!app) return wxError(40013)
    if (app.secret !== secret) return wxError(40125)
    const result = tokens.stable(appid, body.force_refresh === true)
    if ('errcode' in result) {
      return wxError(
        result.errcode,
        'reach max api daily quota limit, forced refresh is limited to 20 per day',
      )
    }
    return json(200, result)
  })
  router.add('GET', '/cgi-bin/stable_token', () => wxError(43002))
  router.add('GET', '/cgi-bin/token', (req) => {
    const appid = req.query.get('appid')
    const secret = req.query.get('secret')
    if (!appid) return wxError(41002)
    if (!secret) return wxError(41004)
    if (req.query.get('grant_type') !== 'client_credential') return wxError(40002)
    const app = apps.get(appid)
    if (!app) return wxError(40013)
    if (app.secret !== secret) return wxError(40125)
    return json(200, tokens.classic(appid))
  })
}
