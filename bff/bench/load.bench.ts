/**
 * Load bench (SCALE.md): the compiled BFF as production runs it (`node bff/dist/index.js`: the embedded engine as its
 * own process, WORKERS BFF processes on one port) under 200 readers and 5 publishers, first with one worker, then
 * with WORKERS workers, in one run so the ratio travels across machines and loads.
 *   readers     autocannon, 200 connections in all: 120 open disclosures (GET /disclosures/:id), 40 search
 *               (GET /search?q=…), 40 read the village feed, each group in a worker thread; latencies per kind;
 *   publishers  5 loops: a secretary creates a disclosure and submits it, the township approves; latency per step.
 * The readers run 2 s before the clock starts (left out), then the publishers start and both are measured.
 * Rate limits are off (one client address stands for 205 people). Prints markdown for BENCHMARKS.md.
 * usage (from the repo root): npm run build:bff && npx tsx bff/bench/load.bench.ts [--duration=60] [--workers=2]
 *   --profile=DIR  the BFF processes run with --cpu-prof and write their profiles to DIR when they stop (open them in
 *                  Chrome DevTools' Performance panel or `npx speedscope`); --only=1 measures one worker count only;
 *   --publishers=N publishing loops during the reads (default 5; 0 measures the reads' own CPU cost).
 *   --processes    also prints the CPU per read of each process of the BFF's tree (workers, database, speech host).
 *   --entry=FILE   another compiled entry (a build of an older commit, to compare before and after in one session).
 */
import { spawn } from 'node:child_process'
import fs from 'node:fs'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import autocannon from 'autocannon'
import { demoHouseholds, demoPeople } from '../src/services/seed.service'

const arg = (name: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1]
const DURATION = Number(arg('duration') ?? 60)
const WORKERS = Number(arg('workers') ?? os.availableParallelism())
const PROFILE = arg('profile')
const ONLY = arg('only')
const PUBLISHERS = Number(arg('publishers') ?? 5)
const PROCESSES = process.argv.includes('--processes')
const ENTRY = path.resolve(arg('entry') ?? path.join(import.meta.dirname, '../dist/index.js'))
/** Seconds the readers run before the measured run, their figures left out. */
const WARMUP_S = 2
const ITEM = 'agricultural-subsidies.cultivated-land-protection'
const V1 = demoPeople().find((p) => p.userKey === 'demo-secretary')?.grants[0]?.regionCode ?? ''

interface Figures {
  workers: number
  readsPerSecond: number
  /** Failed or non-2xx reads; of them, reads that took over autocannon's 10 s timeout. */
  errors: number
  timeouts: number
  item: { p50: number; p99: number }
  search: { p50: number; p99: number }
  feed: { p50: number; p99: number }
  approve: { p50: number; p99: number; count: number }
  /** CPU time of the BFF processes and of the database process per read served, the publishers' work included (Linux /proc; null elsewhere). */
  cpuPerRead: { bff: number; db: number } | null
  /** CPU time of this process (autocannon's threads, the load generator, and the publishers' client side) per read served. */
  benchCpuPerRead: number
}

/**
 * CPU ms (user + system) used so far by the process `pid` and each of its descendants, read from /proc, each with the
 * CPU of its children that have ended (espeak-ng and lame, started and ended per synthesis, count under the speech
 * host).
 */
function treeCpu(pid: number): Map<number, { ms: number; command: string }> {
  const out = new Map<number, { ms: number; command: string }>()
  if (!fs.existsSync('/proc/self/stat')) return out
  const tick = 1000 / 100 // USER_HZ is 100 on Linux
  const stats = fs
    .readdirSync('/proc')
    .filter((d) => /^\d+$/.test(d))
    .flatMap((d) => {
      try {
        const text = fs.readFileSync(`/proc/${d}/stat`, 'utf8')
        const rest = text.slice(text.lastIndexOf(')') + 2).split(' ')
        const command = fs.readFileSync(`/proc/${d}/cmdline`, 'utf8').replaceAll('\0', ' ')
        return [
          {
            pid: Number(d),
            ppid: Number(rest[1]),
            ms: (Number(rest[11]) + Number(rest[12]) + Number(rest[13]) + Number(rest[14])) * tick,
            command,
          },
        ]
      } catch {
        return []
      }
    })
  const wanted = new Set([pid])
  for (let grew = true; grew;) {
    grew = false
    for (const s of stats)
      if (wanted.has(s.ppid) && !wanted.has(s.pid)) {
        wanted.add(s.pid)
        grew = true
      }
  }
  for (const s of stats) if (wanted.has(s.pid)) out.set(s.pid, { ms: s.ms, command: s.command })
  return out
}

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = net.createServer().listen(0, '127.0.0.1', () => {
      const address = probe.address()
      probe.close(() => resolve(typeof address === 'object' && address ? address.port : 0))
    })
  })
}

