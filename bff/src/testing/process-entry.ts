/**
 * The process entry (index.ts) started as `npm start` starts it, for the tests of its processes (the workers, the
 * database process and its restarts): its logs as JSON lines, waits on them, and requests with a new connection each
 * (as node:cluster then hands them to the workers in turn). Entries still running are killed by `stopEntries`.
 */
import { spawn } from 'node:child_process'
import type { ChildProcessWithoutNullStreams } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { expect } from 'vitest'

const ENTRY = path.join(import.meta.dirname, '..', 'index.ts')

export interface Entry {
  child: ChildProcessWithoutNullStreams
  dataDir: string
  /** Everything the processes logged so far, one JSON object per line. */
  logs(): Record<string, unknown>[]
  exited: Promise<number | null>
}

const started: { entry: Entry; dataDir: string }[] = []

/** Kills the entries the test started that still run, waits for them, and removes their data folders. */
export async function stopEntries(): Promise<void> {
  for (const { entry, dataDir } of started.splice(0)) {
    if (entry.child.exitCode === null && entry.child.signalCode === null) entry.child.kill('SIGKILL')
    await entry.exited
    fs.rmSync(dataDir, { recursive: true, force: true })
  }
}

/**
 * Starts the entry under tsx with a quiet configuration and `env` over it, on a throwaway data folder unless one is
 * given; `pathEnv` is the caller's PATH (tests read the environment, this module does not).
 */
export function startEntryWith(
  pathEnv: string | undefined,
  env: Record<string, string>,
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cunwu-entry-')),
): Entry {
  const child = spawn(process.execPath, ['--import', 'tsx', ENTRY], {
    env: {
      PATH: pathEnv,
      PORT: '0',
      DATA_DIR: dataDir,
      STATIC_DIR: '',
      LOG_LEVEL: 'info',
      NOTIFICATIONS_WORKER: 'false',
      PAY_WORKER: 'false',
      MAINTENANCE_INTERVAL_MS: '0',
      ...env,
    },
    stdio: ['pipe', 'pipe', 'pipe'],
  })
  let out = ''
  child.stdout.on('data', (d: Buffer) => (out += d.toString()))
  child.stderr.on('data', (d: Buffer) => (out += d.toString()))
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))
  const entry: Entry = {
    child,
    dataDir,
    exited,
    logs: () =>
      out.split('\n').flatMap((line) => {
        try {
          const parsed: unknown = JSON.parse(line)
          return typeof parsed === 'object' && parsed !== null ? [parsed as Record<string, unknown>] : []
        } catch {
          return []
        }
      }),
  }
  started.push({ entry, dataDir })
  return entry
}

export async function until<T>(find: () => T | undefined, what: string, entry: Entry): Promise<T> {
  for (let i = 0; i < 1800; i++) {
    const found = find()
    if (found !== undefined) return found
    if (entry.child.exitCode !== null) break
    await new Promise((r) => setTimeout(r, 100))
  }
  throw new Error(`${what} did not happen; logs:\n${JSON.stringify(entry.logs(), null, 1)}`)
}

export const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}

/** The log lines of the entry's `count` workers once all of them listen (each with its url and pid). */
export async function workersListening(entry: Entry, count = 2): Promise<Record<string, unknown>[]> {
  return until(
    () => {
      const lines = entry.logs().filter((l) => l.msg === 'cunwu BFF listening')
      return lines.length === count ? lines : undefined
    },
    `${count} workers listening`,
    entry,
  )
}

/** The BFF's URL once it listens, and the pid of its database process. */
export async function listeningWithEngine(entry: Entry): Promise<{ url: string; enginePid: number }> {
  const listening = await until(
    () => entry.logs().find((l) => l.msg === 'cunwu BFF listening'),
    'the BFF listening',
    entry,
  )
  const enginePid = Number(entry.logs().find((l) => l.msg === 'database process started')?.enginePid)
  return { url: String(listening.url), enginePid }
}

export async function healthy(url: string): Promise<void> {
  const health = (await (await fetch(`${url}/api/v1/health`)).json()) as { database: unknown }
  expect(health.database).toMatchObject({ state: 'up', kind: 'embedded' })
}

/** Signs a demo person in through the running entry: the headers of their JSON requests. */
export async function signedInHeaders(url: string, userKey: string): Promise<Record<string, string>> {
  const { code } = await post(url, '/dev/login-code', { userKey })
  const { accessToken } = await post(url, '/auth/wechat', { code })
  return { authorization: `Bearer ${String(accessToken)}`, 'content-type': 'application/json' }
}

export async function post(url: string, route: string, body: unknown): Promise<Record<string, unknown>> {
  const res = await fetch(`${url}/api/v1${route}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', connection: 'close' },
    body: JSON.stringify(body),
  })
  const json = (await res.json()) as Record<string, unknown>
  if (!res.ok) throw new Error(`${route}: ${res.status} ${JSON.stringify(json)}`)
  return json
}
