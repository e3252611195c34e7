import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createHolidayCalendar } from '@cunwu/domain'
import { getWorkingCalendar } from '../lib/calendar/working-calendar'
import { buildQuestionsKit, type QuestionsKit } from '../routes/questions/questions-test-kit'
import { demoRegionOf } from '../testing/demo'
import { ProvisionalDeadlinesService } from './provisional-deadlines.service'

// docs/design.md, "Time": deadlines counted over a year without holiday data are stored provisional (Monday to
// Friday, 1 January a rest day) and counted again at start-up with the data a later build carries.

const V1 = demoRegionOf('demo-secretary')
const TOWNSHIP = demoRegionOf('demo-township')
/** The arrangement a later release might bring: 2031's New Year holiday runs 1 to 3 January. */
const later = createHolidayCalendar({
  holidays: ['2031-01-01', '2031-01-02', '2031-01-03'],
  workdays: [],
  years: [2030, 2031],
})

describe('stored provisional deadlines, counted again with new holiday data', () => {
  let k: QuestionsKit
  const setClock = (setTo: string) => request(k.server).post('/api/v1/dev/clock').send({ setTo })
  const post = (path: string, who: string, body: object) =>
    request(k.server).post(`/api/v1${path}`).set('Authorization', k.as(who)).send(body)
  const file = (description: string) =>
    post('/info-requests', 'demo-secretary', {
      regionCode: TOWNSHIP,
      description,
      form: 'electronic',
      requester: {
        name: '李四',
        idType: 'resident_id',
        idNumber: '110101199003074477',
        contact: '13800138000',
      },
    })

  beforeAll(async () => {
    k = await buildQuestionsKit()
  }, 120_000)
  afterAll(async () => {
    await k.t.close()
  })

  it('should move the reply, correction and question deadlines to the known days and clear provisional, once', async () => {
    const services = k.t.services
    if (!services) throw new Error('no database')
    const id = await k.draft(V1, 'demo-secretary', '2026-05')
    await k.publish(id)

    // Received Friday 2030-12-20: 20 working days, Monday to Friday, are Monday 2031-01-20.
    expect((await setClock('2030-12-20T10:00:00+08:00')).status).toBe(200)
    const reply = await file('2030年本镇低保资金发放明细')
    expect(reply.status).toBe(201)
    expect([reply.body.dueDate, reply.body.provisional]).toEqual(['2031-01-20', true])
    const unclear = await file('你们那个文件')
    expect(unclear.status).toBe(201)
    // A correction notice on Monday 12-23 giving 10 working days: Tuesday 2031-01-07, Monday to Friday.
    await setClock('2030-12-23T10:00:00+08:00')
    const notice = await post(
      `/info-requests/${String(unclear.body.id)}/correction-notice`,
      'demo-township',
      {
        missing: ['文件名称'],
        workingDays: 10,
      },
    )
    expect(notice.status).toBe(200)
    expect(notice.body.correctionNotice).toMatchObject({ dueDate: '2031-01-07', provisional: true })
    // A question on Monday 12-30: 5 working days are Tuesday 2031-01-07 (1 January a rest day).
    await setClock('2030-12-30T10:00:00+08:00')
    const question = await k.ask(id, { kind: 'question', text: '标准是多少？' })
    expect(question.status).toBe(201)
    expect([question.body.dueDate, question.body.provisional]).toEqual(['2031-01-07', true])

    // The same build's data changes nothing.
    const unchanged = await new ProvisionalDeadlinesService({
      models: services.models,
      audit: services.audit,
      calendar: getWorkingCalendar,
    }).recompute()
    expect(unchanged).toEqual({ infoRequests: 0, correctionNotices: 0, questions: 0 })

    const sweep = new ProvisionalDeadlinesService({
      models: services.models,
      audit: services.audit,
      calendar: () => later,
    })
    expect(await sweep.recompute()).toEqual({ infoRequests: 1, correctionNotices: 1, questions: 1 })
    const { InfoRequest, Question } = services.models
    const r = await InfoRequest.findById(reply.body.id).lean()
    expect([r?.dueDate, r?.provisional]).toEqual(['2031-01-22', false])
    const n = await InfoRequest.findById(unclear.body.id).lean()
    expect(n?.correctionNotice).toMatchObject({ dueDate: '2031-01-09', provisional: false })
    const q = await Question.findById(question.body.id).lean()
    expect([q?.dueDate, q?.dueAt.toISOString(), q?.provisional]).toEqual([
      '2031-01-09',
      '2031-01-09T15:59:59.999Z',
      false,
    ])
    const audited = await services.models.AuditEvent.find({ action: 'deadline.recounted' }).lean()
    expect(audited.map((e) => e.data)).toContainEqual({
      before: '2031-01-20',
      after: '2031-01-22',
      provisional: false,
    })
    // Nothing is provisional any more: a second pass writes nothing.
    expect(await sweep.recompute()).toEqual({ infoRequests: 0, correctionNotices: 0, questions: 0 })
  })
})