async function startBff(workers: number): Promise<{ url: string; pid: number; stop(): Promise<void> }> {
  const port = await freePort()
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cunwu-load-'))
  // cluster.fork passes the entry's node flags on to the workers.
  const flags = PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(PROFILE)}`] : []
  const child = spawn(process.execPath, [...flags, ENTRY], {
    env: {
      NODE_ENV: 'development',
      PORT: String(port),
      DATA_DIR: dataDir,
      STATIC_DIR: '',
      LOG_LEVEL: 'warn',
      WORKERS: String(workers),
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
  const url = `http://127.0.0.1:${port}`
  for (let i = 0; ; i++) {
    if (child.exitCode !== null) throw new Error(`the BFF exited with ${child.exitCode}`)
    const ok = await fetch(`${url}/api/v1/health`).then(
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
  return {
    url,
    pid: child.pid ?? 0,
    async stop() {
      const exited = new Promise((resolve) => child.once('exit', resolve))
      child.kill('SIGTERM')
      await exited
      fs.rmSync(dataDir, { recursive: true, force: true })
    },
  }
}

async function call(url: string, method: string, route: string, auth = '', body?: unknown): Promise<unknown> {
  const res = await fetch(`${url}/api/v1${route}`, {
    method,
    headers: {
      ...(auth ? { authorization: auth } : {}),
      ...(body ? { 'content-type': 'application/json' } : {}),
    },
    ...(body ? { body: JSON.stringify(body) } : {}),
  })
  const json: unknown = await res.json()
  if (!res.ok) throw new Error(`${method} ${route}: ${res.status} ${JSON.stringify(json)}`)
  return json
}

async function signIn(url: string, userKey: string): Promise<string> {
  const { code } = (await call(url, 'POST', '/dev/login-code', '', { userKey })) as { code: string }
  const { accessToken } = (await call(url, 'POST', '/auth/wechat', '', { code })) as { accessToken: string }
  return `Bearer ${accessToken}`
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))] ?? 0

