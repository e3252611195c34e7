import { createClock } from './clock'
import { registerControlRoutes, SimControl, type ControlDeps } from './control'
import { FaultEngine } from './faults'
import { Router } from './http/router'
import { listen } from './http/server'
import { LoginService, registerTokenRoutes, type LoginPolicy } from './wx/login'
import { DEFAULT_TEMPLATES, SubscribeService, type SimTemplate } from './wx/subscribe'
import { TokenStore, type TokenPolicy } from './wx/tokens'
import { UserRegistry, type SimApp, type SimUserInit } from './wx/users'

/** The mini-program the simulator knows when no `apps` are given. */
export const DEFAULT_APP: SimApp = { appid: 'wx1234567890abcdef', secret: 'c0ffee00c0ffee00c0ffee00c0ffee00' }

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

  const api = new Router()
  login.register(api)
  registerTokenRoutes(api, apps, tokens)
  subscribe.register(api)

  const deps: ControlDeps = { clock, apps, defaultAppid, users, login, tokens, faults, subscribe }
  const control = new SimControl(deps)
  const controlRouter = new Router()
  registerControlRoutes(controlRouter, control, deps)

  const server = await listen({
    host: options.host ?? '127.0.0.1',
    port: options.port ?? 0,
    api,
    control: controlRouter,
    faults,
  })
  return {
    baseUrl: server.url,
    payBaseUrl: server.url,
    control,
    stop: () => server.close(),
  }
}
