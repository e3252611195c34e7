import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import ExcelJS from 'exceljs'
import {
  addWorkingDays,
  chineseDate,
  InfoRequestCreatedDtoSchema,
  InfoRequestListDtoSchema,
  InfoRequestReportDtoSchema,
  workingDaysBetween,
} from '@cunwu/domain'
import { buildTestApp } from '../../testing/build-app'
import type { TestApp } from '../../testing/build-app'
import { signIn } from '../../testing/sign-in'
import { getWorkingCalendar } from '../../lib/calendar/working-calendar'
import { demoRegionOf } from '../../testing/demo'

const TOWNSHIP = demoRegionOf('demo-township')
const COUNTY = demoRegionOf('demo-county')
const V1 = demoRegionOf('demo-secretary')
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
  /** Files a request to the township (by the demo secretary unless `who` is given). */
  const file = (description: string, extra: object = {}, who = 'demo-secretary') =>
    post('/info-requests', who, {
      regionCode: TOWNSHIP,
      description,
      form: 'electronic',
      requester,
      ...extra,
    })

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
    // The deadline in words, as villagers read a date (2026年3月30日), not as stored.
    expect(created.body.acknowledgement).toContain(`${chineseDate(created.body.dueDate)}（含当天）前答复`)
    expect(created.body.acknowledgement).not.toContain(created.body.dueDate)
    // The mini-program reads these answers through the shared schemas.
    InfoRequestCreatedDtoSchema.parse(created.body)
    // The requester's own view masks the ID number; the office sees it whole.
    expect(JSON.stringify(created.body)).not.toContain(requester.idNumber)
    const officeView = await request(server)
      .get(`/api/v1/info-requests/${id}`)
      .set('Authorization', as('demo-township'))
    expect(officeView.body.requester.idNumber).toBe(requester.idNumber)
    // Not the county above the township, not another villager, not the village secretary: for them the request does
    // not exist, whether read or acted on (an office step answers as the read does).
    for (const who of ['demo-county', 'demo-newcomer', 'demo-secretary']) {
      expect(
        (await request(server).get(`/api/v1/info-requests/${id}`).set('Authorization', as(who))).status,
      ).toBe(404)
      for (const [step, body] of [
        ['reply', { type: 'disclosed', text: '公开' }],
        ['extend', { reason: '需要汇总' }],
        ['correction-notice', { missing: ['时间范围'] }],
        ['archive', {}],
      ] as const) {
        expect((await post(`/info-requests/${id}/${step}`, who, body)).status, `${who} ${step}`).toBe(404)
      }
    }
    // The requester reads it, so an office step is refused to them as such.
    expect(
      (await post(`/info-requests/${id}/reply`, 'demo-villager', { type: 'disclosed', text: '公开' })).status,
    ).toBe(403)
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
    expect(InfoRequestListDtoSchema.parse(mine.body).requests[0]).toMatchObject({
      id,
      status: 'archived',
      statusLabel: '已归档',
    })
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
    // The requester was told of every step (inbox; the subscribe message goes through the outbox).
    const inbox = await request(server)
      .get('/api/v1/inbox?limit=50')
      .set('Authorization', as('demo-villager'))
    const told = inbox.body.entries.filter(
      (e: { eventType: string; link: { query: { id?: string } } }) =>
        e.eventType === 'info_request.progress' && e.link.query.id === id,
    )
    // Compared as sets: two steps within one millisecond would make the inbox order arbitrary.
    expect(told.map((e: { title: string }) => e.title.replace(/：.*$/, '')).sort()).toEqual(
      ['已登记', '需补正', '补正已收', '征求意见', '征求完毕', '已延期', '已答复', '已办结']
        .map((step) => `政府信息公开申请${step}`)
        .sort(),
    )
  }, 120_000)

  describe('the clock after the deadline', () => {
    const clock = (setTo: string) => request(server).post('/api/v1/dev/clock').send({ setTo })
    const get = (id: string, who: string) =>
      request(server).get(`/api/v1/info-requests/${id}`).set('Authorization', as(who))
    // Received Monday 2026-03-02 (no holiday in March): the 20th working day is Monday 03-30.
    async function received(description: string): Promise<string> {
      await clock('2026-03-02T09:00:00+08:00')
      const created = await file(description)
      expect(created.status).toBe(201)
      expect(created.body.dueDate).toBe('2026-03-30')
      return String(created.body.id)
    }

    it('should not call a request overdue while a consultation begun in time holds the clock', async () => {
      const id = await received('本镇2025年涉农补贴发放明细')
      await clock('2026-03-16T09:00:00+08:00')
      expect(
        (
          await post(`/info-requests/${id}/consultation`, 'demo-township', {
            action: 'start',
            party: '县农业农村局',
          })
        ).status,
      ).toBe(200)
      // Three weeks on, past the last day as first set: the clock stood still all along.
      await clock('2026-04-08T09:00:00+08:00')
      for (const who of ['demo-township', 'demo-secretary']) {
        expect((await get(id, who)).body, who).toMatchObject({ paused: true, overdue: false })
      }
      const queue = await request(server)
        .get(`/api/v1/regions/${TOWNSHIP}/info-requests`)
        .set('Authorization', as('demo-township'))
      expect(queue.body.requests.find((r: { id: string }) => r.id === id).overdue).toBe(false)
      const ended = await post(`/info-requests/${id}/consultation`, 'demo-township', { action: 'end' })
      expect(ended.body).toMatchObject({
        overdue: false,
        dueDate: due(
          '2026-03-02',
          20 + workingDaysBetween('2026-03-16', '2026-04-08', getWorkingCalendar()).days,
        ),
      })

      // A consultation begun after the last day does not make a late request timely, nor pause its clock.
      const late = await received('本镇2025年危房改造补助名单')
      await clock('2026-04-01T09:00:00+08:00')
      await post(`/info-requests/${late}/consultation`, 'demo-township', { action: 'start' })
      expect((await get(late, 'demo-township')).body).toMatchObject({
        consulting: true,
        paused: false,
        overdue: true,
      })
    })

    it('should refuse to extend a deadline that has already passed, and extend one held by a consultation', async () => {
      const id = await received('本镇2025年农村公路养护资金使用情况')
      await clock('2026-03-31T09:00:00+08:00')
      const lapsed = await post(`/info-requests/${id}/extend`, 'demo-township', { reason: '需要汇总' })
      expect(lapsed.status).toBe(409)
      expect(lapsed.body.error.message).toContain('不能再延长')
      expect((await get(id, 'demo-township')).body).toMatchObject({ dueDate: '2026-03-30', extension: null })
      // On the last day it may still be extended.
      const inTime = await received('本镇2025年农村公路建设资金使用情况')
      await clock('2026-03-30T17:00:00+08:00')
      expect(
        (await post(`/info-requests/${inTime}/extend`, 'demo-township', { reason: '需要汇总' })).status,
      ).toBe(200)
      // A consultation begun in time holds the clock: past the first last day, the period has not lapsed.
      const held = await received('本镇2025年河道整治资金使用情况')
      await clock('2026-03-20T09:00:00+08:00')
      await post(`/info-requests/${held}/consultation`, 'demo-township', { action: 'start' })
      await clock('2026-04-08T09:00:00+08:00')
      expect(
        (await post(`/info-requests/${held}/extend`, 'demo-township', { reason: '需要汇总' })).status,
      ).toBe(200)
    })

    it('should send the correction notice within 7 working days of receipt only', async () => {
      // 2026-03-02 + 7 working days = Wednesday 03-11.
      const id = await received('你们那个文件')
      await clock('2026-03-12T09:00:00+08:00')
      // The office's view stops offering it after the last day; the requester's view never offers it.
      expect((await get(id, 'demo-township')).body.correctionNoticeBy).toBeNull()
      const late = await post(`/info-requests/${id}/correction-notice`, 'demo-township', {
        missing: ['文件名称'],
      })
      expect(late.status).toBe(409)
      expect(late.body.error.message).toContain('7个工作日内')
      expect((await get(id, 'demo-township')).body).toMatchObject({
        status: 'registered',
        receivedDate: '2026-03-02',
        dueDate: '2026-03-30',
      })
      const inTime = await received('你们那个通知')
      await clock('2026-03-11T17:00:00+08:00')
      expect((await get(inTime, 'demo-township')).body.correctionNoticeBy).toBe('2026-03-11')
      expect((await get(inTime, 'demo-secretary')).body.correctionNoticeBy).toBeNull()
      expect(
        (await post(`/info-requests/${inTime}/correction-notice`, 'demo-township', { missing: ['通知名称'] }))
          .status,
      ).toBe(200)
    })

    it('should show the requester that a reply came after the deadline', async () => {
      const timely = await received('本镇2025年村级公益事业建设一事一议奖补资金')
      await clock('2026-03-30T16:00:00+08:00')
      const onTime = await post(`/info-requests/${timely}/reply`, 'demo-township', {
        type: 'disclosed',
        text: '见附件',
      })
      expect(onTime.body).toMatchObject({ repliedLate: false, overdue: false })
      const id = await received('本镇2025年村级公益事业建设一事一议筹资情况')
      await clock('2026-04-02T09:00:00+08:00')
      expect((await get(id, 'demo-secretary')).body).toMatchObject({ overdue: true, repliedLate: false })
      const replied = await post(`/info-requests/${id}/reply`, 'demo-township', {
        type: 'disclosed',
        text: '见附件',
      })
      expect(replied.status).toBe(200)
      for (const who of ['demo-township', 'demo-secretary']) {
        expect((await get(id, who)).body, who).toMatchObject({
          status: 'replied',
          overdue: false,
          repliedLate: true,
        })
      }
    })
  })

  it("should put the requests still to answer first in the office's queue, by deadline", async () => {
    const ask = async (setTo: string, description: string) => {
      await request(server).post('/api/v1/dev/clock').send({ setTo })
      const created = await file(description)
      expect(created.status).toBe(201)
      return String(created.body.id)
    }
    const replied = await ask('2026-05-06T09:00:00+08:00', '镇2025年财政预算执行情况')
    const waiting = await ask('2026-05-07T09:00:00+08:00', '镇里那个文件')
    const later = await ask('2026-05-11T09:00:00+08:00', '镇2025年农村低保资金使用情况')
    const sooner = await ask('2026-05-08T09:00:00+08:00', '镇2025年特困供养资金使用情况')
    expect(
      (await post(`/info-requests/${replied}/reply`, 'demo-township', { type: 'disclosed', text: '见附件' }))
        .status,
    ).toBe(200)
    expect(
      (await post(`/info-requests/${waiting}/correction-notice`, 'demo-township', { missing: ['文件名称'] }))
        .status,
    ).toBe(200)
    const queue = await request(server)
      .get(`/api/v1/regions/${TOWNSHIP}/info-requests`)
      .set('Authorization', as('demo-township'))
    const order = queue.body.requests
      .map((r: { id: string }) => r.id)
      .filter((id: string) => [replied, waiting, later, sooner].includes(id))
    expect(order).toEqual([sooner, later, waiting, replied])
  })

  it("should mask a passport or licence number in the requester's own view, not in the office's", async () => {
    for (const [idType, idNumber, masked] of [
      ['passport', 'E12345678', '*****5678'],
      ['business_license', '91360900MA35ABCD13', '**************CD13'],
      ['other', 'AB123', '***23'],
    ] as const) {
      // A licence is an organisation's paper (a person's paper for a person).
      const type = idType === 'business_license' ? 'organization' : 'person'
      const created = await file('本镇2025年政府信息公开指南', {
        requester: { ...requester, type, idType, idNumber },
      })
      expect(created.status).toBe(201)
      expect(created.body.requester.idNumber, idType).toBe(masked)
      const office = await request(server)
        .get(`/api/v1/info-requests/${created.body.id}`)
        .set('Authorization', as('demo-township'))
      expect(office.body.requester.idNumber).toBe(idNumber)
      await post(`/info-requests/${created.body.id}/reply`, 'demo-township', {
        type: 'disclosed',
        text: '见指南',
      })
    }
  })

  it('should take only web addresses as the links of a reply', async () => {
    const created = await file('本镇2025年政府信息公开工作年度报告')
    const id = String(created.body.id)
    for (const link of ['javascript:alert(1)', 'data:text/html,<b>x</b>', 'file:///etc/passwd']) {
      const res = await post(`/info-requests/${id}/reply`, 'demo-township', {
        type: 'disclosed',
        text: '见链接',
        links: [link],
      })
      expect(res.status, link).toBe(400)
      expect(res.body.error.details['body.links.0']).toMatch(/[\u4e00-\u9fff]/)
    }
    const ok = await post(`/info-requests/${id}/reply`, 'demo-township', {
      type: 'disclosed',
      text: '见链接',
      links: ['https://www.example.gov.cn/zwgk/2025-report.pdf'],
    })
    expect(ok.status).toBe(200)
  })

  it('should check a 居民身份证号 as typed on a phone, refuse a wrong one in plain words, and keep the contact dialable', async () => {
    const body = { regionCode: TOWNSHIP, description: '本镇道路维修合同', form: 'electronic' }
    for (const idNumber of ['abcd', '110101199003074478', '1101011990030744']) {
      const res = await post('/info-requests', 'demo-villager', {
        ...body,
        requester: { ...requester, idNumber },
      })
      expect(res.status).toBe(400)
      expect(res.body.error).toMatchObject({ code: 'validation_error' })
      expect(res.body.error.details['body.requester.idNumber']).toBe('身份证号码不对，请核对后再填')
    }
    // Full-width digits, spaces between the groups and a lower-case x are the same number.
    const typed = '１１０１０１ １９９００３０７ ４４７７'
    const created = await post('/info-requests', 'demo-villager', {
      ...body,
      requester: { ...requester, idNumber: typed, contact: ' １３８００１３８０００ ' },
    })
    expect(created.status).toBe(201)
    const office = await request(server)
      .get(`/api/v1/info-requests/${String(created.body.id)}`)
      .set('Authorization', as('demo-township'))
    expect(office.body.requester.idNumber).toBe(requester.idNumber)
    // A phone typed with full-width digits is kept as the office dials it.
    expect(office.body.requester.contact).toBe('13800138000')
    // Other papers have no one format: a passport number is taken as written (less spaces).
    const passport = await post('/info-requests', 'demo-villager', {
      ...body,
      requester: { ...requester, idType: 'passport', idNumber: 'e 1234 5678' },
    })
    expect(passport.status).toBe(201)
  })

  it('should refuse requests to a village, bad bodies, unsigned callers and too many open ones', async () => {
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
    // At most 20 open requests per person: the 21st waits (429) until some are answered.
    const ok = { ...body, regionCode: TOWNSHIP }
    // Each about something else: the same request sent again at once is one (docs/api.md).
    for (let i = 0; i < 20; i += 1)
      expect(
        (await post('/info-requests', 'demo-newcomer', { ...ok, description: `村里的账第${i}项` })).status,
      ).toBe(201)
    const over = await post('/info-requests', 'demo-newcomer', { ...ok, description: '村里的账第20项' })
    expect(over.status).toBe(429)
    expect(over.body.error.code).toBe('rate_limited')
  }, 60_000)

  it('should count the year in the annual report table from the records, as JSON and .xlsx', async () => {
    const clock = (setTo: string) => request(server).post('/api/v1/dev/clock').send({ setTo })
    let asked = 0
    const ask = async (type: 'person' | 'organization') =>
      String(
        (
          await post('/info-requests', 'demo-villager', {
            regionCode: COUNTY,
            // Each request its own: the same one sent again at once is one (docs/api.md).
            description: `县里的补贴发放文件第${++asked}份`,
            form: 'electronic',
            requester: {
              ...requester,
              type,
              ...(type === 'organization'
                ? { idType: 'business_license', idNumber: '91350100M000100Y43' }
                : {}),
            },
          })
        ).body.id,
      )
    const reply = (id: string, type: string) =>
      post(`/info-requests/${id}/reply`, 'demo-county', { type, text: '答复如下。' })
    await clock('2025-12-29T10:00:00+08:00')
    const carriedIn = await ask('person')
    const answered2025 = await ask('person')
    expect((await reply(answered2025, 'disclosed')).status).toBe(200)
    await clock('2026-04-01T10:00:00+08:00')
    expect((await reply(carriedIn, 'not_exist')).status).toBe(200)
    await ask('organization') // still open at the end of the year: carried out
    const repeated = await ask('person')
    expect((await reply(repeated, 'repeated')).status).toBe(200)
    const partly = await ask('organization')
    expect((await reply(partly, 'partly_disclosed')).status).toBe(200)

    const url = `/api/v1/regions/${COUNTY}/info-requests/annual-report`
    expect(
      (await request(server).get(`${url}?year=2026`).set('Authorization', as('demo-township'))).status,
    ).toBe(403)
    expect(
      (await request(server).get(`${url}?year=abc`).set('Authorization', as('demo-county'))).status,
    ).toBe(400)
    const appeals = { maintained: 1, corrected: 0, other: 0, pending: 1 }
    const none = { maintained: 0, corrected: 0, other: 0, pending: 0 }
    const put = await request(server)
      .post(`${url}/appeals?year=2026`)
      .set('Authorization', as('demo-county'))
      .send({ reconsideration: appeals, litigationDirect: none, litigationAfterReconsideration: none })
    expect(put.status).toBe(204)

    const res = await request(server).get(`${url}?year=2026`).set('Authorization', as('demo-county'))
    expect(res.status).toBe(200)
    InfoRequestReportDtoSchema.parse(res.body)
    const row = (key: string) => res.body.rows.find((r: { key: string }) => r.key === key).counts
    expect(row('new')).toMatchObject({ person: 1, other_org: 2, total: 3 })
    expect(row('carried_in')).toMatchObject({ person: 1, total: 1 })
    expect(row('r1').total).toBe(0)
    expect(row('r2')).toMatchObject({ other_org: 1, total: 1 })
    expect(row('r4_1')).toMatchObject({ person: 1, total: 1 })
    expect(row('r5_2')).toMatchObject({ person: 1, total: 1 })
    expect(row('total').total).toBe(3)
    expect(row('carried_out')).toMatchObject({ other_org: 1, total: 1 })
    expect(res.body.balanced).toBe(true)
    expect(res.body.appeals.reconsideration).toEqual(appeals)
    // 2025: two new, one answered (予以公开), one carried into 2026.
    const y2025 = await request(server).get(`${url}?year=2025`).set('Authorization', as('demo-county'))
    expect(y2025.body.rows.find((r: { key: string }) => r.key === 'carried_out').counts.total).toBe(1)
    expect(y2025.body.rows.find((r: { key: string }) => r.key === 'r1').counts.total).toBe(1)

    const xlsx = await request(server)
      .get(`${url}?year=2026&format=xlsx`)
      .set('Authorization', as('demo-county'))
      .buffer(true)
      .parse((r, cb) => {
        const chunks: Buffer[] = []
        r.on('data', (c: Buffer) => chunks.push(c))
        r.on('end', () => cb(null, Buffer.concat(chunks)))
      })
    expect(xlsx.status).toBe(200)
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.load(xlsx.body)
    const sheet = wb.getWorksheet('依申请公开')
    const lines: unknown[][] = []
    sheet?.eachRow((r) => lines.push(Array.isArray(r.values) ? r.values.slice(1) : []))
    const line = (label: string) => lines.find((l) => typeof l[0] === 'string' && l[0].startsWith(label))
    expect(line('一、本年新收')).toEqual(['一、本年新收政府信息公开申请数量', 1, 0, 0, 0, 0, 2, 3])
    expect(line('（七）总计')?.at(-1)).toBe(3)
    expect(line('行政复议')).toEqual(['行政复议', 1, 0, 0, 1, 2])
  }, 120_000)
})
