import { randomBytes } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { DEFAULT_APP, deriveOpenid, startWechatSim } from '@cunwu/wechat-sim'
import type { WechatSim } from '@cunwu/wechat-sim'
import type { DevLogin } from './deps'
import type { Config } from './config'
import type { Database } from './db'
import type { Logger } from './logger'
import { createWechatClient } from './clients/wechat.client'
import { createContentSecurityClient } from './clients/wechat-security.client'
import { createMediaCheckClient, messagePushToken } from './clients/wechat-media-check.client'
import { createTokenManager } from './clients/wechat-token'
import { createServices } from './services'
import type { Services } from './services'
import { syncIndexes } from './models'
import { devClockModel } from './models/DevClock.model'
import { recordCatalogVersion } from './services/catalog.service'
import { ProvisionalDeadlinesService } from './services/provisional-deadlines.service'
import { LegacyImageScrubService } from './services/legacy-image-scrub.service'
import { getWorkingCalendar } from './lib/calendar/working-calendar'
import { demoUserList, seedDemo } from './services/seed.service'
import { seedDemoDisclosures } from './services/seed-disclosures.service'
import { startDisclosureMaintenance } from './jobs/disclosure-maintenance.job'
import { startQuestionUpkeep } from './jobs/questions-upkeep.job'
import { startConsultationUpkeep } from './jobs/consultations-upkeep.job'
import { startAlignmentRulesSweep } from './jobs/alignment-rules-sweep.job'
import { outboxSenderFor } from './jobs/outbox-sender.job'
import type { OutboxSender } from './jobs/outbox-sender.job'
import { payRuntimeFor } from './clients/wechat-pay.setup'
import type { PayRuntime } from './clients/pay-runtime'
import { startPayJobs } from './jobs/pay.job'
import type { PayJobs } from './jobs/pay.job'

/** How often an instance reads the development clock another may have moved (outside production only). */
const CLOCK_REFRESH_MS = 1000

/** Everything built around the database at start-up: services, WeChat access, the dev sign-in. */
export interface Runtime {
  services: Services | null
  devLogin: DevLogin | null
  /** The in-process WeChat simulator, when one was started. */
  wechatSim: WechatSim | null
  /** The sender of WeChat subscribe messages (running unless NOTIFICATIONS_WORKER is off). */
  outboxSender: OutboxSender | null
  /** Payment order expiry and the daily trade-bill reconciliation (running unless PAY_WORKER is off). */
  payJobs: PayJobs | null
  /** The WeChat Pay set-up (null without one); server.ts points its callbacks at the port actually bound. */
  pay: PayRuntime | null
  close(): Promise<void>
}

/** Whether the demo county, rosters and people go into an empty database: SEED_DEMO, else outside production in sim mode. */
export function seedsDemoData(config: Config): boolean {
  return config.SEED_DEMO ?? (config.NODE_ENV !== 'production' && config.WECHAT_MODE === 'sim')
}

/** The JWT key: from config, or (outside production) generated once into DATA_DIR so sessions survive restarts. */
function jwtSecret(config: Config): string {
  if (config.JWT_SECRET) return config.JWT_SECRET
  const file = path.join(config.DATA_DIR, 'secrets', 'jwt.key')
  if (fs.existsSync(file)) return fs.readFileSync(file, 'utf8').trim()
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 })
  const secret = randomBytes(48).toString('base64url')
  fs.writeFileSync(file, secret, { mode: 0o600, flag: 'wx' })
  return secret
}

