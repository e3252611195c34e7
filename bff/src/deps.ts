import type { DemoUserDto } from '@cunwu/domain'
import type { Config } from './config'
import type { Database } from './db'
import type { Logger } from './logger'
import type { Services } from './services'

/** Development sign-in through the WeChat simulator; null when the BFF talks to the real WeChat. */
export interface DevLogin {
  demoUsers(): Promise<DemoUserDto[]>
  loginCode(userKey: string): Promise<string>
  /** Stands in for `wx.requestSubscribeMessage` in H5: the simulator answers as the WeChat client would. */
  requestSubscribe(
    openid: string,
    templateIds: string[],
    decision: 'accept' | 'reject',
  ): Promise<Record<string, unknown>>
}

/**
 * What the routers need; built once by `createApp` (app.ts) and passed down. It lives apart from app.ts so that
 * routers depend on this contract, not on the composition root that imports them.
 */
export interface AppDeps {
  config: Config
  logger: Logger
  db: Database
  version: string
  /** The services; throws 503 when there is no database. */
  services: () => Services
  devLogin: DevLogin | null
}
