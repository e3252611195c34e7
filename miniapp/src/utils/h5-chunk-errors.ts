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

const BOX_ID = 'cw-chunk-error'

/**
 * The message, drawn outside the app's root (Taro hides its own modal and toast when the router lands on another
 * page instance, which the step back does): 没有打开, the offline words, 重试 and 关闭, as real buttons.
 */
function showMessage(onRetry: () => void): void {
  document.getElementById(BOX_ID)?.remove()
  const box = document.createElement('div')
  box.id = BOX_ID
  box.className = 'cw-chunk-error'
  box.setAttribute('role', 'alertdialog')
  box.setAttribute('aria-labelledby', `${BOX_ID}-title`)
  box.setAttribute('aria-describedby', `${BOX_ID}-text`)
  const title = document.createElement('div')
  title.id = `${BOX_ID}-title`
  title.className = 'cw-chunk-error__title'
  title.textContent = '没有打开'
  const text = document.createElement('div')
  text.id = `${BOX_ID}-text`
  text.className = 'cw-chunk-error__text'
  text.textContent = MSG_OFFLINE
  const retry = document.createElement('button')
  retry.type = 'button'
  retry.className = 'cw-btn cw-chunk-error__retry'
  retry.textContent = '重试'
  retry.addEventListener('click', () => {
    box.remove()
    onRetry()
  })
  const close = document.createElement('button')
  close.type = 'button'
  close.className = 'cw-btn cw-btn--ghost cw-chunk-error__close'
  close.textContent = '关闭'
  close.addEventListener('click', () => box.remove())
  box.append(title, text, retry, close)
  document.body.appendChild(box)
  retry.focus()
}

let handling = false

/** Handles one failed page load: back to the page the person was on, then the message with 重试. */
export function onPageChunkFailed(): void {
  // One page's JS and CSS chunks may each report: one step back, one message.
  if (handling) return
  handling = true
  setTimeout(() => {
    handling = false
  }, 1000)
  const failed = routeOf(window.location.hash)
  // A page was on screen (the failure came from a tap): drop the entry of the page that never opened.
  const hadPage = Taro.getCurrentPages().length > 0
  if (hadPage) window.history.back()
  showMessage(() => {
    if (hadPage) void Taro.navigateTo({ url: failed })
    else window.location.reload()
  })
}

/** Installs the handler (H5 only, from app.ts). */
export function installChunkErrorHandler(): void {
  window.addEventListener('unhandledrejection', (event: PromiseRejectionEvent) => {
    if (!isChunkLoadError(event.reason)) return
    event.preventDefault()
    onPageChunkFailed()
  })
}
