/**
 * The load bench's readers (load.bench.ts): one group of connections reading its paths in turn for a while, generated
 * by autocannon (in a worker thread of this process), by wrk (a process of its own) or lightly (one request at a
 * time, every 100 ms: each answer is read, so a change reloads it, but reading costs next to nothing).
 */
import { execFileSync, spawn } from 'node:child_process'
import path from 'node:path'
import autocannon from 'autocannon'

const WRK_SCRIPT = path.join(import.meta.dirname, 'wrk-readers.lua')

/** What one group of readers measured: reads answered, failures, latency percentiles (ms), CPU of its generator. */
export interface GroupResult {
  total: number
  errors: number
  timeouts: number
  p50: number
  p99: number
  /** CPU ms of a generator process of its own (wrk); 0 when it ran in this process (autocannon's thread). */
  cpuMs: number
}

/** Throws unless wrk is installed. */
export function assertWrk(): void {
  try {
    execFileSync('wrk', ['--version'], { stdio: 'ignore' })
  } catch (err) {
    // wrk --version prints its usage and exits 1: it is there. ENOENT: it is not.
    if ((err as NodeJS.ErrnoException).code === 'ENOENT')
      throw new Error('wrk is not installed (apt-get install wrk)')
  }
}

/** autocannon, in a worker thread of this process. */
export async function autocannonGroup(
  url: string,
  connections: number,
  paths: string[],
  duration: number,
): Promise<GroupResult> {
  const r = await autocannon({
    url,
    connections,
    duration,
    // Each group of readers in a thread of its own: in this process's thread, the three groups and the
    // publishers' client side shared one event loop, whose lag (p99 35-55 ms) was counted in every latency.
    workers: 1,
    requests: paths.map((p) => ({ method: 'GET' as const, path: p })),
  })
  return {
    total: r.requests.total,
    errors: r.errors + r.non2xx,
    timeouts: r.timeouts,
    p50: r.latency.p50,
    p99: r.latency.p99,
    cpuMs: 0,
  }
}

/**
 * wrk, as a process of its own (one thread, `connections` connections), through a shell that prints its own
 * /proc stat once wrk has ended: the shell's waited-for children's CPU is wrk's. With `depth` above 1, each
 * connection sends `depth` requests at once (HTTP/1.1 pipelining) over `connections / depth` connections, so as
 * many requests are out at a time while wrk makes fewer system calls per request; p50 and p99 are then a batch's.
 */
export async function wrkGroup(
  url: string,
  connections: number,
  paths: string[],
  duration: number,
  depth = 1,
): Promise<GroupResult> {
  const args = [
    '-t1',
    `-c${Math.max(1, Math.ceil(connections / depth))}`,
    `-d${duration}s`,
    '--timeout',
    '10s',
    '-s',
    WRK_SCRIPT,
    url,
    '--',
    String(depth),
    ...paths,
  ]
  const child = spawn(
    'sh',
    [
      '-c',
      'wrk "$@"; code=$?; read -r stat < /proc/$$/stat; echo "cpu-stat $stat"; exit $code',
      'sh',
      ...args,
    ],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  )
  let out = ''
  child.stdout.on('data', (d: Buffer) => (out += d.toString()))
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve))
  const json = out.split('\n').find((l) => l.startsWith('{'))
  const stat = out.split('\n').find((l) => l.startsWith('cpu-stat '))
  if (code !== 0 || !json || !stat) throw new Error(`wrk failed (exit ${code}):\n${out}`)
  const r = JSON.parse(json) as Record<string, number>
  const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  const us = (key: string) => r[key] ?? 0
  return {
    total: us('requests'),
    errors: us('connect') + us('read') + us('write') + us('status') + us('timeout'),
    timeouts: us('timeout'),
    p50: Math.round(us('p50') / 100) / 10,
    p99: Math.round(us('p99') / 100) / 10,
    // cutime + cstime of the shell, in USER_HZ (100) ticks.
    cpuMs: (Number(rest[13]) + Number(rest[14])) * 10,
  }
}

/**
 * One request at a time through `paths`, then a 100 ms pause, whatever `connections` says: the answers are read
 * (so the publishers' changes reload them, as under load) while reading costs next to nothing, to measure what
 * publishing costs. No latencies (0).
 */
export async function lightGroup(
  url: string,
  _connections: number,
  paths: string[],
  duration: number,
): Promise<GroupResult> {
  const end = Date.now() + duration * 1000
  let total = 0
  let errors = 0
  while (Date.now() < end) {
    for (const p of paths) {
      const res = await fetch(url + p).catch(() => null)
      if (!res?.ok) errors += 1
      await res?.arrayBuffer()
      total += 1
    }
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  return { total, errors, timeouts: 0, p50: 0, p99: 0, cpuMs: 0 }
}
