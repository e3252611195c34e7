import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { addWorkingDays, workingDaysBetween } from '@cunwu/domain'
import { getWorkingCalendar } from '../../lib/calendar/working-calendar'
import { infoRequestsApp } from '../../testing/info-requests'

// The reply clock of 依申请公开 across consultations, extensions and a correction (条例第三十、三十二、三十三条).

describe('information requests: the reply clock (条例第三十、三十二、三十三条)', () => {
  const app = infoRequestsApp(['demo-township', 'demo-villager'])
  const { at, get, post } = app
  beforeAll(app.start, 120_000)
  afterAll(app.close)

  const office = (id: string, step: string, body: object = {}) =>
    post(`/info-requests/${id}/${step}`, 'demo-township', body)
  const due = (from: string, days: number) => addWorkingDays(from, days, getWorkingCalendar()).date
  const between = (a: string, b: string) => workingDaysBetween(a, b, getWorkingCalendar()).days
  const file = async (day: string, description: string) =>
    String((await app.fileOn(day, 'demo-villager', description)).id)

  describe('a consultation begun after the last day (H1)', () => {
    for (const [name, filed, lastDay, start, end] of [
      // Due Friday 11-27; the consultation begins on Saturday 11-28 and ends Monday 11-30.
      ['across a weekend', '2026-10-30', '2026-11-27', '2026-11-28', '2026-11-30'],
      // Due 09-24; the consultation begins on 中秋 09-25 and ends after 国庆, 10-08.
      ['across 中秋 and 国庆', '2026-08-28', '2026-09-24', '2026-09-25', '2026-10-08'],
    ] as const) {
      it(`should leave a lapsed period lapsed ${name}: no new deadline, no extension, a late reply`, async () => {
        const id = await file(filed, `本镇${name}的危房改造补助名单`)
        const twin = await file(filed, `本镇${name}的危房改造补助资金`)
        for (const r of [id, twin]) {
          await at(filed)
          const read = await get(`/info-requests/${r}`, 'demo-township')
          expect(read.body.dueDate).toBe(lastDay)
          await at(start)
          expect((await office(r, 'consultation', { action: 'start', party: '第三方' })).status).toBe(200)
          await at(end)
          const ended = await office(r, 'consultation', { action: 'end' })
          expect(ended.status).toBe(200)
          expect(ended.body).toMatchObject({ dueDate: lastDay, overdue: true, paused: false })
        }
        const extended = await office(id, 'extend', { reason: '需要调档' })
        expect(extended.status).toBe(409)
        expect(extended.body.error.message).toContain('不能再延长')
        const replied = await office(twin, 'reply', { type: 'disclosed', text: '见附件' })
        expect(replied.status).toBe(200)
        const mine = await get(`/info-requests/${twin}`, 'demo-villager')
        expect(mine.body).toMatchObject({ dueDate: lastDay, repliedLate: true })
      })
    }
  })

  describe('after a correction the period is a new one (H2)', () => {
    it('should count only the consultation days after the corrected receipt', async () => {
      const id = await file('2026-11-02', '本镇征求意见跨越补正的信息')
      await at('2026-11-03')
      expect((await office(id, 'consultation', { action: 'start', party: '县自然资源局' })).status).toBe(200)
      await at('2026-11-04')
      expect((await office(id, 'correction-notice', { missing: ['写明地块'] })).status).toBe(200)
      await at('2026-11-20')
      const corrected = await post(`/info-requests/${id}/correct`, 'demo-villager', {
        description: '补正：某地块',
      })
      expect(corrected.body).toMatchObject({ receivedDate: '2026-11-20', dueDate: due('2026-11-20', 20) })
      await at('2026-11-25')
      const ended = await office(id, 'consultation', { action: 'end' })
      expect(ended.body.dueDate).toBe(due('2026-11-20', 20 + between('2026-11-20', '2026-11-25')))
    })

    it('should not carry a finished consultation into the new period', async () => {
      const id = await file('2026-11-02', '本镇征求意见在补正前结束的信息')
      await at('2026-11-03')
      await office(id, 'consultation', { action: 'start' })
      await at('2026-11-06')
      await office(id, 'consultation', { action: 'end' })
      await at('2026-11-09')
      expect((await office(id, 'correction-notice', { missing: ['写明年份'] })).status).toBe(200)
      await at('2026-11-10')
      const corrected = await post(`/info-requests/${id}/correct`, 'demo-villager', {
        description: '补正：2026年',
      })
      expect(corrected.body.dueDate).toBe(due('2026-11-10', 20))
    })

    it('should not carry the earlier extension, and let the office extend the new period once', async () => {
      const id = await file('2026-11-02', '本镇延期后补正的信息')
      await at('2026-11-03')
      expect((await office(id, 'extend', { reason: '需要调档' })).status).toBe(200)
      await at('2026-11-04')
      expect((await office(id, 'correction-notice', { missing: ['写明年份'] })).status).toBe(200)
      await at('2026-11-05')
      const corrected = await post(`/info-requests/${id}/correct`, 'demo-villager', {
        description: '补正：2026年',
      })
      expect(corrected.body).toMatchObject({ dueDate: due('2026-11-05', 20), extension: null })
      await at('2026-11-06')
      const extended = await office(id, 'extend', { reason: '新申请内容复杂' })
      expect(extended.status).toBe(200)
      expect(extended.body).toMatchObject({
        dueDate: due('2026-11-05', 40),
        extension: { reason: '新申请内容复杂' },
      })
      expect((await office(id, 'extend', { reason: '再延一次' })).status).toBe(409)
    })
  })

  it('should count 1 January as a rest day in a year without holiday data, and say the date is provisional', async () => {
    await at('2026-12-07')
    const created = await app.file('demo-villager', { description: '本镇2026年低保资金发放明细' })
    // 20 working days from Monday 12-07 with Friday 2027-01-01 (元旦) a rest day: Tuesday 2027-01-05.
    expect(created.body).toMatchObject({ dueDate: '2027-01-05', provisional: true })
    // The day itself is in time, and the date is said to be provisional.
    expect(created.body.acknowledgement).toContain('2027年1月5日（含当天）前答复')
    expect(created.body.acknowledgement).toContain('放假安排还没有公布，这个日期是推算的')
    const inbox = await get('/inbox?limit=50', 'demo-villager')
    const registered = JSON.stringify(
      inbox.body.entries.filter((e: { body: string }) => e.body.includes(String(created.body.number))),
    )
    expect(registered).toContain('2027年1月5日（含当天）前答复')
    expect(registered).toContain('放假安排还没有公布，这个日期是推算的')
  })
})
