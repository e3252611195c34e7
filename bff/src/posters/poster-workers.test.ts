import { afterAll, describe, expect, it } from 'vitest'
import { buildPosterDto } from '../testing/poster-dto'
import { PosterSlots, PosterWorkerPool } from './poster-workers'

const job = (rows: number) =>
  ({
    kind: 'disclosures',
    items: [
      { disclosure: buildPosterDto(rows), link: 'https://example.cn/api/v1/p/0123456789abcdef01234567' },
    ],
    options: { size: 'A3', printedAt: new Date() },
  }) as const

describe('poster workers', () => {
  const pool = new PosterWorkerPool(1)
  afterAll(() => pool.close())

  it('should draw in a worker, keep it warm for the next poster, and reuse it', async () => {
    const pdf = await pool.draw(job(30))
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-')
    expect(pool.waiting).toBe(1)
    const started = pool.started
    expect((await pool.draw(job(5))).subarray(0, 5).toString()).toBe('%PDF-')
    expect(pool.started).toBe(started)
  }, 60_000)

  it('should stop a drawing over its time limit with 503, and not reuse its worker', async () => {
    const late = pool.draw(job(3000), undefined, 1)
    await expect(late).rejects.toMatchObject({ status: 503, code: 'service_unavailable' })
    expect(pool.drawing).toBe(0)
  }, 60_000)

  it('should end a drawing in flight when closed, without hanging', async () => {
    const drawing = pool.draw(job(3000))
    const closed = pool.close()
    await expect(drawing).rejects.toMatchObject({ status: 503 })
    await closed
    expect(pool.drawing).toBe(0)
    expect(pool.waiting).toBe(0)
  }, 60_000)
})

describe('poster slots', () => {
  it('should refuse a request beyond the cap with 429 and free a slot once, however often released', () => {
    const slots = new PosterSlots(2)
    const a = slots.take()
    slots.take()
    expect(() => slots.take()).toThrow(expect.objectContaining({ status: 429, code: 'rate_limited' }))
    a()
    a()
    expect(slots.inFlight).toBe(1)
    expect(() => slots.take()).not.toThrow()
  })
})
