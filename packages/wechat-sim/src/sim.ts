import { createClock } from './clock'
import { registerControlRoutes, SimControl, type ControlDeps } from './control'
import { FaultEngine } from './faults'
import { Router } from './http/router'
import { listen } from './http/server'
import { createPayKeys, type PayKeyInput } from './pay/keys'
import { NOTIFY_RETRY_SCHEDULE_S } from './pay/notifier'
import { registerPayPage } from './pay/page'
import { PayService, type PayMode } from './pay/service'
import { LoginService, registerTokenRoutes, type LoginPolicy } from './wx/login'
import { DEFAULT_TEMPLATES, SubscribeService, type SimTemplate } from './wx/subscribe'
import { SecurityService } from './wx/security'
import { MediaCheckService } from './wx/media-check'
import { TokenStore, type TokenPolicy } from './wx/tokens'
import { UserRegistry, type SimApp, type SimUserInit } from './wx/users'

/** The mini-program the simulator knows when no `apps` are given. */
export const DEFAULT_APP: SimApp = { appid: 'wx1234567890abcdef', secret: 'c0ffee00c0ffee00c0ffee00c0ffee00' }

/** WeChat Pay settings of the simulator (every field has a default). */
export interface SimPayOptions {
  /** @default '1900000001' */
  mchid?: string
  /** 32 ASCII characters. @default 'cunwuSimApiV3Key0123456789abcdef' */
  apiV3Key?: string
  /** Appids bound to the merchant. @default every configured app */
  appids?: string[]
  /** Which key signs responses and callbacks unless a request names one in Wechatpay-Serial. @default 'certificate' */
  mode?: PayMode
  /** Fixed keys and serials (otherwise generated at start-up, shared within a process). */
  keys?: PayKeyInput
  /** Allowed skew of request timestamps against the simulated clock, in seconds; 0 disables. @default 300 */
  timestampWindowSeconds?: number
  /** Seconds (× timeScale) until a refund settles as SUCCESS by itself; null = only via control. @default 5 */
  refundSettleSeconds?: number | null
  /** @default 60 */
  refundMinIntervalSeconds?: number
  /** Refund callback URL used when a refund request has none (the merchant-console setting). */
  refundNotifyUrl?: string
  /** Host of bill download_url values; 'sim' puts the simulator's own base URL. @default 'https://api.mch.weixin.qq.com' */
  downloadUrlBase?: string
  /** @default 0.006 */
  feeRate?: number
  /** @default false */
  requireHttpsNotifyUrl?: boolean
  /** How long the simulator waits for the BFF to answer a callback, in real ms. @default 5000 */
  notifyTimeoutMs?: number
  /** Retry delays in seconds after failed callbacks (× timeScale). @default NOTIFY_RETRY_SCHEDULE_S */
  notifyRetrySchedule?: number[]
}

/** Options of {@link startWechatSim}. */
export interface WechatSimOptions {
  /** TCP port; 0 picks a free one. @default 0 */
  port?: number
  /** @default '127.0.0.1' */
  host?: string
  /** Mini-programs (appid + secret); the first is the default for control calls. @default [DEFAULT_APP] */
  apps?: SimApp[]
  /** Users known from the start; others are created on first use of their userKey. */
  users?: SimUserInit[]
  /** Subscribe-message templates. @default DEFAULT_TEMPLATES */
  templates?: SimTemplate[]
  /** Pages that exist in the live mini-program (for 41030); undefined accepts any well-formed path. */
  pages?: string[]
  /** WeChat Pay v3 settings. */
  pay?: SimPayOptions
  /** Base time source in ms; the control API can shift it further. @default Date.now */
  now?: () => number
  /** Factor applied to real-time waits (callback retry schedule, refund settlement); e.g. 0.001 in tests. @default 1 */
  timeScale?: number
  /** Login code lifetime and jscode2session rate limit. */
  login?: LoginPolicy
  /** Access token lifetime and force_refresh limits. */
  tokens?: TokenPolicy
}

