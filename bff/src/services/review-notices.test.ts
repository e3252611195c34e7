import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DisclosureCreateSchema } from '@cunwu/domain'
import type { User } from '../models/User.model'
import { buildTestApp } from '../testing/build-app'
import type { TestApp } from '../testing/build-app'
import type { Services } from '.'
import type { Actor } from './audit.service'
import { demoHouseholds } from './seed.service'
import { demoRegionOf } from '../testing/demo'

const V1 = demoRegionOf('demo-secretary')

/**
 * What the secretary who published is told of a review outcome: who decided (乡镇 or 县里) and, when the township or
 * county retracts the published item, that it was retracted and why (tester p1, D2 and D3).
 */
describe('review outcomes told to the author', () => {
  let t: TestApp
  let s: Services
  const users = new Map<string, User>()
  const actorOf = (key: string): Actor => ({ userId: users.get(key)?._id ?? null, requestId: null })

  beforeAll(async () => {
    t = await buildTestApp()
    if (!t.services) throw new Error('no database')
    s = t.services
    for (const key of ['demo-township', 'demo-county', 'demo-secretary']) {
      const u = await s.models.User.findOne({ demoUserKey: key }).lean()
      if (!u) throw new Error(`no ${key}`)
      users.set(key, u)
    }
  }, 60_000)
  afterAll(async () => {
    await t.close()
  })

  async function submitted(period: string): Promise<string> {
    const head = demoHouseholds(V1)[0]
    const req = DisclosureCreateSchema.parse({
      catalogItemId: 'agricultural-subsidies.cultivated-land-protection',
      period,
      title: `${period}年耕地地力保护补贴公示`,
      rows: [
        { name: head?.headName ?? '', area_mu: 4, amount: 50_000, household_no: head?.householdNo ?? '' },
      ],
    })
    const d = await s.disclosures.create(
      V1,
      req,
      users.get('demo-secretary') as User,
      actorOf('demo-secretary'),
    )
    await s.disclosures.submit(d._id.toHexString(), actorOf('demo-secretary'))
    return d._id.toHexString()
  }

  async function entriesAbout(id: string) {
    const secretary = users.get('demo-secretary') as User
    const page = await s.inbox.list(secretary._id, { limit: 100 })
    return page.entries.filter((e) => e.link.query.id === id)
  }

  it('should name the county when the county approves or returns', async () => {
    const approved = await submitted('2071')
    await s.disclosures.review(
      approved,
      { decision: 'approve' },
      users.get('demo-county') as User,
      actorOf('demo-county'),
    )
    const returned = await submitted('2072')
    await s.disclosures.review(
      returned,
      { decision: 'return', comment: '县民政局：金额需复核' },
      users.get('demo-county') as User,
      actorOf('demo-county'),
    )
    expect((await entriesAbout(approved)).map((e) => e.body)).toEqual([
      '县里已审核通过「2071年耕地地力保护补贴公示」。',
    ])
    expect((await entriesAbout(returned)).map((e) => e.body)).toEqual([
      '县里退回了「2072年耕地地力保护补贴公示」，原因：县民政局：金额需复核',
    ])
  }, 60_000)

  it('should name the township when the township approves', async () => {
    const id = await submitted('2073')
    await s.disclosures.review(
      id,
      { decision: 'approve' },
      users.get('demo-township') as User,
      actorOf('demo-township'),
    )
    expect((await entriesAbout(id)).map((e) => e.body)).toEqual([
      '乡镇已审核通过「2073年耕地地力保护补贴公示」。',
    ])
  }, 60_000)

  it('should tell the author, with the reason, when the township retracts their published item', async () => {
    const id = await submitted('2074')
    await s.disclosures.review(
      id,
      { decision: 'approve' },
      users.get('demo-township') as User,
      actorOf('demo-township'),
    )
    await s.disclosures.retract(id, '乡镇复核：名单需重新评议', actorOf('demo-township'))
    const told = (await entriesAbout(id)).filter((e) => e.eventType === 'review.retracted')
    expect(told).toEqual([
      expect.objectContaining({
        title: '公开被撤回：2074年耕地地力保护补贴公示',
        body: '乡镇撤回了您发布的「2074年耕地地力保护补贴公示」。撤回原因：乡镇复核：名单需重新评议',
        readAt: null,
      }),
    ])
    const secretary = users.get('demo-secretary') as User
    const pushed = await s.models.Outbox.find({ eventId: `review.retracted:${id}` }).lean()
    expect(pushed.map((m) => [m.userId.toHexString(), m.data.phrase2])).toEqual([
      [secretary._id.toHexString(), '已撤回'],
    ])
  }, 60_000)

  it('should not tell the author of a retraction they made themselves', async () => {
    const id = await submitted('2075')
    await s.disclosures.review(
      id,
      { decision: 'approve' },
      users.get('demo-county') as User,
      actorOf('demo-county'),
    )
    await s.disclosures.retract(id, '村里发现名单有误', actorOf('demo-secretary'))
    expect((await entriesAbout(id)).filter((e) => e.eventType === 'review.retracted')).toEqual([])
  }, 60_000)
})
