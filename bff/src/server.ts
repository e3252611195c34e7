import http from 'node:http'
import type { AddressInfo, Socket } from 'node:net'
import type { Duplex } from 'node:stream'
import type Koa from 'koa'
import { ErrorCode } from '@cunwu/domain'
import { createApp } from './app'
import { listenBaseUrl } from './config'
import type { Config } from './config'
import { openDatabase, unavailableDatabase } from './db'
import type { Database } from './db'
import type { Logger } from './logger'
import { AppError, badRequest, payloadTooLarge, requestTimeout } from './errors'
import { setPublicBase } from './routes/request-base'
import { createRuntime } from './runtime'
import { messagePushToken } from './clients/wechat-media-check.client'
import { parseWorkers } from './imports/table-import-workers'
import { posterWorkers } from './posters/poster-workers'
import { IMPORT_LIMITS } from './services/table-import-checks.service'
import type { Runtime } from './runtime'

/** A running BFF: its URL and how to stop it gracefully. */
export interface RunningServer {
  url: string
  port: number
  /** The database (unavailable until reached, when it was not at start-up) and what was built around it. */
  readonly db: Database
  readonly runtime: Runtime
  /** Stops accepting, lets in-flight requests finish (up to SHUTDOWN_TIMEOUT_MS), then closes the database. */
  close(): Promise<void>
}

/**
 * The HTTP server for `app`, with timeouts that close slow sockets long before Node's defaults (60 s for headers,
 * 300 s for the whole request): a client that trickles its headers or body gets a 408 and its socket is closed.
 * See docs/http-hardening.md.
 */
export function createHttpServer(
  app: Pick<Koa, 'callback'>,
  config: Pick<Config, 'HEADERS_TIMEOUT_MS' | 'REQUEST_TIMEOUT_MS'>,
): http.Server {
  const server = http.createServer(
    {
      headersTimeout: config.HEADERS_TIMEOUT_MS,
      requestTimeout: config.REQUEST_TIMEOUT_MS,
      // Node checks both timeouts on this interval (30 s by default), so a short timeout needs a shorter one.
      connectionsCheckingInterval: Math.max(100, Math.min(5_000, Math.floor(config.HEADERS_TIMEOUT_MS / 2))),
      // Node would answer an HTTP/1.1 request without Host with a bare 400; answered below with the envelope.
      requireHostHeader: false,
    },
    withHostRequired(app.callback()),
  )
  server.keepAliveTimeout = 5_000
  server.on('clientError', answerClientError)
  // An Expect other than 100-continue: Node's own answer is a bare 417.
  server.on('checkExpectation', (_req, res) =>
    answerWithEnvelope(
      res,
      new AppError(417, ErrorCode.ExpectationFailed, '请求的 Expect 头不受支持，请去掉后重试'),
    ),
  )
  return server
}

/** The error envelope's JSON, as the error handler sends it, for answers written outside Koa. */
const envelopeJson = (error: AppError) =>
  JSON.stringify({ error: { code: error.code, message: error.message } })

/** Writes an error envelope as the whole answer to a request and closes its connection. */
function answerWithEnvelope(res: http.ServerResponse, error: AppError): void {
  const body = envelopeJson(error)
  res.writeHead(error.status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(body),
    Connection: 'close',
  })
  res.end(body)
}

/** The app's handler, behind the rule Node's `requireHostHeader` checks: HTTP/1.1 requests name their Host. */
function withHostRequired(
  handler: (req: http.IncomingMessage, res: http.ServerResponse) => unknown,
): (req: http.IncomingMessage, res: http.ServerResponse) => void {
  return (req, res) => {
    if (req.httpVersion === '1.1' && req.headers.host === undefined) {
      answerWithEnvelope(res, badRequest('请求缺少 Host 头'))
      return
    }
    void handler(req, res)
  }
}

/** The error envelope for what Node's HTTP parser refused, by the code Node gives it. */
function clientErrorOf(code: string | undefined): AppError {
  switch (code) {
    case 'HPE_HEADER_OVERFLOW':
      return new AppError(431, ErrorCode.HeadersTooLarge, '请求头太长，请清除浏览器数据后重试')
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return requestTimeout()
    case 'HPE_CHUNK_EXTENSIONS_OVERFLOW':
      return payloadTooLarge()
    default:
      return badRequest()
  }
}

/**
 * Answers a request Node's HTTP parser refused (a raw non-ASCII byte in the path, a malformed header, headers over
 * 16 KB, headers or body slower than the timeouts) with the error envelope every other failure gets, where Node would
 * send a bare status line: `{ error: { code, message } }` with 400 `bad_request`, 431 `headers_too_large`,
 * 408 `request_timeout` or 413 `payload_too_large`, then closes the socket. As in Node's own handler, nothing is
 * written when the socket is gone or a response to it has begun. docs/http-hardening.md, "Requests Node refuses".
 */
export function answerClientError(err: NodeJS.ErrnoException, socket: Duplex): void {
  // Node keeps the response in flight on the socket (what its own handler checks before writing).
  const inFlight = (socket as Socket & { _httpMessage?: http.ServerResponse | null })._httpMessage
  if (err.code === 'ECONNRESET' || !socket.writable || inFlight?.headersSent) {
    socket.destroy()
    return
  }
  const error = clientErrorOf(err.code)
  const body = envelopeJson(error)
  const head = [
    `HTTP/1.1 ${error.status} ${http.STATUS_CODES[error.status] ?? ''}`,
    'Content-Type: application/json; charset=utf-8',
    `Content-Length: ${Buffer.byteLength(body)}`,
    'Connection: close',
  ]
  // Closed once the answer is flushed, or after a second if the client does not read it.
  const stop = setTimeout(() => socket.destroy(), 1_000)
  stop.unref()
  socket.end(`${head.join('\r\n')}\r\n\r\n${body}`, () => {
    clearTimeout(stop)
    socket.destroy()
  })
}

