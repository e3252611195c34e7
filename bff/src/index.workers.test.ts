/**
 * The process entry (index.ts) as `npm start` runs it: the embedded engine in its own process, WORKERS BFF
 * processes on one port sharing it and one WeChat simulator, all gone after SIGTERM; and an engine that never
 * outlives a BFF killed outright. The engine listens on a Unix domain socket of mode 0600 in DATA_DIR/db and on no
 * TCP port (unless DATABASE_PORT asks for one); a socket left by a killed engine does not stop the next start; a data
 * folder too long for a socket path gets one in a folder of this user's own. DATABASE_PROCESS=inline: one process
 * with the engine inside.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { listeningTcpPorts } from '@cunwu/embedded-mongo/testing'
import {
  alive,
  healthy,
  listeningWithEngine,
  post,
  startEntryWith,
  stopEntries,
  until,
  workersListening,
} from './testing/process-entry'

const startEntry = (env: Record<string, string>, dataDir?: string) =>
  startEntryWith(process.env.PATH, env, dataDir)

afterEach(stopEntries)

describe('process entry: the database process and workers', () => {
  it('should serve with two workers on one port, the database in its own process, and stop them all', async () => {
    const entry = startEntry({ WORKERS: '2', SEED_DEMO: 'true' })
    const listening = await workersListening(entry)
    const [a, b] = listening.map((l) => ({ url: String(l.url), pid: Number(l.pid) }))
    expect(a?.url).toBe(b?.url)
    expect(a?.pid).not.toBe(b?.pid)
    const engine = entry.logs().find((l) => l.msg === 'database process started')
    const enginePid = Number(engine?.enginePid)
    expect(enginePid).toBeGreaterThan(0)
    expect([a?.pid, b?.pid, entry.child.pid]).not.toContain(enginePid)
    const url = a?.url ?? ''
    // The workers reach the engine through its socket, which only this user may use; no TCP port is open.
    const socketPath = path.join(entry.dataDir, 'db', 'cunwu-mongo.sock')
    expect(engine?.socketPath).toBe(socketPath)
    expect(fs.statSync(socketPath).isSocket()).toBe(true)
    expect(fs.statSync(socketPath).mode & 0o777).toBe(0o600)
    expect(listeningTcpPorts(enginePid)).toEqual([])

    const health = (await (await fetch(`${url}/api/v1/health`)).json()) as { database: unknown }
    expect(health.database).toMatchObject({ state: 'up', kind: 'embedded' })
    // Sign-in codes come from the one simulator, so a code asked of one worker is good at any of them.
    for (let i = 0; i < 4; i++) {
      const { code } = await post(url, '/dev/login-code', { userKey: 'demo-villager' })
      const tokens = await post(url, '/auth/wechat', { code })
      expect(typeof tokens.accessToken).toBe('string')
    }

    entry.child.kill('SIGTERM')
    expect(await entry.exited).toBe(0)
    expect(alive(enginePid)).toBe(false)
    for (const w of [a, b]) expect(alive(w?.pid ?? 0)).toBe(false)
  }, 180_000)

  it('should stop the database process when the BFF that started it is killed outright', async () => {
    const entry = startEntry({ WORKERS: '1', SEED_DEMO: 'false' })
    await until(() => entry.logs().find((l) => l.msg === 'cunwu BFF listening'), 'the BFF listening', entry)
    const enginePid = Number(entry.logs().find((l) => l.msg === 'database process started')?.enginePid)
    expect(alive(enginePid)).toBe(true)
    entry.child.kill('SIGKILL')
    await entry.exited
    for (let i = 0; i < 100 && alive(enginePid); i++) await new Promise((r) => setTimeout(r, 100))
    expect(alive(enginePid)).toBe(false)
  }, 120_000)

  it('should start again on the data folder of an engine killed outright, replacing its socket', async () => {
    const first = startEntry({ WORKERS: '1', SEED_DEMO: 'false' })
    const { enginePid } = await listeningWithEngine(first)
    const socketPath = path.join(first.dataDir, 'db', 'cunwu-mongo.sock')
    // The engine and its BFF killed outright together (a power cut, the OOM killer taking both), before the BFF
    // could start the engine again.
    process.kill(enginePid, 'SIGKILL')
    first.child.kill('SIGKILL')
    await first.exited
    for (let i = 0; i < 100 && alive(enginePid); i++) await new Promise((r) => setTimeout(r, 100))
    expect(fs.lstatSync(socketPath).isSocket()).toBe(true)

    const second = startEntry({ WORKERS: '1', SEED_DEMO: 'false' }, first.dataDir)
    const { url, enginePid: secondPid } = await listeningWithEngine(second)
    expect(secondPid).not.toBe(enginePid)
    // The engine could listen only after removing the file the killed one left (else EADDRINUSE).
    expect(fs.statSync(socketPath).mode & 0o777).toBe(0o600)
    await healthy(url)
  }, 120_000)

  it('should put the socket of a data folder with a long path in a folder of this user only', async () => {
    const base = fs.mkdtempSync(path.join(os.tmpdir(), 'cunwu-entry-'))
    const entry = startEntry({ WORKERS: '1', SEED_DEMO: 'false' }, path.join(base, 'd'.repeat(100)))
    const { url } = await listeningWithEngine(entry)
    const socketPath = String(entry.logs().find((l) => l.msg === 'database process started')?.socketPath)
    expect(path.dirname(socketPath)).toBe(path.join(os.tmpdir(), `cunwu-mongo-${process.getuid?.() ?? 0}`))
    expect(fs.statSync(path.dirname(socketPath)).mode & 0o777).toBe(0o700)
    expect(fs.statSync(socketPath).mode & 0o777).toBe(0o600)
    await healthy(url)
    entry.child.kill('SIGTERM')
    expect(await entry.exited).toBe(0)
    expect(fs.existsSync(socketPath)).toBe(false)
    fs.rmSync(base, { recursive: true, force: true })
  }, 120_000)

  it('should listen on TCP 127.0.0.1 only when DATABASE_PORT is given', async () => {
    const entry = startEntry({ WORKERS: '1', SEED_DEMO: 'false', DATABASE_PORT: '0' })
    const { url, enginePid } = await listeningWithEngine(entry)
    expect(listeningTcpPorts(enginePid)).toHaveLength(1)
    expect(fs.existsSync(path.join(entry.dataDir, 'db', 'cunwu-mongo.sock'))).toBe(false)
    await healthy(url)
  }, 120_000)

  it('should run everything in one process with DATABASE_PROCESS=inline', async () => {
    const entry = startEntry({ DATABASE_PROCESS: 'inline', SEED_DEMO: 'false' })
    const listening = await until(
      () => entry.logs().find((l) => l.msg === 'cunwu BFF listening'),
      'the BFF listening',
      entry,
    )
    expect(Number(listening.pid)).toBe(entry.child.pid)
    expect(entry.logs().some((l) => l.msg === 'database process started')).toBe(false)
    await healthy(String(listening.url))
    // The engine inside listens on its socket too, not on TCP: the process's TCP ports are the BFF's and the
    // in-process WeChat simulator's.
    expect(fs.statSync(path.join(entry.dataDir, 'db', 'cunwu-mongo.sock')).mode & 0o777).toBe(0o600)
    const sim = entry.logs().find((l) => l.msg === 'WeChat simulator started in-process')
    const ports = [String(listening.url), String(sim?.url)].map((url) => Number(new URL(url).port))
    expect(listeningTcpPorts(entry.child.pid ?? 0).sort()).toEqual(ports.sort())
    entry.child.kill('SIGTERM')
    expect(await entry.exited).toBe(0)
  }, 120_000)
})
