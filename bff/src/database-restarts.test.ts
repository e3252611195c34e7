/**
 * The supervisor of the database process (database-restarts.ts): an engine that dies is started again after a
 * doubling delay, where it listened before; one that keeps dying is given up after `perMinute` restarts, and then
 * the service stops as it did before restarts existed.
 */
import { describe, expect, it } from 'vitest'
import type { DatabaseProcess, EngineListen } from './database-process'
import { listenAgain, superviseDatabaseProcess } from './database-restarts'
import { buildConfig } from './config'
import { createLogger } from './logger'

const logger = createLogger(buildConfig({ LOG_LEVEL: 'silent' }))

/** Engines that end when told to, as `start` returns them; each start recorded with where it listened. */
function fakeEngines() {
  const starts: { listen: EngineListen; at: number }[] = []
  const live: { die(code: number): void; stopped: boolean }[] = []
  let pid = 100
  const start = (listen: EngineListen): Promise<DatabaseProcess> => {
    starts.push({ listen, at: Date.now() })
    let end: (code: number | null) => void = () => {}
    const exited = new Promise<number | null>((resolve) => (end = resolve))
    const engine = { die: (code: number) => end(code), stopped: false }
    live.push(engine)
    const port = 'port' in listen && listen.port === 0 ? 47017 : 'port' in listen ? listen.port : 0
    return Promise.resolve({
      uri: port ? `mongodb://127.0.0.1:${port}/` : 'mongodb://%2Ftmp%2Fx.sock/',
      pid: ++pid,
      exited,
      stop: () => {
        engine.stopped = true
        end(0)
        return exited.then(() => undefined)
      },
    })
  }
  return { start, starts, live }
}

const until = async (check: () => boolean) => {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((r) => setTimeout(r, 10))
  expect(check()).toBe(true)
}

describe('superviseDatabaseProcess', () => {
  it('should start a dead engine again with doubling delays, on the port it took, and give up past the cap', async () => {
    const { start, starts, live } = fakeEngines()
    const limits = { firstDelayMs: 20, maxDelayMs: 60, perMinute: 3 }
    const db = await superviseDatabaseProcess(start, { port: 0 }, logger, limits)
    let gaveUp: number | null | undefined
    void db.exited.then((code) => (gaveUp = code))
    for (let n = 1; n <= 3; n++) {
      live[n - 1]?.die(137)
      await until(() => starts.length === n + 1)
      expect(db.pid).toBe(100 + n + 1)
    }
    // Started again where the first listened (the port DATABASE_PORT=0 chose), after 20, 40 and 60 (capped) ms.
    expect(starts.slice(1).map((s) => s.listen)).toEqual([{ port: 47017 }, { port: 47017 }, { port: 47017 }])
    const gaps = starts.slice(1).map((s, i) => s.at - (starts[i]?.at ?? 0))
    expect(gaps[0]).toBeGreaterThanOrEqual(18)
    expect(gaps[1]).toBeGreaterThanOrEqual(38)
    expect(gaps[2]).toBeGreaterThanOrEqual(58)
    expect(gaveUp).toBeUndefined()
    // A fourth death within the minute: given up, not started again.
    live[3]?.die(137)
    await until(() => gaveUp !== undefined)
    expect(gaveUp).toBe(137)
    await new Promise((r) => setTimeout(r, 100))
    expect(starts).toHaveLength(4)
  })

  it('should start nothing again once stopped', async () => {
    const { start, starts, live } = fakeEngines()
    const db = await superviseDatabaseProcess(start, { socketPath: '/tmp/x.sock' }, logger, {
      firstDelayMs: 20,
      maxDelayMs: 20,
      perMinute: 5,
    })
    await db.stop()
    expect(live[0]?.stopped).toBe(true)
    await new Promise((r) => setTimeout(r, 60))
    expect(starts).toHaveLength(1)
  })

  it('should listen again on the socket, or on the port given', () => {
    expect(listenAgain({ socketPath: '/d/s.sock' }, 'mongodb://%2Fd%2Fs.sock/')).toEqual({
      socketPath: '/d/s.sock',
    })
    expect(listenAgain({ port: 27018 }, 'mongodb://127.0.0.1:27018/')).toEqual({ port: 27018 })
    expect(listenAgain({ port: 0 }, 'mongodb://127.0.0.1:40123/')).toEqual({ port: 40123 })
  })
})
