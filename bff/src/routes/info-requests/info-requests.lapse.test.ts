import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { addDays, addWorkingDays, InfoRequestDtoSchema } from '@cunwu/domain'
import { getWorkingCalendar } from '../../lib/calendar/working-calendar'
import { infoRequestsApp, TOWNSHIP } from '../../testing/info-requests'

// 条例第三十条: the correction notice states a reasonable time limit; 无正当理由逾期不补正的，视为放弃申请.

describe('information requests: the correction period (条例第三十条)', () => {
  const app = infoRequestsApp(['demo-township', 'demo-newcomer', 'demo-villager'])
  const { at, get, post } = app
  beforeAll(app.start, 120_000)
  afterAll(app.close)

  const due = (from: string, days: number) => addWorkingDays(from, days, getWorkingCalendar()).date
  const file = (description: string, who = 'demo-newcomer') => app.file(who, { description })

  it('should state the period in the notice: 15 working days unless the office sets 10 to 30', async () => {
    await at('2026-03-02')
    const ids: string[] = []
    for (const d of ['你们那个文件', '你们那个通知', '你们那个名单'])
      ids.push(String((await file(d)).body.id))
    await at('2026-03-03')
    const [plain, set, bad] = ids as [string, string, string]
    const byDefault = await post(`/info-requests/${plain}/correction-notice`, 'demo-township', {
      missing: ['文件名称'],
    })
    expect(byDefault.status).toBe(200)
    expect(byDefault.body.correctionNotice).toMatchObject({
      dueDate: due('2026-03-03', 15),
      provisional: false,
    })
    const chosen = await post(`/info-requests/${set}/correction-notice`, 'demo-township', {
      missing: ['通知名称'],
      workingDays: 20,
    })
    expect(chosen.body.correctionNotice.dueDate).toBe(due('2026-03-03', 20))
    for (const workingDays of [9, 31, 12.5]) {
      const refused = await post(`/info-requests/${bad}/correction-notice`, 'demo-township', {
        missing: ['名单名称'],
        workingDays,
      })
      expect(refused.status, String(workingDays)).toBe(400)
      expect(refused.body.error.message).toMatch(/补正期限/)
    }
    // The requester is told the last day and what happens after it.
    const inbox = await get('/inbox?limit=50', 'demo-newcomer')
    const told = JSON.stringify(inbox.body)
    expect(told).toContain('（含当天）前补正')
    expect(told).toContain('视为放弃申请')
  })

  it('should treat a request not corrected in time as withdrawn, for both sides and in the report', async () => {
    await at('2027-03-01')
    const created = await file('你们去年那个文件')
    const id = String(created.body.id)
    await at('2027-03-02')
    const notice = await post(`/info-requests/${id}/correction-notice`, 'demo-township', {
      missing: ['文件名称'],
    })
    const last = String(notice.body.correctionNotice.dueDate)
    // On the last day it is still awaited, and may still be corrected.
    await at(last, '20:00')
    expect((await get(`/info-requests/${id}`, 'demo-newcomer')).body.status).toBe('awaiting_correction')
    await at(addDays(last, 1), '09:00')
    for (const who of ['demo-newcomer', 'demo-township']) {
      const read = await get(`/info-requests/${id}`, who)
      InfoRequestDtoSchema.parse(read.body)
      expect(read.body, who).toMatchObject({ status: 'lapsed', overdue: false })
      expect(read.body.statusLabel).toContain('视为放弃申请')
    }
    const queue = await get(`/regions/${TOWNSHIP}/info-requests`, 'demo-township')
    expect(queue.body.requests.map((r: { id: string }) => r.id)).not.toContain(id)
    const late = await post(`/info-requests/${id}/correct`, 'demo-newcomer', { description: '某某文件' })
    expect(late.status).toBe(409)
    expect(late.body.error.message).toContain('视为放弃申请')
    const report = await get(`/regions/${TOWNSHIP}/info-requests/annual-report?year=2027`, 'demo-township')
    const row = (key: string) => report.body.rows.find((r: { key: string }) => r.key === key).counts.total
    expect(row('r6_1')).toBe(1)
    expect(report.body.balanced).toBe(true)
  })

  it("should not count a withdrawn request among the requester's open ones", async () => {
    await at('2028-03-01')
    const first = String((await file('第1件申请', 'demo-villager')).body.id)
    await at('2028-03-02')
    await post(`/info-requests/${first}/correction-notice`, 'demo-township', {
      missing: ['名称'],
      workingDays: 10,
    })
    await at('2028-03-03')
    for (let i = 2; i <= 20; i += 1) expect((await file(`第${i}件申请`, 'demo-villager')).status).toBe(201)
    expect((await file('第21件申请', 'demo-villager')).status).toBe(429)
    await at(addDays(due('2028-03-02', 10), 1))
    expect((await file('第21件申请', 'demo-villager')).status).toBe(201)
  })
})
