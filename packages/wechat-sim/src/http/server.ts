import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { FaultEngine } from '../faults'
import { sleep } from '../util'
import { json, type Router, type SimRequest, type SimResponse } from './router'

/** Prefix of the simulator's own development/control endpoints, never subject to injected faults. */
export const SIM_PREFIX = '/__sim'

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')))
    req.on('error', reject)
  })
}

function send(res: ServerResponse, out: SimResponse): void {
  if (res.destroyed) return
  res.writeHead(out.status, out.headers ?? {})
  res.end(out.body ?? '')
}

/** A running HTTP listener with its address. */
export interface SimServer {
  server: Server
  url: string
  close(): Promise<void>
}

/** Starts the HTTP server: control routes under /__sim, everything else through the fault engine first. */
export async function listen(opts: {
  host: string
  port: number
  api: Router
  control: Router
  faults: FaultEngine
}): Promise<SimServer> {
  const server = createServer((req, res) => {
    void handle(req, res).catch((err: unknown) => {
      send(
        res,
        json(500, { code: 'SIM_INTERNAL', message: err instanceof Error ? err.message : String(err) }),
      )
    })
  })

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const rawBody = await readBody(req)
    const url = req.url ?? '/'
    const parsed = new URL(url, 'http://sim.local')
    const method = req.method ?? 'GET'
    const isControl = parsed.pathname === SIM_PREFIX || parsed.pathname.startsWith(`${SIM_PREFIX}/`)
    if (!isControl) {
      const decision = opts.faults.decide(parsed.pathname, Date.now())
      if (decision.delayMs > 0) await sleep(decision.delayMs)
      if (decision.action === 'drop') {
        req.socket.destroy()
        return
      }
      // Hold: never answer; the socket is closed when the client gives up or the simulator stops.
      if (decision.action === 'hold') return
      if (decision.action === 'respond') {
        send(res, decision.response)
        return
      }
    }
    const router = isControl ? opts.control : opts.api
    const found = router.match(method, parsed.pathname)
    if (!found) {
      const body = parsed.pathname.startsWith('/v3/')
        ? { code: 'NOT_FOUND', message: 'URL不存在' }
        : { errcode: -1, errmsg: `no such endpoint ${method} ${parsed.pathname}` }
      send(res, json(404, body))
      return
    }
    const simReq: SimRequest = {
      method,
      url,
      path: parsed.pathname,
      query: parsed.searchParams,
      headers: req.headers,
      rawBody,
      params: found.params,
    }
    send(res, await found.handler(simReq))
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(opts.port, opts.host, () => resolve())
  })
  const addr: AddressInfo | string | null = server.address()
  const port = typeof addr === 'object' && addr !== null ? addr.port : opts.port
  const hostInUrl = opts.host.includes(':') ? `[${opts.host}]` : opts.host
  return {
    server,
    url: `http://${hostInUrl}:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}
