/**
 * H5 only: the answer to a page's first request, asked for by the page's loading script before the app's code had
 * downloaded (config/h5-loading.ts writes that script; docs/offline.md, The first screen). A disclosure opened from a
 * link or a notice-board QR code thus loads its data while the code loads, instead of after it. The answer is taken
 * once, and only by the request it was made for: the same URL and the same access token (or none). Anywhere else
 * (the mini-program, tests) there is none.
 */

/** What the loading script leaves on `window.__cwEarly`. */
interface EarlyRequest {
  url: string
  /** The access token it sent, or null when it sent none. */
  token: string | null
  answer: Promise<{ status: number; text: string } | null>
}

function isEarlyRequest(value: unknown): value is EarlyRequest {
  if (typeof value !== 'object' || value === null) return false
  const v: Record<string, unknown> = { ...value }
  return (
    typeof v.url === 'string' &&
    (typeof v.token === 'string' || v.token === null) &&
    v.answer instanceof Promise
  )
}

/** The HTTP answer in Taro.request's shape, when the loading script asked for exactly this request and got a 200. */
export async function takeEarlyAnswer(
  url: string,
  token: string | null | undefined,
): Promise<{ statusCode: number; data: string } | null> {
  const holder: Record<string, unknown> = globalThis as unknown as Record<string, unknown>
  const early = holder.__cwEarly
  if (!isEarlyRequest(early) || early.url !== url || early.token !== (token ?? null)) return null
  delete holder.__cwEarly
  const answer = await early.answer.catch(() => null)
  // Anything but a 200 goes the ordinary way (a 401 then refreshes the session, an error is retried and reported).
  return answer && answer.status === 200 ? { statusCode: 200, data: answer.text } : null
}
