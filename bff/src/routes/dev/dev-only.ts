import type { AppDeps, DevLogin } from '../../deps'

/**
 * The development sign-in of the WeChat simulator when this BFF may offer it, else null: never in production,
 * whatever WECHAT_MODE says (even with ALLOW_WECHAT_SIM_IN_PRODUCTION, which only lets the simulator stand in for
 * WeChat). Every /dev/* route answers 404 without it.
 */
export function devLoginOf(deps: AppDeps): DevLogin | null {
  return deps.config.NODE_ENV === 'production' ? null : deps.devLogin
}