/** Wires WeChat (real or simulated), the services and the demo data around an open database. */
export async function createRuntime(config: Config, logger: Logger, db: Database): Promise<Runtime> {
  let wechatSim: WechatSim | null = null
  let wechatBase: string
  let devLogin: DevLogin | null = null
  const appid = config.WECHAT_APPID ?? DEFAULT_APP.appid
  const secret = config.WECHAT_SECRET ?? DEFAULT_APP.secret

  if (config.WECHAT_MODE === 'real') {
    wechatBase = config.WECHAT_API_BASE ?? 'https://api.weixin.qq.com'
  } else {
    if (config.WECHAT_API_BASE) {
      wechatBase = config.WECHAT_API_BASE
    } else {
      wechatSim = await startWechatSim({ port: 0, apps: [{ appid, secret }] })
      wechatBase = wechatSim.baseUrl
      logger.info({ url: wechatBase }, 'WeChat simulator started in-process')
    }
    const simBase = wechatBase
    devLogin = {
      demoUsers: async () => demoUserList(),
      async loginCode(userKey) {
        const res = await fetch(new URL('/__sim/login-code', simBase), {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ userKey, appid }),
        })
        const body: unknown = await res.json()
        if (
          !res.ok ||
          typeof body !== 'object' ||
          body === null ||
          !('code' in body) ||
          typeof body.code !== 'string'
        ) {
          throw new Error(`simulator refused a login code (${res.status})`)
        }
        return body.code
      },
      async requestSubscribe(openid, templateIds, decision) {
        const res = await fetch(new URL('/__sim/subscribe', simBase), {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ openid, appid, templateIds, decision }),
        })
        const body: unknown = await res.json()
        if (typeof body !== 'object' || body === null) throw new Error(`simulator answered ${res.status}`)
        return { ...body }
      },
    }
  }

  let services: Services | null = null
  let outboxSender: OutboxSender | null = null
  let payJobs: PayJobs | null = null
  let pay: PayRuntime | null = null
  let maintenance: { stop(): void } | null = null
  let questionUpkeep: { stop(): void } | null = null
  let consultationUpkeep: { stop(): void } | null = null
  let alignmentSweep: { stop(): void } | null = null
  let clockRefresh: NodeJS.Timeout | undefined
  if (db.connection) {
    const wechat = createWechatClient({ baseUrl: wechatBase, appid, secret })
    pay = await payRuntimeFor({ config, logger, wechatSim, appid, wechatBase })
    services = createServices({
      conn: db.connection,
      config,
      wechat,
      jwtSecret: jwtSecret(config),
      pay,
      logger,
      contentSecurity: createContentSecurityClient({
        baseUrl: wechatBase,
        tokens: createTokenManager({ baseUrl: wechatBase, appid, secret }),
      }),
      // Photos need WeChat's pushed verdict, so they are taken only where the push can be verified.
      mediaCheck: messagePushToken(config)
        ? createMediaCheckClient({
            baseUrl: wechatBase,
            tokens: createTokenManager({ baseUrl: wechatBase, appid, secret }),
          })
        : null,
    })
    await syncIndexes(services.models)
    // Government rows once kept inside their items move out to roster chunks (idempotent; nothing to do after).
    await services.governmentRows.migrateInlineRows()
    // Memberships from before person keys get theirs: one account per roster person (idempotent).
    await services.memberships.migratePersonKeys()
    // Person keys from before the 村民小组 was part of them (idempotent).
    await services.memberships.rekeyPersonKeys()
    // Deadlines counted over a year without holiday data, counted again with the data this build carries.
    const recounted = await new ProvisionalDeadlinesService({
      models: services.models,
      audit: services.audit,
      calendar: getWorkingCalendar,
    }).recompute()
    if (Object.values(recounted).some((n) => n > 0))
      logger.info({ recounted }, 'provisional deadlines recounted')
    // Images stored with their metadata before uploads were cleaned (docs/privacy.md, "Uploaded files").
    const scrubbed = await new LegacyImageScrubService({ conn: db.connection, models: services.models }).run()
    if (Object.values(scrubbed).some((r) => r.replaced + r.clean + r.unreadable > 0))
      logger.info({ scrubbed }, 'stored images looked at for metadata')
    await recordCatalogVersion(services.models, services.audit)
    if (seedsDemoData(config)) {
      const { seeded } = await seedDemo(services.models, services.audit, (key) => deriveOpenid(appid, key))
      if (seeded) logger.info('demo regions, rosters and people seeded')
      // Development only: a few published items so a first look shows the product working (tests count items).
      if (config.NODE_ENV === 'development' && (await seedDemoDisclosures(services)).seeded)
        logger.info('demo disclosures published')
    }
    if (devLogin) {
      // The development clock, moved through any worker, is one clock for all of them (clock.service.ts).
      const clock = services.clock
      clock.shareThrough(devClockModel(db.connection))
      await clock.refresh()
      clockRefresh = setInterval(() => void clock.refresh().catch(() => undefined), CLOCK_REFRESH_MS)
      clockRefresh.unref()
    }
    outboxSender = outboxSenderFor({ config, logger, services, wechatBase, appid, secret })
    if (config.PAY_WORKER ?? config.NODE_ENV !== 'test') {
      payJobs = startPayJobs({ pay: services.pay, logger, intervalMs: config.PAY_JOB_INTERVAL_MS })
    }
    if (config.MAINTENANCE_INTERVAL_MS > 0) {
      maintenance = startDisclosureMaintenance(services, logger, config.MAINTENANCE_INTERVAL_MS)
      questionUpkeep = startQuestionUpkeep(services, logger, config.MAINTENANCE_INTERVAL_MS)
      consultationUpkeep = startConsultationUpkeep(services, logger, config.MAINTENANCE_INTERVAL_MS)
      alignmentSweep = startAlignmentRulesSweep(services, logger, config.MAINTENANCE_INTERVAL_MS)
    }
  }

  return {
    services,
    devLogin,
    wechatSim,
    outboxSender,
    payJobs,
    pay,
    async close() {
      // A publish's follow-ups still running finish before the database goes.
      clearInterval(clockRefresh)
      await services?.afterResponse.idle()
      await payJobs?.stop()
      maintenance?.stop()
      questionUpkeep?.stop()
      consultationUpkeep?.stop()
      alignmentSweep?.stop()
      await outboxSender?.stop()
      await wechatSim?.stop()
    },
  }
}
