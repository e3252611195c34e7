import type { WechatSim } from '@cunwu/wechat-sim'
import type { Config } from '../config'
import type { Logger } from '../logger'
import type { PayRuntime } from './pay-runtime'
import type { WechatPayKeys } from './wechat-pay.client'
import { certificateSerial, createWechatPayClient, pemFrom, publicKeyPemOf } from './wechat-pay.client'

const REAL_BASE = 'https://api.mch.weixin.qq.com'

function record(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null ? { ...value } : {}
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : ''
}

/** Key material from a simulator's `/__sim/config` answer (or `control.payKeys()`). */
function keysFromSim(pay: Record<string, unknown>, appid: string): WechatPayKeys {
  const platformKeys: Record<string, string> = {}
  if (text(pay.platformSerial) && text(pay.platformPublicKeyPem))
    platformKeys[text(pay.platformSerial)] = text(pay.platformPublicKeyPem)
  if (text(pay.publicKeyId) && text(pay.wechatpayPublicKeyPem))
    platformKeys[text(pay.publicKeyId)] = text(pay.wechatpayPublicKeyPem)
  return {
    appid,
    mchid: text(pay.mchid),
    merchantSerial: text(pay.merchantSerial),
    merchantPrivateKeyPem: text(pay.merchantPrivateKeyPem),
    apiV3Key: text(pay.apiV3Key),
    platformKeys,
    // Without a Wechatpay-Serial header the simulator signs with its current mode's key; both keys verify.
    requestSerial: null,
  }
}

/** Key material from configuration (real mode, or a simulator whose keys were put in the environment). */
function keysFromConfig(config: Config, appid: string): WechatPayKeys | null {
  if (
    !config.WECHAT_PAY_MCHID ||
    !config.WECHAT_PAY_SERIAL ||
    !config.WECHAT_PAY_PRIVATE_KEY ||
    !config.WECHAT_PAY_APIV3_KEY
  )
    return null
  const platformKeys: Record<string, string> = {}
  if (config.WECHAT_PAY_PLATFORM_CERT) {
    const cert = pemFrom(config.WECHAT_PAY_PLATFORM_CERT)
    platformKeys[certificateSerial(cert)] = publicKeyPemOf(cert)
  }
  if (config.WECHAT_PAY_PUBLIC_KEY && config.WECHAT_PAY_PUBLIC_KEY_ID) {
    platformKeys[config.WECHAT_PAY_PUBLIC_KEY_ID] = publicKeyPemOf(pemFrom(config.WECHAT_PAY_PUBLIC_KEY))
  }
  return {
    appid,
    mchid: config.WECHAT_PAY_MCHID,
    merchantSerial: config.WECHAT_PAY_SERIAL,
    merchantPrivateKeyPem: pemFrom(config.WECHAT_PAY_PRIVATE_KEY),
    apiV3Key: config.WECHAT_PAY_APIV3_KEY,
    platformKeys,
    requestSerial: config.WECHAT_PAY_PUBLIC_KEY_ID ?? null,
  }
}

/**
 * Builds what the charges need from WeChat Pay. Sim mode: the in-process simulator's keys and clock (so tests
 * can move time), or an external simulator's `/__sim/config`. Real mode: the configured keys, or null (payments
 * off) when no merchant id is configured.
 */
export async function payRuntimeFor(deps: {
  config: Config
  logger: Logger
  wechatSim: WechatSim | null
  appid: string
  wechatBase: string
}): Promise<PayRuntime | null> {
  const { config } = deps
  const host = config.HOST === '0.0.0.0' || config.HOST === '::' ? '127.0.0.1' : config.HOST
  const notifyBase = (config.WECHAT_PAY_NOTIFY_BASE ?? `http://${host}:${config.PORT}`).replace(/\/+$/, '')
  const common = { notifyBase, orderTtlMinutes: config.PAY_ORDER_TTL_MINUTES }

  if (config.WECHAT_MODE === 'real') {
    const keys = keysFromConfig(config, deps.appid)
    if (!keys) {
      deps.logger.warn('WeChat Pay is not configured (WECHAT_PAY_MCHID unset): charges cannot be paid')
      return null
    }
    const baseUrl = config.WECHAT_PAY_BASE ?? REAL_BASE
    return { ...common, client: createWechatPayClient({ baseUrl, keys }), now: Date.now, h5PayBase: null }
  }

  const sim = deps.wechatSim
  if (sim) {
    const clock = () => sim.control.now()
    const keys = keysFromConfig(config, deps.appid) ?? keysFromSim(record(sim.control.payKeys()), deps.appid)
    const baseUrl = config.WECHAT_PAY_BASE ?? sim.payBaseUrl
    return {
      ...common,
      client: createWechatPayClient({ baseUrl, keys, now: clock }),
      now: clock,
      h5PayBase: sim.baseUrl,
    }
  }

  // An external simulator: its key material is served at /__sim/config.
  const simBase = (config.WECHAT_PAY_BASE ?? deps.wechatBase).replace(/\/+$/, '')
  let keys = keysFromConfig(config, deps.appid)
  if (!keys) {
    try {
      const res = await fetch(`${simBase}/__sim/config`, { signal: AbortSignal.timeout(5000) })
      keys = keysFromSim(record(record(await res.json()).pay), deps.appid)
    } catch (err) {
      deps.logger.warn(
        { err: err instanceof Error ? err.message : String(err) },
        'WeChat Pay simulator config unavailable: charges cannot be paid',
      )
      return null
    }
  }
  return {
    ...common,
    client: createWechatPayClient({ baseUrl: simBase, keys }),
    now: Date.now,
    h5PayBase: simBase,
  }
}
