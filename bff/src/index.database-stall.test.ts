/**
 * The database process alive but not answering (frozen by SIGSTOP, as a long stall or a disk hang would leave it):
 * new API calls answer 503 service_unavailable at once once the health check's monitor calls it unreachable, a call
 * already waiting on it is answered 503 within the driver's operation timeout, and the service serves again by
 * itself once the engine answers (re-probe N1).
 */
import { afterEach, describe, expect, it } from 'vitest'
import { DATABASE_WAIT_BOUND_MS } from './db'
import { signedInHeaders, startEntryWith, stopEntries, workersListening } from './testing/process-entry'

let frozen: number | null = null
afterEach(async () => {
  if (frozen !== null) process.kill(frozen, 'SIGCONT')
  frozen = null
  await stopEntries()
})

const VILLAGE = '360999100200'

/** One request on a new connection: its status, error code and how long it took (ms). */
async function ask(
  url: string,
  route: string,
  init: RequestInit = {},
): Promise<{ status: number; code?: string; ms: number }> {
  const started = Date.now()
  try {
    const res = await fetch(`${url}${route}`, {
      ...init,
      headers: { connection: 'close', ...(init.headers as Record<string, string> | undefined) },
      signal: AbortSignal.timeout(40_000),
    })
    const body = (await res.json()) as { error?: { code?: string } }
    return { status: res.status, code: body.error?.code, ms: Date.now() - started }
  } catch (err) {
    return {
      status: 0,
      code: String((err as { cause?: { code?: string } }).cause?.code ?? err),
      ms: Date.now() - started,
    }
  }
}

describe('the database process frozen under a running service', () => {
  it('should answer 503 at once while the engine is stalled, end a waiting call within the bound, and serve again', async () => {
    const entry = startEntryWith(process.env.PATH, { WORKERS: '2', SEED_DEMO: 'true' })
    const listening = await workersListening(entry)
    const url = String(listening[0]?.url)
    const enginePid = Number(entry.logs().find((l) => l.msg === 'database process started')?.enginePid)
    const auth = await signedInHeaders(url, 'demo-secretary')
    expect((await ask(url, `/api/v1/regions/${VILLAGE}`)).status).toBe(200)

    process.kill(enginePid, 'SIGSTOP')
    frozen = enginePid
    // Sent at once: the service cannot know yet, so these wait on the database, each within the bound.
    const waiting = Promise.all([
      ask(url, `/api/v1/regions/${VILLAGE}`),
      ask(url, '/api/v1/me', { headers: auth }),
      ask(url, `/api/v1/regions/${VILLAGE}/contact`, {
        method: 'PATCH',
        headers: auth,
        body: JSON.stringify({ officePhone: '0795-7000001' }),
      }),
    ])
    // Once the monitor has seen the stall (a ping unanswered for 5 s): 503 at once, health too.
    await new Promise((r) => setTimeout(r, 7_500))
    const fresh = await Promise.all([
      ask(url, '/health'),
      ask(url, `/api/v1/regions/${VILLAGE}`),
      ask(url, `/api/v1/regions/${VILLAGE}`),
      ask(url, '/api/v1/me', { headers: auth }),
      ask(url, '/api/v1/me', { headers: auth }),
    ])
    for (const r of fresh) {
      expect([r.status, r.code]).toEqual([503, 'service_unavailable'])
      expect(r.ms).toBeLessThan(2_500)
    }
    const waited = await waiting
    for (const r of waited) {
      expect([r.status, r.code]).toEqual([503, 'service_unavailable'])
      expect(r.ms).toBeLessThan(DATABASE_WAIT_BOUND_MS + 5_000)
    }

    process.kill(enginePid, 'SIGCONT')
    frozen = null
    let back = false
    for (let i = 0; i < 100 && !back; i++) {
      const [health, region, me] = await Promise.all([
        ask(url, '/health'),
        ask(url, `/api/v1/regions/${VILLAGE}`),
        ask(url, '/api/v1/me', { headers: auth }),
      ])
      back = health.status === 200 && region.status === 200 && me.status === 200
      if (!back) {
        for (const r of [health, region, me]) expect([200, 503]).toContain(r.status)
        await new Promise((r) => setTimeout(r, 200))
      }
    }
    expect(back).toBe(true)
    expect(entry.child.exitCode).toBe(null)
  }, 180_000)
})
