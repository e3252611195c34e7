/**
 * The load bench's BFF host (load.bench.ts): starts the compiled BFF in one layout with the bench's settings, and
 * reads the CPU its processes used. Either in the bench's own process (the default, everything on one machine) or
 * behind a small control server (`--serve`) that a bench on another machine drives (`--remote`), so that the load
 * generator no longer takes its CPU from the cores the BFF is measured on (BENCHMARKS.md, "a load generator on
 * another machine").
 *
 * Control server (plain HTTP, every request must carry `authorization: Bearer <token>`; one BFF at a time):
 *   POST   /bff?layout=single|N   stops any running BFF, starts one in that layout, answers { port, pid }
 *   GET    /cpu                   the CPU used so far by the running BFF's processes, as [pid, { ms, command }][]
 *   DELETE /bff                   stops the running BFF
 *   GET    /machine               { cores, load }: the serving machine's cores and load average
 */
import { spawn } from 'node:child_process'
import crypto from 'node:crypto'
import fs from 'node:fs'
import http from 'node:http'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { treeCpu } from './process-cpu'

/** A layout of the BFF: `single` is one process with the engine inside; a number, that many workers. */
export type Layout = 'single' | number

export interface HostOptions {
  /** The compiled entry (bff/dist/index.js, or an older build's). */
  entry: string
  /** Directory for --cpu-prof profiles, or undefined. */
  profile?: string
  /** The address the BFF listens on (127.0.0.1 unless a bench on another machine reads from it). */
  host?: string
}

export interface RunningBff {
  port: number
  pid: number
  stop(): Promise<void>
}

/** `single`, or a worker count from 1 to 64 written in ASCII digits; anything else is null. */
export function parseLayout(text: string | null | undefined): Layout | null {
  if (text === 'single') return 'single'
  if (typeof text !== 'string' || !/^[1-9]\d?$/.test(text)) return null
  const n = Number(text)
  return n <= 64 ? n : null
}

async function freePort(host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer()
    probe.once('error', reject)
    probe.listen(0, host, () => {
      const address = probe.address()
      probe.close(() => resolve(typeof address === 'object' && address ? address.port : 0))
    })
  })
}

/** Starts the BFF in `layout` with the bench's settings (demo data, rate limits off) and waits until it answers. */
export async function startBff(layout: Layout, options: HostOptions): Promise<RunningBff> {
  const workers = layout === 'single' ? 1 : layout
  const host = options.host ?? '127.0.0.1'
  const port = await freePort(host)
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cunwu-load-'))
  // cluster.fork passes the entry's node flags on to the workers.
  const flags = options.profile ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(options.profile)}`] : []
  const child = spawn(process.execPath, [...flags, options.entry], {
    env: {
      NODE_ENV: 'development',
      HOST: host,
      PORT: String(port),
      DATA_DIR: dataDir,
      STATIC_DIR: '',
      LOG_LEVEL: 'warn',
      WORKERS: String(workers),
      DATABASE_PROCESS: layout === 'single' ? 'inline' : 'own',
      SEED_DEMO: 'true',
      RATE_LIMIT_AUTH_PER_IP: '0',
      RATE_LIMIT_DEV_PER_IP: '0',
      RATE_LIMIT_DEV_PER_USER: '0',
      RATE_LIMIT_SEARCH_PER_IP: '0',
      NOTIFICATIONS_WORKER: 'false',
      PAY_WORKER: 'false',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  })
  const local = `http://${host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host}:${port}`
  try {
    for (let i = 0; ; i++) {
      if (child.exitCode !== null) throw new Error(`the BFF exited with ${child.exitCode}`)
      const ok = await fetch(`${local}/api/v1/health`).then(
        (r) => r.ok,
        () => false,
      )
      // With several workers, the others start once the first listens: give them a moment to join.
      if (ok) {
        await new Promise((r) => setTimeout(r, workers > 1 ? 5_000 : 500))
        break
      }
      if (i > 1200) throw new Error('the BFF did not start')
      await new Promise((r) => setTimeout(r, 100))
    }
  } catch (error) {
    child.kill('SIGTERM')
    fs.rmSync(dataDir, { recursive: true, force: true })
    throw error
  }
  return {
    port,
    pid: child.pid ?? 0,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve))
        child.kill('SIGTERM')
        await exited
      }
      fs.rmSync(dataDir, { recursive: true, force: true })
    },
  }
}

/** CPU per process of a BFF, wherever it runs. */
export type CpuReading = Map<number, { ms: number; command: string }>

