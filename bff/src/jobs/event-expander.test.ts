import { Types } from 'mongoose'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Models } from '../models'
import { subscriptionActiveKey } from '../models/Subscription.model'
import type { Services } from '../services'
import { buildTestApp } from '../testing/build-app'
import type { TestApp } from '../testing/build-app'
import { createEventExpander } from './event-expander'

const VILLAGE = '360999001001'
const OTHER_VILLAGE = '360999001002'
const TEMPLATE = 'tmpl_disclosure_published'

describe('event expander', () => {
  let t: TestApp
  let services: Services
  let models: Models
  let seq = 0

  beforeAll(async () => {
    t = await buildTestApp()
    if (!t.services) throw new Error('test app without services')
    services = t.services
    models = services.models
  })
  afterAll(async () => {
    await t.close()
  })

  /** Adds subscription lifetimes (ended ones included) without going through the API. */
  async function follow(
    userId: Types.ObjectId,
    target: { kind: 'category' | 'item'; targetId: string; villageCode?: string },
    life: { from: Date; to?: Date | null } = { from: new Date(Date.now() - 60_000) },
  ): Promise<void> {
    const s = {
      userId,
      villageCode: target.villageCode ?? VILLAGE,
      kind: target.kind,
      targetId: target.targetId,
    }
    const ended = life.to ?? null
    await models.Subscription.create({
      ...s,
      createdAt: life.from,
      endedAt: ended,
      activeKey: ended ? null : subscriptionActiveKey(s),
    })
  }

  async function withCredit(userIds: Types.ObjectId[], credits = 1): Promise<void> {
    await models.SubscriptionCredit.insertMany(
      userIds.map((userId) => ({
        userId,
        templateId: TEMPLATE,
        credits,
        unlimited: false,
        updatedAt: new Date(),
      })),
    )
  }

  /** A fresh category and item for each test, so earlier tests' followers are not counted. */
  function target() {
    seq += 1
    return { category: `cat${seq}`, itemId: `cat${seq}.item` }
  }

  async function publish(ids: { category: string; itemId: string }): Promise<string> {
    const id = `disclosure.published:expander${seq}:v1`
    await services.notifications.publishEvent({
      id,
      type: 'disclosure.published',
      villageCode: VILLAGE,
      title: '2024年第三季度低保名单',
      disclosureId: 'e'.repeat(24),
      ...ids,
    })
    return id
  }

  const users = (n: number) => Array.from({ length: n }, () => new Types.ObjectId())

  it('should write one message per follower over many pages, once for someone following both the category and the item', async () => {
    const ids = target()
    const byCategory = users(7)
    const byItem = users(4)
    const both = users(2)
    for (const u of [...byCategory, ...both]) await follow(u, { kind: 'category', targetId: ids.category })
    for (const u of [...byItem, ...both]) await follow(u, { kind: 'item', targetId: ids.itemId })
    const noCredit = byCategory[0]
    await withCredit([...byCategory.slice(1), ...byItem, ...both])
    // Someone following another village's category of the same name hears nothing.
    await follow(new Types.ObjectId(), {
      kind: 'category',
      targetId: ids.category,
      villageCode: OTHER_VILLAGE,
    })
    const eventId = await publish(ids)

    const expander = createEventExpander({ models, pageSize: 3 })
    const steps: { followers: number; done: boolean }[] = []
    for (;;) {
      const s = await expander.step()
      if (!s.eventId) break
      steps.push({ followers: s.followers, done: s.done })
    }
    // Category: 9 followers in pages of 3 (+1 empty page), then the item: 6 in pages of 3 (+1 empty page).
    expect(steps.map((s) => s.followers)).toEqual([3, 3, 3, 0, 3, 3, 0])
    expect(steps.at(-1)?.done).toBe(true)
    const messages = await models.Outbox.find({ eventId }).lean()
    expect(messages).toHaveLength(13)
    expect(new Set(messages.map((m) => m.userId.toHexString())).size).toBe(13)
    const skipped = messages
      .filter((m) => m.status === 'skipped_no_credit')
      .map((m) => m.userId.toHexString())
    expect(skipped).toEqual([noCredit?.toHexString()])
    const event = await models.NotificationEvent.findOne({ key: eventId }).lean()
    expect(event?.expansion).toMatchObject({ state: 'done', messages: 13, leaseOwner: null })
  })

  it('should count only subscriptions whose lifetime covers the moment the event was recorded', async () => {
    const ids = target()
    const hour = 3600_000
    const now = Date.now()
    const [active, endedBefore, endedAfter, later, twice] = users(5)
    if (!active || !endedBefore || !endedAfter || !later || !twice) throw new Error('users')
    await follow(active, { kind: 'category', targetId: ids.category })
    await follow(
      endedBefore,
      { kind: 'category', targetId: ids.category },
      { from: new Date(now - 2 * hour), to: new Date(now - hour) },
    )
    await follow(
      endedAfter,
      { kind: 'category', targetId: ids.category },
      { from: new Date(now - hour), to: new Date(now + hour) },
    )
    await follow(later, { kind: 'category', targetId: ids.category }, { from: new Date(now + hour) })
    // Followed, stopped, followed again: two lifetimes, the second one current.
    await follow(
      twice,
      { kind: 'category', targetId: ids.category },
      { from: new Date(now - 3 * hour), to: new Date(now - 2 * hour) },
    )
    await follow(twice, { kind: 'category', targetId: ids.category })
    await withCredit([active, endedBefore, endedAfter, later, twice])
    const eventId = await publish(ids)
    // Pages of 1 cut "twice"'s two lifetimes apart: the page takes all lifetimes of its last user.
    await createEventExpander({ models, pageSize: 1 }).drain()
    const to = (await models.Outbox.find({ eventId }).lean()).map((m) => m.userId.toHexString()).sort()
    expect(to).toEqual([active, endedAfter, twice].map((u) => u.toHexString()).sort())
  })

  it('should write nothing twice when a worker dies between writing a page and moving the checkpoint', async () => {
    const ids = target()
    const followers = users(10)
    for (const u of followers) await follow(u, { kind: 'category', targetId: ids.category })
    await withCredit(followers)
    const eventId = await publish(ids)
    const expander = createEventExpander({ models, pageSize: 4 })
    await expander.step()
    await expander.step()
    expect(await models.Outbox.countDocuments({ eventId })).toBe(8)
    // As if the second page's checkpoint write was lost: the walk is back after the first page.
    const first = (await models.Outbox.find({ eventId }).sort({ userId: 1 }).limit(4).lean()).at(-1)?.userId
    await models.NotificationEvent.updateOne({ key: eventId }, { $set: { 'expansion.after': first } })
    const second = createEventExpander({ models, pageSize: 4 })
    const redo = await second.step()
    expect(redo).toMatchObject({ followers: 4, written: 0 })
    await second.drain()
    const messages = await models.Outbox.find({ eventId }).lean()
    expect(messages).toHaveLength(10)
    expect(new Set(messages.map((m) => m.dedupeKey)).size).toBe(10)
  })

  it('should let two workers walk the same event without writing a message twice', async () => {
    const ids = target()
    const followers = users(40)
    for (const u of followers) await follow(u, { kind: 'item', targetId: ids.itemId })
    await withCredit(followers)
    const eventId = await publish(ids)
    const a = createEventExpander({ models, pageSize: 3 })
    const b = createEventExpander({ models, pageSize: 3 })
    await Promise.all([a.drain(), b.drain()])
    const messages = await models.Outbox.find({ eventId }).lean()
    expect(messages).toHaveLength(40)
    expect((await models.NotificationEvent.findOne({ key: eventId }).lean())?.expansion.state).toBe('done')
  })

  it('should record invalid template data as the local 47003 for every follower', async () => {
    const ids = target()
    const [u] = users(1)
    if (!u) throw new Error('user')
    await follow(u, { kind: 'category', targetId: ids.category })
    await withCredit([u])
    const id = `disclosure.published:bad${seq}:v1`
    await services.notifications.publishEvent({
      id,
      type: 'disclosure.published',
      villageCode: VILLAGE,
      title: '\n\t ',
      disclosureId: 'e'.repeat(24),
      ...ids,
    })
    await createEventExpander({ models }).drain()
    expect(await models.Outbox.findOne({ eventId: id }).lean()).toMatchObject({
      status: 'failed',
      errcode: 47003,
    })
  })
})