/** How long the BFF waits between attempts to reach a database it could not reach at start-up: doubling, capped. */
export const RECONNECT_DELAYS_MS = { first: 1_000, max: 30_000 }

/**
 * Opens the database, builds the app and listens on HOST:PORT. A database not reachable at start-up (MONGODB_URI
 * down, or started later) is tried again in the background (RECONNECT_DELAYS_MS, each attempt logged); meanwhile
 * health reports it unavailable and the API answers 503, and once it answers the services start and the app serves.
 */
export async function startServer(config: Config, logger: Logger): Promise<RunningServer> {
  let db: Database
  let reachable = true
  try {
    db = await openDatabase(config, logger)
  } catch (err) {
    // The process still answers health checks, reporting the database as unavailable, so the cause is visible.
    logger.error({ err }, 'database unavailable: trying again in the background')
    db = unavailableDatabase()
    reachable = false
  }
  let runtime = await createRuntime(config, logger, db)
  let app = createApp({ config, logger, db, services: runtime.services, devLogin: runtime.devLogin })
  let handle = app.callback()
  const server = createHttpServer({ callback: () => (req, res) => handle(req, res) }, config)
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(config.PORT, config.HOST, () => resolve())
  })
  const { port } = server.address() as AddressInfo
  const url = `http://${config.HOST.includes(':') ? `[${config.HOST}]` : config.HOST}:${port}`
  // Links and callbacks go to PUBLIC_BASE_URL; without it (development, tests) to the address listened on, which with
  // PORT=0 is known only now. Never to the request's Host (docs/http-hardening.md, "Links the server builds").
  const publicBase = config.PUBLIC_BASE_URL ?? listenBaseUrl(config.HOST, port)
  const wire = (koa: Koa, built: Runtime) => {
    setPublicBase(koa, publicBase)
    if (built.pay && !config.WECHAT_PAY_NOTIFY_BASE) built.pay.notifyBase = publicBase
    // The in-process simulator pushes its image-check verdicts here, as WeChat does to the configured server.
    const pushToken = messagePushToken(config)
    if (built.wechatSim && pushToken)
      built.wechatSim.mediaCheck.setMessagePush({ url: `${url}/api/v1/wechat/push`, token: pushToken })
  }
  wire(app, runtime)
  // The first spreadsheet import finds its parse worker started (docs/spreadsheet-imports.md); tests start workers
  // when they need them.
  // So do the first posters (docs/posters.md): a warm worker per poster request served at once.
  if (config.NODE_ENV !== 'test') {
    parseWorkers.warm([...new Set(Object.values(IMPORT_LIMITS).map((l) => l.heapMb))])
    posterWorkers.warm()
  }
  let closing: Promise<void> | undefined
  const reconnecting = reachable
    ? null
    : reconnectInBackground(config, logger, async (connected) => {
        if (closing) return connected.close()
        const built = await createRuntime(config, logger, connected)
        const next = createApp({
          config,
          logger,
          db: connected,
          services: built.services,
          devLogin: built.devLogin,
        })
        wire(next, built)
        const previous = runtime
        ;[db, runtime, app, handle] = [connected, built, next, next.callback()]
        logger.info('database connected: serving')
        await previous.close()
      })

  return {
    url,
    port,
    get db() {
      return db
    },
    get runtime() {
      return runtime
    },
    close() {
      closing ??= (async () => {
        await reconnecting?.stop()
        const drained = new Promise<void>((resolve) => server.close(() => resolve()))
        // Idle keep-alive sockets would hold close() open; busy ones finish their request first.
        server.closeIdleConnections()
        const timer = setTimeout(() => server.closeAllConnections(), config.SHUTDOWN_TIMEOUT_MS)
        await drained
        clearTimeout(timer)
        await runtime.close()
        await parseWorkers.close()
        await posterWorkers.close()
        await db.close()
      })()
      return closing
    },
  }
}

/**
 * Tries openDatabase again, with doubling delays (RECONNECT_DELAYS_MS), until it succeeds and `onConnected` has taken
 * the database; a failure of either is logged and tried again. `stop()` ends the attempts and waits for one running.
 */
function reconnectInBackground(
  config: Config,
  logger: Logger,
  onConnected: (db: Database) => Promise<void>,
): { stop(): Promise<void> } {
  let stopped = false
  let timer: NodeJS.Timeout | undefined
  let wake: (() => void) | undefined
  const loop = (async () => {
    let delay = RECONNECT_DELAYS_MS.first
    for (let attempt = 1; !stopped; attempt++) {
      await new Promise<void>((resolve) => {
        wake = resolve
        timer = setTimeout(resolve, delay)
      })
      if (stopped) return
      try {
        const connected = await openDatabase(config, logger)
        try {
          await onConnected(connected)
        } catch (err) {
          await connected.close().catch(() => undefined)
          throw err
        }
        return
      } catch (err) {
        delay = Math.min(delay * 2, RECONNECT_DELAYS_MS.max)
        logger.warn({ err, attempt, nextInMs: delay }, 'database still unavailable: trying again')
      }
    }
  })()
  return {
    async stop() {
      stopped = true
      clearTimeout(timer)
      wake?.()
      await loop
    },
  }
}