/** A BFF the bench measures: its URL, its processes' CPU, and how to stop it. */
export interface MeasuredBff {
  url: string
  cpu(): Promise<CpuReading>
  stop(): Promise<void>
}

/** Starts the BFF on this machine. */
export async function localBff(layout: Layout, options: HostOptions): Promise<MeasuredBff> {
  const bff = await startBff(layout, options)
  return {
    url: `http://127.0.0.1:${bff.port}`,
    cpu: async () => treeCpu(bff.pid),
    stop: () => bff.stop(),
  }
}

async function askControl(control: string, token: string, method: string, route: string): Promise<unknown> {
  const res = await fetch(`${control}${route}`, { method, headers: { authorization: `Bearer ${token}` } })
  const body: unknown = await res.json()
  if (!res.ok) throw new Error(`${method} ${route} on ${control}: ${res.status} ${JSON.stringify(body)}`)
  return body
}

/** The serving machine's cores and load average (numbers as `os.loadavg()`), through its control server. */
export async function remoteMachine(
  control: string,
  token: string,
): Promise<{ cores: number; load: number[] }> {
  return (await askControl(control, token, 'GET', '/machine')) as { cores: number; load: number[] }
}

/** Starts the BFF through the control server at `control` (`http://host:port`, `--serve` on the other machine). */
export async function remoteBff(layout: Layout, control: string, token: string): Promise<MeasuredBff> {
  const ask = (method: string, route: string) => askControl(control, token, method, route)
  const { port } = (await ask('POST', `/bff?layout=${layout}`)) as { port: number }
  return {
    url: `http://${new URL(control).hostname}:${port}`,
    cpu: async () => new Map((await ask('GET', '/cpu')) as [number, { ms: number; command: string }][]),
    stop: async () => {
      await ask('DELETE', '/bff')
    },
  }
}

/**
 * Runs the control server on `host:port` until the process is stopped, and returns the token a remote bench must
 * send. Requests run one at a time (a second start waits for the first).
 */
export async function serveControl(
  options: HostOptions & { port: number; token?: string },
): Promise<{ url: string; token: string; close(): Promise<void> }> {
  const token = options.token ?? crypto.randomBytes(18).toString('base64url')
  const expected = Buffer.from(`Bearer ${token}`)
  let running: RunningBff | null = null
  let queue: Promise<unknown> = Promise.resolve()
  const serial = <T>(work: () => Promise<T>): Promise<T> => {
    const next = queue.then(work, work)
    queue = next.catch(() => undefined)
    return next
  }
  const stopRunning = async () => {
    const bff = running
    running = null
    await bff?.stop()
  }
  const server = http.createServer((req, res) => {
    const reply = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' })
      res.end(JSON.stringify(body))
    }
    const given = Buffer.from(req.headers.authorization ?? '')
    if (given.length !== expected.length || !crypto.timingSafeEqual(given, expected)) {
      reply(401, { error: { code: 'unauthorized', message: 'missing or wrong token' } })
      return
    }
    const url = new URL(req.url ?? '/', 'http://control')
    const route = `${req.method} ${url.pathname}`
    const handle = async (): Promise<[number, unknown]> => {
      if (route === 'POST /bff') {
        const layout = parseLayout(url.searchParams.get('layout'))
        if (layout === null)
          return [400, { error: { code: 'validation_error', message: 'layout: single or 1–64' } }]
        await stopRunning()
        running = await startBff(layout, options)
        return [200, { port: running.port, pid: running.pid }]
      }
      if (route === 'GET /cpu') {
        if (!running) return [409, { error: { code: 'not_running', message: 'no BFF is running' } }]
        return [200, [...treeCpu(running.pid)]]
      }
      if (route === 'GET /machine') return [200, { cores: os.availableParallelism(), load: os.loadavg() }]
      if (route === 'DELETE /bff') {
        await stopRunning()
        return [200, { stopped: true }]
      }
      return [404, { error: { code: 'not_found', message: route } }]
    }
    serial(handle).then(
      ([status, body]) => reply(status, body),
      (error: unknown) => reply(500, { error: { code: 'start_failed', message: String(error) } }),
    )
  })
  const host = options.host ?? '127.0.0.1'
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port, host, () => resolve())
  })
  const address = server.address()
  const port = typeof address === 'object' && address ? address.port : options.port
  return {
    url: `http://${host}:${port}`,
    token,
    async close() {
      await serial(stopRunning)
      await new Promise((resolve) => server.close(resolve))
    },
  }
}
