// WeChat's privacy authorization (小程序隐私协议开发指南, see docs/privacy.md): before a privacy API such as
// wx.chooseMessageFile runs for a user who has not agreed to the mini-program's 用户隐私保护指引, WeChat holds the
// call and fires onNeedPrivacyAuthorization; we show our consent sheet, and the call goes on only after the
// user taps a button with open-type="agreePrivacyAuthorization" and we resolve with that button's id. The H5
// build has no such flow (browsers have no WeChat privacy APIs): installing is a no-op there.
import Taro from '@tarojs/taro'
import { isH5 } from '@/utils/platform'

/** Id of the agree button; WeChat checks that the button with this id was tapped before letting the call go on. */
export const AGREE_BUTTON_ID = 'cw-privacy-agree'

/**
 * The privacy APIs the mini-program calls and what for, in the words shown on the consent sheet. docs/privacy.md
 * lists them with the files that call them, for the 用户隐私保护指引 filled in on the WeChat admin console.
 */
export const PRIVACY_API_PURPOSES: Readonly<Record<string, string>> = {
  chooseMessageFile: '从微信聊天里选择要上传的文件（导入的表格、公开内容的附件、记账凭证）',
  chooseMedia: '从相册选择或拍摄要上传的照片',
}

type Resolve = (option: { event: 'exposureAuthorization' | 'agree' | 'disagree'; buttonId?: string }) => void

/** A privacy API call WeChat is holding until the user answers. */
export interface PendingAuthorization {
  /** The API or component that asked, e.g. `chooseMessageFile`. */
  referrer: string
  /** What it is for, in plain Chinese. */
  purpose: string
}

let pending: { info: PendingAuthorization; resolve: Resolve; shown: boolean } | null = null
let installed = false
/** What the privacy API call in flight is for, in the words of the page that made it (callPrivacyApi). */
let purposeOfCall: string | null = null
const listeners = new Set<() => void>()

function notify(): void {
  for (const listener of listeners) listener()
}

/** Registers the one onNeedPrivacyAuthorization listener (WeChat only; at most once). */
export function installPrivacyAuthorization(): void {
  if (installed || isH5() || typeof Taro.onNeedPrivacyAuthorization !== 'function') return
  installed = true
  Taro.onNeedPrivacyAuthorization((resolve, eventInfo) => {
    const referrer = eventInfo?.referrer ?? ''
    // A second request while one waits: the earlier call is refused, the newest one is asked about.
    pending?.resolve({ event: 'disagree' })
    pending = null
    // No sheet on screen to ask with (every page root carries one): refuse at once, so the call fails instead of
    // waiting for ever.
    if (listeners.size === 0) {
      resolve({ event: 'disagree' })
      return
    }
    const purpose = purposeOfCall ?? PRIVACY_API_PURPOSES[referrer] ?? '使用这项功能'
    pending = { info: { referrer, purpose }, resolve, shown: false }
    notify()
  })
}

/** The call waiting for the user's answer, or null. */
export function pendingAuthorization(): PendingAuthorization | null {
  return pending?.info ?? null
}

/** Calls `listener` whenever a call starts or stops waiting; returns the unsubscribe function. */
export function subscribeAuthorization(listener: () => void): () => void {
  listeners.add(listener)
  return () => listeners.delete(listener)
}

/**
 * Runs a privacy API call (wx.chooseMessageFile, wx.chooseMedia) for `purpose`, the words the consent sheet shows if
 * WeChat holds it for the user's agreement. Every caller goes through this, and so through the one sheet.
 */
export async function callPrivacyApi<T>(purpose: string, call: () => Promise<T>): Promise<T> {
  purposeOfCall = purpose
  try {
    return await call()
  } finally {
    purposeOfCall = null
  }
}

/** Tells WeChat our consent sheet is on screen (asked for by the guide before agree/disagree), once per call. */
export function reportSheetShown(): void {
  if (!pending || pending.shown) return
  pending.shown = true
  pending.resolve({ event: 'exposureAuthorization' })
}

/**
 * Answers the waiting call: after the agree button (open-type agreePrivacyAuthorization) was tapped, or the
 * user declined (the call then fails with "privacy permission is not authorized").
 */
export function answerAuthorization(agree: boolean): void {
  const current = pending
  if (!current) return
  pending = null
  current.resolve(agree ? { event: 'agree', buttonId: AGREE_BUTTON_ID } : { event: 'disagree' })
  notify()
}

/** Forgets the listener and any waiting call (tests). */
export function resetPrivacyAuthorizationForTests(): void {
  pending = null
  installed = false
  purposeOfCall = null
  listeners.clear()
}
