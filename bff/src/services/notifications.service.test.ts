import { Types } from 'mongoose'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { WechatSim } from '@cunwu/wechat-sim'
import { parentCode } from '@cunwu/domain'
import type { Models } from '../models'
import type { Services } from '../services'
import type { NotificationEvent } from './notifications.service'
import { referenceOfNumber, referenceOfPeriod } from './notifications-render'
import { buildTestApp } from '../testing/build-app'
import type { TestApp } from '../testing/build-app'
import { demoRegionOf } from '../testing/demo'

const V1 = demoRegionOf('demo-secretary')
const HEX_ID = /[0-9a-f]{24}/

/** What the people told read in a subscribe message: no value may be an internal id (the tester's 编号 finding). */
describe('notification template values', () => {
  let t: TestApp
  let services: Services
  let models: Models
  let sim: WechatSim

  beforeAll(async () => {
    t = await buildTestApp()
    if (!t.services || !t.runtime.wechatSim) throw new Error('no services or simulator')
    services = t.services
    models = services.models
    sim = t.runtime.wechatSim
  })
  afterAll(async () => {
    await t.close()
  })

  it('should write period and number references in the characters WeChat allows', () => {
    expect(referenceOfPeriod('2026-Q1')).toBe('2026-01~03')
    expect(referenceOfPeriod('2026-H2')).toBe('2026-07~12')
    expect(referenceOfPeriod('2026-07')).toBe('2026-07')
    expect(referenceOfPeriod('2026')).toBe('2026')
    expect(referenceOfNumber('云溪镇〔2026〕依申请第1号')).toBe('2026-1')
    expect(referenceOfNumber('某某县人民政府〔2025〕依申请第123号')).toBe('2025-123')
  })

  it('should give every template kind a reference its reader can quote, never an id', async () => {
    // Only the period is read for a 编号: the documents are written bare.
    const disclosure = { _id: new Types.ObjectId(), period: '2026-Q1' }
    const alignment = { _id: new Types.ObjectId(), period: '2026-07' }
    await models.Disclosure.collection.insertOne({ ...disclosure, regionCode: V1 })
    await models.Alignment.collection.insertOne({ ...alignment, villageCode: V1 })
    const township = parentCode(V1)
    const [secretary, townshipUser, villager] = await Promise.all([
      models.User.findOne({ roles: { $elemMatch: { role: 'secretary', regionCode: V1 } } }).lean(),
      models.User.findOne({ roles: { $elemMatch: { role: 'township', regionCode: township } } }).lean(),
      models.User.findOne({ roles: { $elemMatch: { role: 'villager', regionCode: V1 } } }).lean(),
    ])
    if (!secretary || !townshipUser || !villager) throw new Error('demo users')
    const dId = disclosure._id.toHexString()
    const aId = alignment._id.toHexString()
    const uId = villager._id.toHexString()
    const base = { villageCode: V1, title: '低保名单' }
    const period = referenceOfPeriod(disclosure.period)
    const alignmentPeriod = referenceOfPeriod(alignment.period)
    const at = new Date('2026-03-16T02:00:00Z')
    // Each event with the 编号 (character_string1) its reader should see; null: the template has none.
    const cases: [NotificationEvent, string | null][] = [
      [
        {
          ...base,
          type: 'disclosure.published',
          id: `t:pub:${dId}`,
          disclosureId: dId,
          category: 'c',
          itemId: 'i',
        },
        null,
      ],
      [
        {
          ...base,
          type: 'disclosure.updated',
          id: `t:upd:${dId}`,
          disclosureId: dId,
          category: 'c',
          itemId: 'i',
        },
        null,
      ],
      [
        {
          ...base,
          type: 'disclosure.returned',
          id: `t:ret:${dId}`,
          disclosureId: dId,
          authorId: secretary._id.toHexString(),
        },
        period,
      ],
      [
        {
          ...base,
          type: 'review.approved',
          id: `t:appr:${dId}`,
          disclosureId: dId,
          authorId: secretary._id.toHexString(),
        },
        period,
      ],
      [
        { ...base, type: 'alignment.discrepancy', id: `t:dis:${aId}`, itemId: 'i', alignmentId: aId },
        alignmentPeriod,
      ],
      [
        { ...base, type: 'verification.requested', id: `t:ver:${aId}`, itemId: 'i', alignmentId: aId },
        alignmentPeriod,
      ],
      [
        {
          ...base,
          type: 'question.answered',
          id: `t:ans:${uId}`,
          questionId: uId,
          askerId: uId,
          answer: '已核实',
        },
        null,
      ],
      [
        {
          ...base,
          type: 'question.overdue',
          id: `t:over:${uId}`,
          questionId: uId,
          dueDate: '2026-03-15',
        },
        '2026-03-15',
      ],
      [
        {
          ...base,
          type: 'info_request.progress',
          id: `info_request:${uId}:1`,
          requestId: uId,
          requesterId: uId,
          number: '云溪镇〔2026〕依申请第1号',
          step: '已登记',
          detail: '已登记',
        },
        '2026-1',
      ],
      [
        {
          ...base,
          type: 'deadline.approaching',
          id: `t:due:${uId}`,
          itemId: 'i',
          dueAt: new Date('2026-04-30T04:00:00Z'),
        },
        '2026-04-30',
      ],
      [
        {
          ...base,
          type: 'correction.requested',
          id: `t:corr:${uId}`,
          correctionId: uId,
          name: '李秀英',
          at,
        },
        '2026-03-16',
      ],
      [
        {
          ...base,
          type: 'cross_check.confirmed',
          id: `t:cross:${dId}`,
          findingId: uId,
          disclosureId: dId,
          detail: '重复领取',
        },
        period,
      ],
      [
        {
          ...base,
          type: 'consultation.opened',
          id: `t:cons:${uId}`,
          consultationId: uId,
          deadline: at,
          deadlineText: '3月20日',
          recipientIds: [uId],
        },
        null,
      ],
      [
        {
          ...base,
          type: 'consultation.reminder',
          id: `t:rem:${uId}`,
          consultationId: uId,
          deadline: at,
          deadlineText: '3月20日',
          recipientIds: [uId],
        },
        null,
      ],
    ]
    expect([period, alignmentPeriod]).toEqual(['2026-01~03', '2026-07'])
    for (const [event, reference] of cases) {
      await services.notifications.publishEvent(event)
      const followers = await models.NotificationEvent.findOne({ key: event.id }).lean()
      const direct = await models.Outbox.findOne({ eventId: event.id }).lean()
      const data = followers?.data ?? direct?.data
      expect(data, event.type).toBeTruthy()
      for (const value of Object.values(data ?? {})) {
        expect(value, event.type).not.toMatch(HEX_ID)
        expect(value, event.type).not.toContain(event.id)
      }
      expect(data?.character_string1 ?? null, event.type).toBe(reference)
    }
  })

  it('should send an information request’s number as the simulator receives it', async () => {
    const sender = t.runtime.outboxSender
    const villager = await models.User.findOne({ demoUserKey: 'demo-villager' }).lean()
    if (!sender || !villager) throw new Error('no sender or villager')
    sim.control.upsertUser({ userKey: 'demo-villager' })
    sim.control.grantSubscription({ userKey: 'demo-villager', templateId: 'tmpl_request_progress' })
    await services.subscriptions.create(villager, { results: { tmpl_request_progress: 'accept' } })
    const id = villager._id.toHexString()
    await services.notifications.publishEvent({
      type: 'info_request.progress',
      id: `info_request:${id}:sim`,
      villageCode: V1,
      title: '土地征收补偿标准',
      requestId: id,
      requesterId: id,
      number: '云溪镇〔2026〕依申请第1号',
      step: '已登记',
      detail: '您的申请已登记。',
    })
    await sender.drain()
    const [message] = sim.control
      .sentMessages({ userKey: 'demo-villager', templateId: 'tmpl_request_progress' })
      .slice(-1)
    expect(message?.data).toMatchObject({
      character_string1: '2026-1',
      thing4: '云溪镇〔2026〕依申请第1号',
    })
  })
})
