/**
 * The database process dying under a running service (killed for memory, a crash): the process entry starts it
 * again on the same socket, the workers answer 503 service_unavailable meanwhile (never a refused connection or a
 * 500) and serve again once the driver has reconnected, without the BFF being restarted, and nothing written before
 * is lost (tester t1, D1).
 */
import { afterEach, describe, expect, it } from 'vitest'
import {
  alive,
  signedInHeaders,
  startEntryWith,
  stopEntries,
  workersListening,
} from './testing/process-entry'

afterEach(stopEntries)

const VILLAGE = '360999100200'

/** One request on a new connection (so node:cluster hands it to the workers in turn): its status and error code. */
async function ask(
  url: string,
  route: string,
  init: RequestInit = {},
): Promise<{ status: number; code?: string; body: Record<string, unknown> }> {
  try {
    const res = await fetch(`${url}${route}`, {
      ...init,
      headers: { connection: 'close', ...(init.headers as Record<string, string> | undefined) },
      signal: AbortSignal.timeout(20_000),
    })
    const body = (await res.json()) as Record<string, unknown>
    const error = body.error as { code?: string } | undefined
    return { status: res.status, code: error?.code, body }
  } catch (err) {
    // A refused connection or a timeout: what the service must not give while its database restarts.
    return { status: 0, code: String((err as { cause?: { code?: string } }).cause?.code ?? err), body: {} }
  }
}

describe('the database process restarting under a running service', () => {
  it('should answer 503 while the engine is away and serve again by itself, with nothing lost', async () => {
    const entry = startEntryWith(process.env.PATH, { WORKERS: '2', SEED_DEMO: 'true' })
    const listening = await workersListening(entry)
    const url = String(listening[0]?.url)
    const workerPids = listening.map((l) => Number(l.pid))
    const enginePid = Number(entry.logs().find((l) => l.msg === 'database process started')?.enginePid)
    expect(alive(enginePid)).toBe(true)

    const auth = await signedInHeaders(url, 'demo-secretary')
    const phone = '0795-7123456'
    const written = await ask(url, `/api/v1/regions/${VILLAGE}/contact`, {
      method: 'PATCH',
      headers: auth,
      body: JSON.stringify({ officePhone: phone }),
    })
    expect(written.status).toBe(200)

    process.kill(enginePid, 'SIGKILL')
    const seen: { status: number; code?: string }[] = []
    let back = false
    for (let i = 0; i < 600 && !back; i++) {
      const [health, region, me] = await Promise.all([
        ask(url, '/health'),
        ask(url, `/api/v1/regions/${VILLAGE}`),
        ask(url, '/api/v1/me', { headers: auth }),
      ])
      seen.push(health, region, me)
      back = health.status === 200 && region.status === 200 && me.status === 200 && seen.length > 6
      if (!back) await new Promise((r) => setTimeout(r, 100))
    }
    expect(back).toBe(true)
    // Every answer was an answer: 503 service_unavailable while away, 200 otherwise.
    const unexpected = seen.filter(
      (s) => s.status !== 200 && !(s.status === 503 && s.code === 'service_unavailable'),
    )
    expect(unexpected).toEqual([])
    expect(seen.filter((s) => s.status === 503).length).toBeGreaterThan(0)

    // Started again, by the entry, on the same socket; the same BFF workers serve.
    const again = entry.logs().find((l) => l.msg === 'database process started again')
    expect(Number(again?.enginePid)).toBeGreaterThan(0)
    expect(Number(again?.enginePid)).not.toBe(enginePid)
    expect(entry.child.exitCode).toBe(null)
    expect(entry.logs().some((l) => l.msg === 'a worker ended: starting another')).toBe(false)
    for (const pid of workerPids) expect(alive(pid)).toBe(true)
    const health = await ask(url, '/health')
    expect(health.body.database).toMatchObject({ state: 'up', kind: 'embedded' })

    // What was written before the engine died is there, through both workers.
    for (let i = 0; i < 4; i++) {
      const region = await ask(url, `/api/v1/regions/${VILLAGE}`)
      expect(region.status).toBe(200)
      expect(JSON.stringify(region.body)).toContain(phone)
    }
    // And writes go on.
    const rewritten = await ask(url, `/api/v1/regions/${VILLAGE}/contact`, {
      method: 'PATCH',
      headers: auth,
      body: JSON.stringify({ officePhone: null }),
    })
    expect(rewritten.status).toBe(200)
  }, 240_000)
})