async function measure(workers: number): Promise<Figures> {
  const bff = await startBff(workers)
  try {
    const { url } = bff
    const secretary = await signIn(url, 'demo-secretary')
    const township = await signIn(url, 'demo-township')
    let period = 2100
    const head = demoHouseholds(V1)[0]
    const publishOnce = async (timings: number[]) => {
      const created = (await call(url, 'POST', `/villages/${V1}/disclosures`, secretary, {
        catalogItemId: ITEM,
        period: String(period++),
        title: '耕地地力保护补贴公示',
        rows: [
          { name: head?.headName ?? '', area_mu: 4, amount: 50_000, household_no: head?.householdNo ?? '' },
        ],
      })) as { id: string }
      await call(url, 'POST', `/disclosures/${created.id}/submit`, secretary, {})
      const t = performance.now()
      await call(url, 'POST', `/disclosures/${created.id}/review`, township, { decision: 'approve' })
      timings.push(performance.now() - t)
      return created.id
    }
    // Something to read: a few published items besides the demo's.
    const warm: number[] = []
    const ids: string[] = []
    for (let i = 0; i < 5; i++) ids.push(await publishOnce(warm))

    const itemPaths = ids.map((id) => `/api/v1/disclosures/${id}`)
    const searchPaths = [
      `/api/v1/search?regionCode=${V1}&q=${encodeURIComponent('补贴')}`,
      `/api/v1/search?regionCode=${V1}&q=${encodeURIComponent('公示')}`,
    ]
    const feedPaths = [`/api/v1/villages/${V1}/feed`]
    const run = (connections: number, paths: string[], duration = DURATION) =>
      autocannon({
        url,
        connections,
        duration,
        // Each group of readers in a thread of its own: in this process's thread, the three groups and the
        // publishers' client side shared one event loop, whose lag (p99 35-55 ms) was counted in every latency.
        workers: 1,
        requests: paths.map((p) => ({ method: 'GET' as const, path: p })),
      })
    const readers = (duration?: number) =>
      Promise.all([
        run(120, itemPaths, duration),
        run(40, searchPaths, duration),
        run(40, feedPaths, duration),
      ])
    // The same readers for WARMUP_S before the clock starts, their figures left out: every worker has then read
    // each path (connections are spread over the workers), so the run measures instances that are running, not
    // their first reads.
    await readers(WARMUP_S)

    const approve: number[] = []
    let publishing = true
    const publishers = Array.from({ length: PUBLISHERS }, async () => {
      while (publishing) await publishOnce(approve).catch(() => undefined)
    })
    const cpuBefore = treeCpu(bff.pid)
    const benchBefore = process.cpuUsage()
    const [item, search, feed] = await readers()
    const benchUsed = process.cpuUsage(benchBefore)
    publishing = false
    await Promise.all(publishers)
    approve.sort((a, b) => a - b)
    const errors = [item, search, feed].reduce((n, r) => n + r.errors + r.non2xx, 0)
    const timeouts = [item, search, feed].reduce((n, r) => n + r.timeouts, 0)
    const reads = [item, search, feed].reduce((n, r) => n + r.requests.total, 0)
    const cpuAfter = treeCpu(bff.pid)
    const spent = { bff: 0, db: 0 }
    const byCommand = new Map<string, number>()
    for (const [pid, after] of cpuAfter) {
      const used = after.ms - (cpuBefore.get(pid)?.ms ?? 0)
      const name = after.command
        .split(' ')
        .slice(0, 2)
        .map((w) => path.basename(w))
        .join(' ')
      byCommand.set(name, (byCommand.get(name) ?? 0) + used)
      if (after.command.includes('cunwu-mongo')) spent.db += used
      else spent.bff += used
    }
    if (PROCESSES)
      console.error(
        `CPU ms per read by process (${workers} workers): ` +
          [...byCommand].map(([name, ms]) => `${name} ${(ms / Math.max(1, reads)).toFixed(3)}`).join(', '),
      )
    return {
      workers,
      readsPerSecond: reads / DURATION,
      errors,
      timeouts,
      item: { p50: item.latency.p50, p99: item.latency.p99 },
      search: { p50: search.latency.p50, p99: search.latency.p99 },
      feed: { p50: feed.latency.p50, p99: feed.latency.p99 },
      approve: { p50: percentile(approve, 50), p99: percentile(approve, 99), count: approve.length },
      cpuPerRead: cpuAfter.size > 0 && reads > 0 ? { bff: spent.bff / reads, db: spent.db / reads } : null,
      benchCpuPerRead: reads > 0 ? (benchUsed.user + benchUsed.system) / 1000 / reads : 0,
    }
  } finally {
    await bff.stop()
  }
}

if (!fs.existsSync(ENTRY)) throw new Error('bff/dist/index.js is missing: run npm run build:bff first')
const load = () =>
  os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(' / ')
const loadBefore = load()
const counts = ONLY ? [Number(ONLY)] : [1, WORKERS]
const figures: Figures[] = []
for (const n of counts) figures.push(await measure(n))
const row = (f: Figures) =>
  `| ${f.workers} | ${f.readsPerSecond.toFixed(0)} | ${f.errors} (${f.timeouts} timed out) | ${f.item.p50} / ${f.item.p99} | ${f.search.p50} / ${f.search.p99} | ${f.feed.p50} / ${f.feed.p99} | ${f.approve.p50.toFixed(0)} / ${f.approve.p99.toFixed(0)} (${f.approve.count}) | ${f.cpuPerRead ? `${f.cpuPerRead.bff.toFixed(2)} / ${f.cpuPerRead.db.toFixed(2)}` : 'n/a'} | ${f.benchCpuPerRead.toFixed(2)} |`
const [single, several] = figures
console.log(
  [
    `Machine: ${os.cpus().length} cores, load average ${loadBefore} at the start, ${load()} at the end; ${DURATION} s per run.`,
    '',
    '| workers | reads/s | errors (timeouts) | item p50 / p99 ms | search p50 / p99 ms | feed p50 / p99 ms | approve p50 / p99 ms (count) | CPU ms per read: BFF / database | CPU ms per read: load generator |',
    '|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...figures.map(row),
    '',
    ...(single && several
      ? [
          `Reads/s with ${WORKERS} workers: ${(several.readsPerSecond / single.readsPerSecond).toFixed(2)}× one worker.`,
        ]
      : []),
  ].join('\n'),
)
