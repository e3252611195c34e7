import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ErrorCode, listCatalogItems } from '@cunwu/domain'
import type { User } from '../models/User.model'
import { buildTestApp } from '../testing/build-app'
import type { TestApp } from '../testing/build-app'
import { demoRegionOf } from '../testing/demo'
import type { Services } from '.'
import { MAX_ACTIVE_SUBSCRIPTIONS } from './subscriptions.service'

const V1 = demoRegionOf('demo-secretary')
const NO_ANSWER = { results: { tmpl_disclosure_published: 'reject' as const } }

/**
 * A long follow history must not push an active follow's notices out of the inbox (tester p1, D1: after 100
 * follow/unfollow toggles of one item the 社会救助 notices vanished), and the number of follows is limited when
 * following, with a Chinese message.
 */
describe('inbox windows and the follow limit', () => {
  let t: TestApp
  let s: Services
  let villager: User

  beforeAll(async () => {
    t = await buildTestApp()
    if (!t.services) throw new Error('no database')
    s = t.services
    const u = await s.models.User.findOne({ demoUserKey: 'demo-villager' }).lean()
    if (!u) throw new Error('no demo-villager')
    villager = u
    await s.models.Subscription.deleteMany({ userId: villager._id })
  }, 60_000)
  afterAll(async () => {
    await t.close()
  })

  it('should keep an active follow’s notices however many other follows the person ended', async () => {
    await s.subscriptions.create(villager, { category: 'social-assistance', ...NO_ANSWER })
    for (let i = 0; i < 3; i++) {
      await s.notifications.publishEvent({
        type: 'disclosure.published',
        id: `disclosure.published:inbox-windows-${i}:v1`,
        villageCode: V1,
        title: `社会救助公示${i}`,
        disclosureId: '0'.repeat(24),
        category: 'social-assistance',
        itemId: 'social-assistance.dibao',
      })
    }
    const before = await s.inbox.list(villager._id, { limit: 50 })
    const mine = (e: { eventId: string }) => e.eventId.startsWith('disclosure.published:inbox-windows-')
    expect(before.entries.filter(mine)).toHaveLength(3)
    const unreadBefore = await s.inbox.unreadCount(villager._id)

    const item = 'village-finance.expense'
    for (let i = 0; i < 110; i++) {
      const { subscriptions } = await s.subscriptions.create(villager, { itemId: item, ...NO_ANSWER })
      const followed = subscriptions.find((x) => x.targetId === item)
      if (!followed) throw new Error('not followed')
      await s.subscriptions.remove(villager._id, followed._id.toHexString())
    }

    const after = await s.inbox.list(villager._id, { limit: 50 })
    expect(after.entries.filter(mine).map((e) => e.title)).toEqual(
      before.entries.filter(mine).map((e) => e.title),
    )
    expect(await s.inbox.unreadCount(villager._id)).toBe(unreadBefore)
    expect(await s.inbox.markAllRead(villager._id)).toBeGreaterThanOrEqual(3)
  }, 120_000)

  it('should refuse a follow beyond the limit with 422 subscription_limit in Chinese, and keep the others', async () => {
    await s.models.Subscription.deleteMany({ userId: villager._id })
    const items = listCatalogItems().map((i) => i.id)
    for (const itemId of items.slice(0, MAX_ACTIVE_SUBSCRIPTIONS)) {
      await s.subscriptions.create(villager, { itemId, ...NO_ANSWER })
    }
    // Following one already followed again is no new follow.
    await s.subscriptions.create(villager, { itemId: items[0] ?? '', ...NO_ANSWER })
    const refused = s.subscriptions.create(villager, {
      itemId: items[MAX_ACTIVE_SUBSCRIPTIONS] ?? '',
      ...NO_ANSWER,
    })
    await expect(refused).rejects.toMatchObject({
      status: 422,
      code: ErrorCode.SubscriptionLimit,
      message: expect.stringContaining(`最多同时关注 ${MAX_ACTIVE_SUBSCRIPTIONS} 个`),
    })
    const { subscriptions } = await s.subscriptions.listMine(villager._id)
    expect(subscriptions).toHaveLength(MAX_ACTIVE_SUBSCRIPTIONS)
  }, 120_000)
})
