// Sends fuzz requests to a listening BFF: over a keep-alive agent, or byte for byte on a fresh socket for raw paths.
import http from 'node:http'
import net from 'node:net'
import type { FuzzRequest, PoolRef } from './generate'

/** What the server answered; status 0 when it never did (reset, hang). */
export interface FuzzAnswer {
  status: number
  body: string
  error?: string
}

/** Values seen in answers, for later requests to aim at real records. */
export type Pools = Record<PoolRef['pool'], string[]>

const UNRESERVED = /[A-Za-z0-9\-._~]/

/** Percent-encodes any string as UTF-8 (lone surrogates become U+FFFD, as a browser would send them). */
export function encodeComponent(s: string): string {
  let out = ''
  for (const byte of Buffer.from(s, 'utf8')) {
    const ch = String.fromCharCode(byte)
    out += byte < 0x80 && UNRESERVED.test(ch) ? ch : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`
  }
  return out
}

function resolve(value: string | PoolRef, pools: Pools): string {
  if (typeof value === 'string') return value
  const pool = pools[value.pool]
  const fallback = value.pool === 'regionCode' ? '360999100200' : '0123456789abcdef01234567'
  return pool.length ? (pool[value.pick % pool.length] ?? fallback) : fallback
}

/** The request target: encoded path segments and query, or the raw path as written. */
export function targetOf(req: FuzzRequest, pools: Pools): string {
  if (req.raw) return String(req.path[0] ?? '/')
  const path = '/' + req.path.map((seg) => encodeComponent(resolve(seg, pools))).join('/')
  const query = req.query
    .map(([k, v]) => `${encodeComponent(k)}=${encodeComponent(resolve(v, pools))}`)
    .join('&')
  return query ? `${path}?${query}` : path
}

const TIMEOUT_MS = 15_000

/** Sends one request; never rejects. */
export function send(
  base: { host: string; port: number; agent: http.Agent },
  req: FuzzRequest,
  target: string,
  authorization: string | null,
): Promise<FuzzAnswer> {
  return req.raw
    ? sendRaw(base, req.method, target, authorization)
    : sendHttp(base, req, target, authorization)
}

function sendHttp(
  base: { host: string; port: number; agent: http.Agent },
  req: FuzzRequest,
  target: string,
  authorization: string | null,
): Promise<FuzzAnswer> {
  const headers: Record<string, string> = {}
  let data: Buffer | null = null
  if (req.body.kind === 'json') {
    data = Buffer.from(JSON.stringify(req.body.value) ?? 'null')
    headers['Content-Type'] = 'application/json'
  } else if (req.body.kind === 'bytes') {
    data = Buffer.from(req.body.data)
    headers['Content-Type'] = req.body.contentType
    if (req.body.encoding) headers['Content-Encoding'] = req.body.encoding
  }
  if (data) headers['Content-Length'] = String(data.length)
  if (authorization) headers.Authorization = authorization
  for (const [k, v] of req.extraHeaders) headers[k] = v
  return new Promise((done) => {
    let settled = false
    const finish = (answer: FuzzAnswer) => {
      if (settled) return
      settled = true
      done(answer)
    }
    let r: http.ClientRequest
    try {
      r = http.request({
        host: base.host,
        port: base.port,
        agent: base.agent,
        method: req.method,
        path: target,
        headers,
      })
    } catch (err) {
      // Node's client refused to send it (e.g. a header value it rejects): nothing reached the server.
      finish({ status: -1, body: '', error: String(err) })
      return
    }
    r.setTimeout(TIMEOUT_MS, () => {
      finish({ status: 0, body: '', error: 'timeout' })
      r.destroy()
    })
    r.on('error', (err) => finish({ status: 0, body: '', error: String(err) }))
    r.on('response', (res) => {
      const chunks: Buffer[] = []
      let size = 0
      res.on('data', (c: Buffer) => {
        size += c.length
        if (size < 1_000_000) chunks.push(c)
      })
      res.on('error', (err) => finish({ status: res.statusCode ?? 0, body: '', error: String(err) }))
      res.on('end', () =>
        finish({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }),
      )
    })
    r.end(data ?? undefined)
  })
}

function sendRaw(
  base: { host: string; port: number },
  method: string,
  target: string,
  authorization: string | null,
): Promise<FuzzAnswer> {
  return new Promise((done) => {
    let answer = ''
    const socket = net.connect(base.port, base.host, () => {
      const auth = authorization ? `Authorization: ${authorization}\r\n` : ''
      const body = method === 'POST' ? 'Content-Length: 0\r\n' : ''
      // Written without closing our side: Node's server drops a request whose client half-closes before the answer.
      socket.write(`${method} ${target} HTTP/1.1\r\nHost: fuzz\r\nConnection: close\r\n${auth}${body}\r\n`)
    })
    socket.setTimeout(TIMEOUT_MS, () => socket.destroy(new Error('timeout')))
    socket.setEncoding('utf8')
    socket.on('data', (d: string) => (answer += d))
    socket.on('error', () => {})
    socket.on('close', () => {
      const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(answer)?.[1] ?? 0)
      done({
        status,
        body: answer.slice(answer.indexOf('\r\n\r\n') + 4),
        ...(status ? {} : { error: 'no answer' }),
      })
    })
  })
}

/** Adds ids, region codes and invite scenes found in an answer to the pools (bounded). */
export function harvest(body: string, pools: Pools): void {
  if (!body.startsWith('{') && !body.startsWith('[')) return
  const add = (pool: keyof Pools, value: string) => {
    const list = pools[pool]
    if (list.includes(value)) return
    // Full: the newest value takes a slot chosen by its own characters, so runs stay comparable.
    if (list.length >= 400)
      list[(value.charCodeAt(value.length - 1) * 31 + value.length) % list.length] = value
    else list.push(value)
  }
  for (const m of body.matchAll(/"([0-9a-f]{24})"/g)) if (m[1]) add('objectId', m[1])
  for (const m of body.matchAll(/"(\d{12})"/g)) if (m[1]) add('regionCode', m[1])
  for (const m of body.matchAll(/"scene":"([^"]{1,64})"/g)) if (m[1]) add('scene', m[1])
}
