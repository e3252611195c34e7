import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { addDays, chineseDate, PROVISIONAL_DATE_NOTE } from '@cunwu/domain'
import { infoRequestsApp } from '../../testing/info-requests'

// What both sides are told of a consultation begun after the last day (条例第三十二、三十三条), and the provisional
// mark on the office's last day for a correction notice (条例第三十条).
describe('information requests: late consultations and provisional notice days', () => {
  const app = infoRequestsApp(['demo-township', 'late-steps-requester'])
  const { at, get, post } = app
  beforeAll(app.start, 120_000)
  afterAll(app.close)

  const consult = (id: string, action: 'start' | 'end') =>
    post(`/info-requests/${id}/consultation`, 'demo-township', { action, party: '第三方' })
  const file = (day: string, description: string) => app.fileOn(day, 'late-steps-requester', description)
  /** What the requester's inbox said of a request's step. */
  async function told(number: string, step: string): Promise<string> {
    const inbox = await get('/inbox?limit=50', 'late-steps-requester')
    const entry = (inbox.body.entries as Array<{ title: string; body: string }>).find(
      (e) => e.title.includes(number) && e.title.includes(step),
    )
    expect(entry, `${number} ${step}`).toBeDefined()
    return entry?.body ?? ''
  }

  it('should say nothing of pausing for a consultation begun after the last day, nor promise a past day', async () => {
    const r = await file('2026-11-02', '本镇2026年危房改造补助对象名单')
    const after = addDays(r.dueDate, 2)
    await at(after)
    const started = await consult(r.id, 'start')
    expect(started.status).toBe(200)
    // The office's card: overdue, consulting (it may end it), not paused.
    expect(started.body).toMatchObject({ overdue: true, consulting: true, paused: false, dueDate: r.dueDate })
    // The requester's card reads the same.
    const mine = await get(`/info-requests/${r.id}`, 'late-steps-requester')
    expect(mine.body).toMatchObject({ overdue: true, consulting: true, paused: false })
    const startText = await told(r.number, '征求意见')
    expect(startText).not.toContain('不计入')
    expect(startText).toContain('机关已超过答复期限')

    await at(addDays(after, 7))
    const ended = await consult(r.id, 'end')
    expect(ended.status).toBe(200)
    expect(ended.body).toMatchObject({ dueDate: r.dueDate, overdue: true, consulting: false, paused: false })
    const endText = await told(r.number, '征求完毕')
    expect(endText).not.toContain('将在')
    expect(endText).toContain('机关已超过答复期限')
    expect(endText).toContain('还没有答复')
  })

  it('should pause the clock for a consultation begun on the last day, and name a day still to come', async () => {
    const r = await file('2026-11-02', '本镇2026年农村低保对象名单')
    expect(r.dueDate).toBe('2026-11-30')
    await at(r.dueDate)
    const started = await consult(r.id, 'start')
    expect(started.body).toMatchObject({ overdue: false, consulting: true, paused: true })
    expect(await told(r.number, '征求意见')).toContain('这段时间不计入答复期限')
    // Past the nominal day while it runs: paused, not overdue.
    await at('2026-12-03')
    const mine = await get(`/info-requests/${r.id}`, 'late-steps-requester')
    expect(mine.body).toMatchObject({ overdue: false, paused: true })
    // Ended Thursday: its three working days move the last day to that Thursday, which is still in time.
    const ended = await consult(r.id, 'end')
    expect(ended.body).toMatchObject({ dueDate: '2026-12-03', overdue: false, paused: false })
    expect(await told(r.number, '征求完毕')).toBe('征求意见已结束，将在2026年12月3日（含当天）前答复。')

    // Begun on the last day and ended on a Saturday, the moved day is the Friday before: told as late, not promised.
    const weekend = await file('2026-11-02', '本镇2026年农村特困人员名单')
    await at(weekend.dueDate)
    await consult(weekend.id, 'start')
    await at('2026-12-05')
    const over = await consult(weekend.id, 'end')
    expect(over.body).toMatchObject({ dueDate: '2026-12-04', overdue: true })
    const overText = await told(weekend.number, '征求完毕')
    expect(overText).not.toContain('将在')
    expect(overText).toContain('应在2026年12月4日（含当天）前答复')
  })

  it('should mark the last day for a correction notice provisional when it falls in a year without holiday data', async () => {
    // Filed Monday 2026-12-28: 7 working days reach into 2027, whose arrangement is not published.
    const late = await file('2026-12-28', '本镇2026年村级公益事业一事一议奖补资金')
    const office = await get(`/info-requests/${late.id}`, 'demo-township')
    expect(office.body.correctionNoticeBy).toMatch(/^2027-01-/)
    expect(office.body.correctionNoticeByProvisional).toBe(true)
    // Within a year with data: not provisional.
    const early = await file('2026-11-02', '本镇2026年耕地地力保护补贴发放明细')
    const known = await get(`/info-requests/${early.id}`, 'demo-township')
    expect(known.body.correctionNoticeBy).toMatch(/^2026-11-/)
    expect(known.body.correctionNoticeByProvisional).toBe(false)
    // The requester's view has no such day.
    const mine = await get(`/info-requests/${late.id}`, 'late-steps-requester')
    expect(mine.body).toMatchObject({ correctionNoticeBy: null, correctionNoticeByProvisional: false })
  })

  it('should carry the provisional note in every refusal that states a provisional date (tester irui7)', async () => {
    // Extending after a provisional last day: 20 working days from 2026-12-07 end on 2027-01-05.
    const late = await file('2026-12-07', '本镇2026年村级道路养护经费')
    expect(late.dueDate).toBe('2027-01-05')
    await at('2027-01-20')
    const extended = await post(`/info-requests/${late.id}/extend`, 'demo-township', { reason: '需要调档' })
    expect(extended.status).toBe(409)
    expect(extended.body.error.message).toContain(
      `${chineseDate(late.dueDate)}届满（${PROVISIONAL_DATE_NOTE}）`,
    )
    // A correction notice after its provisional last day (7 working days from 2026-12-28).
    const unnoticed = await file('2026-12-28', '本镇2026年农机购置补贴名单')
    const lastDay = (await get(`/info-requests/${unnoticed.id}`, 'demo-township')).body.correctionNoticeBy
    await at('2027-02-22')
    const notice = await post(`/info-requests/${unnoticed.id}/correction-notice`, 'demo-township', {
      missing: ['写明年份'],
    })
    expect(notice.status).toBe(409)
    expect(notice.body.error.message).toContain(`${chineseDate(lastDay)}截止（${PROVISIONAL_DATE_NOTE}）`)
    // A correction after a provisional period: noticed 2026-12-29, 15 working days reach into 2027.
    const lapsing = await file('2026-12-28', '本镇2026年生态护林员名单')
    await at('2026-12-29')
    const sent = await post(`/info-requests/${lapsing.id}/correction-notice`, 'demo-township', {
      missing: ['写明村名'],
    })
    expect(sent.body.correctionNotice.provisional).toBe(true)
    await at('2027-03-01')
    const corrected = await post(`/info-requests/${lapsing.id}/correct`, 'late-steps-requester', {
      description: '石门村',
    })
    expect(corrected.status).toBe(409)
    expect(corrected.body.error.message).toContain(
      `${chineseDate(sent.body.correctionNotice.dueDate)}届满（${PROVISIONAL_DATE_NOTE}）`,
    )
  })
})
