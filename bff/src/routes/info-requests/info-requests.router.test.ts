import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { addWorkingDays } from '@cunwu/domain'
import { buildTestApp } from '../../testing/build-app'
import type { TestApp } from '../../testing/build-app'
import { signIn } from '../../testing/sign-in'
import { demoPeople } from '../../services/seed.service'
import { getWorkingCalendar } from '../../lib/calendar/working-calendar'

const people = demoPeople()
const TOWNSHIP = people.find((p) => p.userKey === 'demo-township')?.grants[0]?.regionCode ?? ''
const V1 = people.find((p) => p.userKey === 'demo-secretary')?.grants[0]?.regionCode ?? ''
const requester = {
  name: '李四',
  idType: 'resident_id',
  idNumber: '110101199003074477',
  contact: '13800138000',
}

describe('government information requests (依申请公开)', () => {
  let t: TestApp
  let server: ReturnType<TestApp['app']['callback']>
  const auth: Record<string, string> = {}
  const as = (key: string) => auth[key] ?? ''

  beforeAll(async () => {
    t = await buildTestApp()
    server = t.app.callback()
    for (const key of ['demo-township', 'demo-county', 'demo-villager', 'demo-newcomer', 'demo-secretary']) {
      auth[key] = (await signIn(t.app, key)).auth
    }
    // A Monday in 2026, 09:00 in China: the deadlines below count from a known day.
    await request(server).post('/api/v1/dev/clock').send({ setTo: '2026-03-02T09:00:00+08:00' })
  }, 120_000)
  afterAll(async () => {
    await t.close()
  })

  const post = (path: string, who: string, body: object = {}) =>
    request(server).post(`/api/v1${path}`).set('Authorization', as(who)).send(body)
  const due = (from: string, days: number) => addWorkingDays(from, days, getWorkingCalendar()).date

  it('should register, correct once, extend once, reply 部分公开 and archive, on the legal clock', async () => {
    const created = await post('/info-requests', 'demo-villager', {
      regionCode: TOWNSHIP,
      description: '2025年本镇低保资金发放明细',
      form: 'electronic',
      requester,
    })
    expect(created.status).toBe(201)
    const id = String(created.body.id)
    expect(created.body.number).toMatch(/〔2026〕依申请第\d+号$/)
    expect(created.body).toMatchObject({
      status: 'registered',
      receivedDate: '2026-03-02',
      dueDate: due('2026-03-02', 20),
    })
    expect(created.body.acknowledgement).toContain(created.body.number)
    // The requester's own view masks the ID number; the office sees it whole.
    expect(JSON.stringify(created.body)).not.toContain(requester.idNumber)
    const officeView = await request(server)
      .get(`/api/v1/info-requests/${id}`)
      .set('Authorization', as('demo-township'))
    expect(officeView.body.requester.idNumber).toBe(requester.idNumber)
    // Not the county above the township, not another villager, not the village secretary.
    for (const who of ['demo-county', 'demo-newcomer', 'demo-secretary']) {
      expect(
        (await request(server).get(`/api/v1/info-requests/${id}`).set('Authorization', as(who))).status,
      ).toBe(404)
      expect(
        (await post(`/info-requests/${id}/reply`, who, { type: 'disclosed', text: '公开' })).status,
      ).toBe(403)
    }
    expect(
      (
        await request(server)
          .get(`/api/v1/regions/${TOWNSHIP}/info-requests`)
          .set('Authorization', as('demo-county'))
      ).status,
    ).toBe(403)

    // One correction notice listing everything missing; a second is refused.
    const notice = await post(`/info-requests/${id}/correction-notice`, 'demo-township', {
      missing: ['请写明所需信息的时间范围', '请写明村名'],
    })
    expect(notice.status).toBe(200)
    expect(notice.body.status).toBe('awaiting_correction')
    expect(
      (await post(`/info-requests/${id}/correction-notice`, 'demo-township', { missing: ['再补一项'] }))
        .status,
    ).toBe(409)
    // The clock restarts on the corrected request.
    await request(server).post('/api/v1/dev/clock').send({ advanceDays: 3 })
    const corrected = await post(`/info-requests/${id}/correct`, 'demo-villager', {
      description: '2025年1-12月本镇各村低保资金发放明细',
    })
    expect(corrected.status).toBe(200)
    expect(corrected.body).toMatchObject({
      status: 'registered',
      receivedDate: '2026-03-05',
      dueDate: due('2026-03-05', 20),
    })

    // A consultation pauses the clock: its working days are added when it ends.
    expect(
      (
        await post(`/info-requests/${id}/consultation`, 'demo-township', {
          action: 'start',
          party: '县民政局',
        })
      ).status,
    ).toBe(200)
    await request(server).post('/api/v1/dev/clock').send({ advanceDays: 7 })
    const ended = await post(`/info-requests/${id}/consultation`, 'demo-township', { action: 'end' })
    expect(ended.body.dueDate).toBe(due('2026-03-05', 20 + 5))

    const extended = await post(`/info-requests/${id}/extend`, 'demo-township', {
      reason: '涉及多个村，需要汇总',
    })
    expect(extended.status).toBe(200)
    expect(extended.body.dueDate).toBe(due('2026-03-05', 45))
    const twice = await post(`/info-requests/${id}/extend`, 'demo-township', { reason: '再延一次' })
    expect(twice.status).toBe(409)

    expect(
      (
        await post(`/info-requests/${id}/reply`, 'demo-township', {
          type: 'not_responsible',
          text: '请向县民政局申请',
        })
      ).status,
    ).toBe(400)
    const replied = await post(`/info-requests/${id}/reply`, 'demo-township', {
      type: 'partly_disclosed',
      text: '发放总额予以公开；个人身份证号码属于个人隐私，不予公开（条例第十五条）。',
      links: ['https://example.gov.cn/files/dibao-2025.pdf'],
    })
    expect(replied.status).toBe(200)
    expect(replied.body.reply).toMatchObject({ type: 'partly_disclosed' })
    expect((await post(`/info-requests/${id}/archive`, 'demo-township')).status).toBe(200)
    const late = await post(`/info-requests/${id}/reply`, 'demo-township', {
      type: 'disclosed',
      text: '补充答复',
    })
    expect(late.status).toBe(409)

    const mine = await request(server)
      .get('/api/v1/me/info-requests')
      .set('Authorization', as('demo-villager'))
    expect(mine.body.requests[0]).toMatchObject({ id, status: 'archived', statusLabel: '已归档' })
    expect(mine.body.requests[0].history.map((h: { step: string }) => h.step)).toEqual([
      'registered',
      'correction_notice',
      'corrected',
      'consultation_start',
      'consultation_end',
      'extended',
      'replied',
      'archived',
    ])
  }, 120_000)

  it('should refuse requests to a village, bad bodies and unsigned callers', async () => {
    const body = { regionCode: V1, description: '村里的账', form: 'paper', requester }
    expect((await post('/info-requests', 'demo-villager', body)).status).toBe(400)
    expect(
      (await post('/info-requests', 'demo-villager', { ...body, regionCode: TOWNSHIP, form: 'fax' })).status,
    ).toBe(400)
    expect(
      (
        await post('/info-requests', 'demo-villager', {
          ...body,
          regionCode: TOWNSHIP,
          requester: { name: '李四' },
        })
      ).status,
    ).toBe(400)
    expect(
      (
        await request(server)
          .post('/api/v1/info-requests')
          .send({ ...body, regionCode: TOWNSHIP })
      ).status,
    ).toBe(401)
  })
})
