/**
 * The development clock with several workers (tester t1, D4): a move through one worker is the clock of every worker,
 * so deadlines, publication dates and the upkeep do not depend on which worker a request lands on.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { startEntryWith, stopEntries, workersListening } from './testing/process-entry'

afterEach(stopEntries)

const DAY_MS = 86_400_000

/** A request on a new connection each (node:cluster hands them to the workers in turn). */
async function clock(url: string, body?: unknown): Promise<{ now: string; offsetMs: number }> {
  const res = await fetch(`${url}/api/v1/dev/clock`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { 'content-type': 'application/json', connection: 'close' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  })
  expect(res.status).toBe(200)
  return (await res.json()) as { now: string; offsetMs: number }
}

describe('the development clock with two workers', () => {
  it('should move every worker when moved through one, and back again', async () => {
    const entry = startEntryWith(process.env.PATH, { WORKERS: '2', SEED_DEMO: 'false' })
    const listening = await workersListening(entry)
    const url = String(listening[0]?.url)
    for (const [move, offset] of [
      [10, 10 * DAY_MS],
      [-20, -10 * DAY_MS],
      [10, 0],
    ] as const) {
      expect((await clock(url, { advanceDays: move })).offsetMs).toBe(offset)
      // Both workers answer in turn, each with the moved clock.
      const seen = await Promise.all(Array.from({ length: 6 }, () => clock(url)))
      expect(seen.map((s) => s.offsetMs)).toEqual(Array<number>(6).fill(offset))
    }
    // The upkeep too runs on the moved clock, whichever worker runs it.
    await clock(url, { advanceDays: 3 })
    for (let i = 0; i < 4; i++) {
      const res = await fetch(`${url}/api/v1/dev/upkeep`, {
        method: 'POST',
        headers: { connection: 'close' },
      })
      const { now } = (await res.json()) as { now: string }
      expect(Math.abs(Date.parse(now) - Date.now() - 3 * DAY_MS)).toBeLessThan(60_000)
    }
  }, 240_000)
})
