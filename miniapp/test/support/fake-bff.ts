// A tiny in-test BFF: routes Taro.request calls to handlers by method and path, and records each call.
import { taroMock } from '../__mocks__/taro'

/** One request as the fake server saw it. */
export interface SeenRequest {
  method: string
  path: string
  /** The query string's parameters, decoded. */
  query: Record<string, string>
  authorization: string | undefined
  /** Every header sent (Authorization too). */
  headers: Record<string, string>
  body: unknown
}

/** What a handler answers: a status and a JSON body (omit for an empty body). */
export interface FakeReply {
  status: number
  body?: unknown
}

type Handler = (req: SeenRequest) => FakeReply | Promise<FakeReply>

/** Error envelope as the BFF sends it. */
export function apiError(status: number, code: string, message = code, details?: unknown): FakeReply {
  return { status, body: { error: { code, message, ...(details === undefined ? {} : { details }) } } }
}

/**
 * Installs handlers keyed by "METHOD /path" (query string stripped); unknown routes answer 404. Returns the
 * list of requests seen, in order.
 */
export function fakeBff(routes: Record<string, Handler>): SeenRequest[] {
  const seen: SeenRequest[] = []
  taroMock.request.mockImplementation(
    async (opts: { url: string; method?: string; header?: Record<string, string>; data?: string }) => {
      const req: SeenRequest = {
        method: opts.method ?? 'GET',
        path: opts.url.split('?')[0] ?? opts.url,
        query: Object.fromEntries(new URLSearchParams(opts.url.split('?')[1] ?? '')),
        authorization: opts.header?.Authorization,
        headers: { ...opts.header },
        body: opts.data === undefined ? undefined : JSON.parse(opts.data),
      }
      seen.push(req)
      const handler = routes[`${req.method} ${req.path}`]
      const reply = handler ? await handler(req) : apiError(404, 'not_found')
      return {
        statusCode: reply.status,
        data: reply.body === undefined ? '' : JSON.stringify(reply.body),
        header: {},
        errMsg: 'request:ok',
      }
    },
  )
  return seen
}

/** A promise with its resolve function exposed, to hold a fake answer back until the test releases it. */
export function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve = () => {}
  const promise = new Promise<void>((r) => {
    resolve = r
  })
  return { promise, resolve }
}
