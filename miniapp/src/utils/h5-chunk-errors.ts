// Taro's H5 router loads each page's code when it is first opened (docs/offline.md, The first screen). Offline, a
// page not opened before cannot load: the router's promise rejects with webpack's chunk error and nothing is
// shown, while the address already names the new page (an outside tester: "the button is broken", and Back then
// stayed on the same page). This catches that rejection, takes the failed page's entry out of the history (Back),
// and says what happened in the words the data requests use offline, with 重试.
import Taro from '@tarojs/taro'
import { MSG_OFFLINE } from '@/services/request'

/** Whether a rejection is webpack failing to fetch a chunk (JS: ChunkLoadError; CSS: mini-css-extract-plugin). */
export function isChunkLoadError(reason: unknown): boolean {
  if (!(reason instanceof Error)) return false
  const code = (reason as Error & { code?: unknown }).code
  return (
    reason.name === 'ChunkLoadError' ||
    code === 'CSS_CHUNK_LOAD_FAILED' ||
    /^Loading (CSS )?chunk \S+ failed/.test(reason.message)
  )
}

/** The Taro URL (`/guides/list/index?…`) of a hash-routed address (`#/guides/list/index?…`). */
function routeOf(hash: string): string {
  return hash.replace(/^#/, '') || '/'
}

let showing = false

/** Handles one failed page load: back to the page the person was on, then the message with 重试. */
export async function onPageChunkFailed(): Promise<void> {
  // One page's JS and CSS chunks may each report: one message, one step back.
  if (showing) return
  showing = true
  const failed = routeOf(window.location.hash)
  // A page was on screen (the failure came from a tap): drop the entry of the page that never opened.
  const hadPage = Taro.getCurrentPages().length > 0
  if (hadPage) window.history.back()
  try {
    const { confirm } = await Taro.showModal({
      title: '没有打开',
      content: MSG_OFFLINE,
      confirmText: '重试',
      cancelText: '不用了',
    })
    if (!confirm) return
    if (hadPage) await Taro.navigateTo({ url: failed })
    else window.location.reload()
  } catch {
    // The modal or the retry failed (still offline): the next tap tries again.
  } finally {
    showing = false
  }
}

/** Installs the handler (H5 only, from app.ts). */
export function installChunkErrorHandler(): void {
  window.addEventListener('unhandledrejection', (event: PromiseRejectionEvent) => {
    if (!isChunkLoadError(event.reason)) return
    event.preventDefault()
    void onPageChunkFailed()
  })
}