/** A running simulator. */
export interface WechatSim {
  /** Base URL standing in for https://api.weixin.qq.com. */
  baseUrl: string
  /** Base URL standing in for https://api.mch.weixin.qq.com (the same server). */
  payBaseUrl: string
  /** In-process control API (also served over HTTP under /__sim). */
  control: SimControl
  /** The content-security check (msgSecCheck) and its risky-word list. */
  security: SecurityService
  /** The asynchronous image check (mediaCheckAsync), its risky-file list and the message push settings. */
  mediaCheck: MediaCheckService
  /** Stops the server, dropping open connections and pending callbacks. */
  stop(): Promise<void>
}

/** Starts the WeChat server API simulator on a local port. */
export async function startWechatSim(options: WechatSimOptions = {}): Promise<WechatSim> {
  const clock = createClock(options.now)
  const appList = options.apps && options.apps.length > 0 ? options.apps : [DEFAULT_APP]
  const apps = new Map(appList.map((a) => [a.appid, a]))
  const defaultAppid = appList[0]?.appid ?? DEFAULT_APP.appid
  const users = new UserRegistry(options.users)
  const tokens = new TokenStore(clock, options.tokens)
  const login = new LoginService(clock, apps, users, tokens, options.login)
  const faults = new FaultEngine()
  const subscribe = new SubscribeService(
    clock,
    users,
    tokens,
    options.templates ?? DEFAULT_TEMPLATES,
    options.pages ? { pages: options.pages } : {},
  )

  const payOpts = options.pay ?? {}
  const mchid = payOpts.mchid ?? '1900000001'
  const { material, signing } = await createPayKeys(
    mchid,
    payOpts.apiV3Key ?? 'cunwuSimApiV3Key0123456789abcdef',
    payOpts.keys,
  )
  const timeScale = options.timeScale ?? 1
  const pay = new PayService(
    clock,
    users,
    material,
    signing,
    {
      appids: payOpts.appids ?? appList.map((a) => a.appid),
      mode: payOpts.mode ?? 'certificate',
      timestampWindowSeconds: payOpts.timestampWindowSeconds ?? 300,
      refundSettleSeconds: payOpts.refundSettleSeconds === undefined ? 5 : payOpts.refundSettleSeconds,
      refundMinIntervalSeconds: payOpts.refundMinIntervalSeconds ?? 60,
      ...(payOpts.refundNotifyUrl !== undefined ? { refundNotifyUrl: payOpts.refundNotifyUrl } : {}),
      downloadUrlBase: 'https://api.mch.weixin.qq.com',
      feeRate: payOpts.feeRate ?? 0.006,
      requireHttpsNotifyUrl: payOpts.requireHttpsNotifyUrl ?? false,
    },
    timeScale,
    payOpts.notifyTimeoutMs ?? 5000,
    payOpts.notifyRetrySchedule ?? NOTIFY_RETRY_SCHEDULE_S,
  )

  const api = new Router()
  login.register(api)
  registerTokenRoutes(api, apps, tokens)
  subscribe.register(api)
  const security = new SecurityService(tokens, users)
  security.register(api)
  const mediaCheck = new MediaCheckService(clock, tokens, users)
  mediaCheck.register(api)
  pay.register(api)

  const deps: ControlDeps = { clock, apps, defaultAppid, users, login, tokens, faults, subscribe, pay }
  const control = new SimControl(deps)
  const controlRouter = new Router()
  registerControlRoutes(controlRouter, control, deps)
  registerPayPage(controlRouter, pay)
  security.registerControl(controlRouter)
  mediaCheck.registerControl(controlRouter)

  const server = await listen({
    host: options.host ?? '127.0.0.1',
    port: options.port ?? 0,
    api,
    control: controlRouter,
    faults,
  })
  if (payOpts.downloadUrlBase !== undefined) {
    pay.policy.downloadUrlBase = payOpts.downloadUrlBase === 'sim' ? server.url : payOpts.downloadUrlBase
  }
  return {
    baseUrl: server.url,
    payBaseUrl: server.url,
    control,
    security,
    mediaCheck,
    stop: async () => {
      pay.stop()
      await server.close()
    },
  }
}
