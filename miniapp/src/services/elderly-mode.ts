import Taro from '@tarojs/taro'
import { isH5 } from '@/utils/platform'

// 长辈模式 (elderly mode): large text and tap targets, a simplified home. The person's own choice is kept in
// storage; until they choose, the mode follows WeChat's font-size setting where the platform reports it (weapp;
// H5 has none). See docs/miniapp.md, "长辈模式".

/** Storage key of the person's choice: 'on' or 'off' (absent until they choose). */
export const ELDERLY_CHOICE_KEY = 'cw.elderlyMode'
/** Storage key set once the first-open prompt has been answered or dismissed, so it is offered only once. */
export const ELDERLY_OFFERED_KEY = 'cw.elderlyModeOffered'
/** The root class that switches the type and touch-target tokens (styles/_elderly.scss). */
export const ELDERLY_CLASS = 'cw-elderly'
/**
 * WeChat's font size (px, `fontSizeSetting`) from which the mode is on by default: WeChat's 关怀模式 text is
 * 23.8px on iOS, and 22px is the step below it on 375-wide phones (docs/miniapp.md lists the levels).
 */
export const LARGE_WECHAT_FONT_PX = 22

type Listener = (on: boolean) => void
const listeners = new Set<Listener>()

/** The person's stored choice, or null when they have not chosen. */
export function readElderlyChoice(): 'on' | 'off' | null {
  try {
    const value: unknown = Taro.getStorageSync(ELDERLY_CHOICE_KEY)
    return value === 'on' || value === 'off' ? value : null
  } catch {
    return null
  }
}

/** WeChat's font-size setting in px (weapp), or null where the platform does not report one (H5). */
export function wechatFontSize(): number | null {
  if (isH5()) return null
  try {
    // getAppBaseInfo is WeChat's recommended source; its typings in Taro omit the field, getSystemInfoSync's have it.
    const base: object = typeof Taro.getAppBaseInfo === 'function' ? Taro.getAppBaseInfo() : {}
    const size =
      'fontSizeSetting' in base && typeof base.fontSizeSetting === 'number' ? base.fontSizeSetting : undefined
    return size ?? Taro.getSystemInfoSync().fontSizeSetting ?? null
  } catch {
    return null
  }
}

/** Whether 长辈模式 is on: the person's choice, else WeChat's large font setting. */
export function isElderlyMode(): boolean {
  const choice = readElderlyChoice()
  if (choice !== null) return choice === 'on'
  const size = wechatFontSize()
  return size !== null && size >= LARGE_WECHAT_FONT_PX
}

/** Whether to offer the mode at this open: the person has neither chosen nor dismissed the offer. */
export function shouldOfferElderlyMode(): boolean {
  if (readElderlyChoice() !== null) return false
  try {
    return Taro.getStorageSync(ELDERLY_OFFERED_KEY) !== true
  } catch {
    return false
  }
}

/** Remembers that the offer was answered or dismissed, so it never shows again. */
export function markElderlyModeOffered(): void {
  Taro.setStorageSync(ELDERLY_OFFERED_KEY, true)
}

/** In H5 the class sits on <html>, so every page (and dialogs outside the page root) picks it up. */
function applyRootClass(on: boolean): void {
  if (!isH5() || typeof document === 'undefined') return
  document.documentElement.classList.toggle(ELDERLY_CLASS, on)
}

/** Stores the person's choice, applies it and tells the pages that show it. */
export function setElderlyMode(on: boolean): void {
  Taro.setStorageSync(ELDERLY_CHOICE_KEY, on ? 'on' : 'off')
  markElderlyModeOffered()
  applyRootClass(on)
  for (const listener of listeners) listener(on)
}

/** Calls `listener` whenever the mode is switched; returns the unsubscribe function. */
export function onElderlyModeChange(listener: Listener): () => void {
  listeners.add(listener)
  return () => {
    listeners.delete(listener)
  }
}

/** Applies the stored mode at start-up (H5: the class on <html> before the first page renders). */
export function installElderlyMode(): void {
  applyRootClass(isElderlyMode())
}
