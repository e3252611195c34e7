import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { infoRequestsApp, TOWNSHIP } from '../../testing/info-requests'

// 条例第三十条: a 补正 supplies what the notice asked for; the request as filed stays on file beside it.
const ORIGINAL = '户主身份证110101199003074477名下2025年宅基地审批表，承包合同号6222020200112233445'

describe('information requests: the 补正 is kept beside the request (条例第三十条)', () => {
  const app = infoRequestsApp(['demo-township', 'supplement-requester'])
  const { get, post } = app
  beforeAll(app.start, 120_000)
  afterAll(app.close)

  it('should keep the request as filed for the office, and the 补正 as its own text with its time', async () => {
    const created = await app.file('supplement-requester', { description: ORIGINAL, purpose: '办理继承' })
    expect(created.status).toBe(201)
    const id = String(created.body.id)
    // The requester's own view is masked, as before.
    expect(created.body.description).not.toContain('110101199003074477')
    expect(created.body.supplement).toBeNull()
    expect(
      (await post(`/info-requests/${id}/correction-notice`, 'demo-township', { missing: ['宗地位置'] }))
        .status,
    ).toBe(200)
    // What an older app sent: the masked view with the 补正 typed after it.
    const corrected = await post(`/info-requests/${id}/correct`, 'supplement-requester', {
      description: `${created.body.description}。宗地在东坑组，身份证110101199003074477`,
      purpose: '继承登记',
    })
    expect(corrected.status).toBe(200)
    expect(corrected.body.status).toBe('registered')

    const office = await get(`/info-requests/${id}`, 'demo-township')
    // The request as filed, numbers and all, and its purpose, unchanged.
    expect(office.body.description).toBe(ORIGINAL)
    expect(office.body.purpose).toBe('办理继承')
    expect(office.body.supplement).toMatchObject({ purpose: '继承登记' })
    expect(office.body.supplement.text).toContain('宗地在东坑组，身份证110101199003074477')
    expect(Date.parse(office.body.supplement.at)).toBeGreaterThan(0)
    expect(office.body.supplement.at).toBe(office.body.history.at(-1).at)
    // The queue shows the same.
    const queue = await get(`/regions/${TOWNSHIP}/info-requests`, 'demo-township')
    const inQueue = queue.body.requests.find((r: { id: string }) => r.id === id)
    expect(inQueue.description).toBe(ORIGINAL)

    // The requester's view stays masked, the 补正 too.
    const mine = await get(`/info-requests/${id}`, 'supplement-requester')
    expect(mine.body.description).toBe(created.body.description)
    expect(mine.body.supplement.text).toContain('宗地在东坑组')
    expect(mine.body.supplement.text).not.toContain('110101199003074477')
    // Stored: the description as filed.
    const stored = await app.t.services?.models.InfoRequest.findById(id).lean()
    expect(stored?.description).toBe(ORIGINAL)
  })
})
