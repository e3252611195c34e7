import type { Types } from 'mongoose'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { DEFAULT_APP } from '@cunwu/wechat-sim'
import type { WechatSim } from '@cunwu/wechat-sim'
import { createSimDeliveryChecker, createSubscribeClient } from '../clients/wechat-subscribe.client'
import { createTokenManager } from '../clients/wechat-token'
import { createLogger } from '../logger'
import type { Models } from '../models'
import type { Services } from '../services'
import type { NotificationEvent } from '../services/notifications.service'
import { buildTestApp } from '../testing/build-app'
import type { TestApp } from '../testing/build-app'
import { buildVillagers } from '../testing/notifications'
import { createOutboxSender } from './outbox-sender.job'
import { TokenBucket } from './token-bucket'
import type { AmbiguityPolicy, OutboxSender } from './outbox-sender.job'
import { demoRegionOf } from '../testing/demo'

const SEND = '/cgi-bin/message/subscribe/send'
const V1 = demoRegionOf('demo-secretary')

describe('outbox sender', () => {
  let t: TestApp
  let services: Services
  let models: Models
  let sim: WechatSim
  let seq = 0

  beforeAll(async () => {
    t = await buildTestApp()
    if (!t.services || !t.runtime.wechatSim) throw new Error('test app without services or simulator')
    services = t.services
    models = services.models
    sim = t.runtime.wechatSim
  })
  afterAll(async () => {
    await t.close()
  })
  beforeEach(async () => {
    sim.control.clearFaults()
    sim.control.clearSentMessages()
    await models.Outbox.deleteMany({})
  })

  function buildSender(
    options: { ambiguity?: AmbiguityPolicy; timeoutMs?: number; settleMs?: number; results?: string[] } = {},
  ): OutboxSender {
    const timeoutMs = options.timeoutMs ?? 2000
    // The short timeouts some tests pass are for the send; a token fetch slower than them on a loaded machine
    // would end as a plain retry and hide the case under test.
    const tokens = createTokenManager({
      baseUrl: sim.baseUrl,
      appid: DEFAULT_APP.appid,
      secret: DEFAULT_APP.secret,
      timeoutMs: 2000,
    })
    const ambiguity = options.ambiguity ?? 'verify_sim'
    return createOutboxSender({
      models,
      client: createSubscribeClient({ baseUrl: sim.baseUrl, tokens, timeoutMs }),
      logger: createLogger({ LOG_LEVEL: 'silent' }),
      ratePerSecond: 1000,
      concurrency: 8,
      backoffMs: 5,
      maxAttempts: 5,
      ambiguity,
      checkDelivery: ambiguity === 'verify_sim' ? createSimDeliveryChecker(sim.baseUrl) : null,
      settleMs: options.settleMs ?? 20,
      miniprogramState: 'formal',
      onProcessed: (_id, result) => options.results?.push(result),
    })
  }

  /** Runs the sender until nothing is pending (retries and verifications included). */
  async function settle(sender: OutboxSender): Promise<void> {
    const deadline = Date.now() + 15_000
    for (;;) {
      await sender.drain()
      if ((await models.Outbox.countDocuments({ status: 'pending' })) === 0) return
      if (Date.now() > deadline) throw new Error('outbox did not settle')
      await new Promise((r) => setTimeout(r, 10))
    }
  }

  function published(
    title = '2024年第三季度低保名单',
  ): Extract<NotificationEvent, { type: 'disclosure.published' | 'disclosure.updated' }> {
    seq += 1
    return {
      id: `disclosure.published:test${seq}:v1`,
      type: 'disclosure.published',
      villageCode: V1,
      title,
      disclosureId: `d${seq}`.padEnd(24, '0'),
      category: 'social-assistance',
      itemId: 'social-assistance.dibao',
    }
  }

  async function villagers(n: number, options: { credits?: number; granted?: boolean } = {}) {
    seq += 1
    // Each test follows its own category, so earlier tests' villagers are not recipients.
    const category = `cat${seq}`
    const made = await buildVillagers(models, sim, `v${seq}`, n, { villageCode: V1, category, ...options })
    return { ...made, category }
  }

  /** The event ids in a user's inbox, newest first. */
  async function inboxEventIds(userId: Types.ObjectId | undefined): Promise<string[]> {
    if (!userId) throw new Error('no user')
    const page = await services.inbox.list(userId, { limit: 100 })
    const events = await Promise.all(
      page.entries.map((e) => models.NotificationEvent.findById(e._id, { key: 1 }).lean()),
    )
    return events.map((e) => e?.key ?? 'direct entry')
  }

  const sentTo = (userKeys: string[]) => userKeys.map((k) => sim.control.sentMessages({ userKey: k }).length)

  it('should send each message exactly once, use one credit each, and add nothing when the event is published again', async () => {
    const { ids, userKeys, category } = await villagers(5)
    const event = { ...published(), category }
    const first = await services.notifications.publishEvent(event)
    expect(first).toEqual({
      delivery: 'followers',
      recorded: true,
      recipients: null,
      inboxInserted: 0,
      outboxInserted: 0,
    })
    // One record, already in every follower's inbox; the messages are written by the sender.
    for (const id of ids) expect(await inboxEventIds(id)).toEqual([event.id])
    expect(await models.Outbox.countDocuments({ eventId: event.id })).toBe(0)
    await settle(buildSender())
    expect(sentTo(userKeys)).toEqual([1, 1, 1, 1, 1])
    const [message] = sim.control.sentMessages({ userKey: userKeys[0] })
    expect(message?.templateId).toBe('tmpl_disclosure_published')
    expect(message?.data).toEqual({
      thing1: '2024年第三季度低保名单',
      thing2: expect.any(String),
      date3: expect.stringMatching(/^\d{4}-\d\d-\d\d$/),
      phrase4: '已公示',
    })
    expect(message?.page).toMatch(/^pages\/disclosure\/index\?id=d\d+0+&n=[0-9a-f]{24}$/)
    const outbox = await models.Outbox.find({ eventId: event.id }).lean()
    expect(outbox.map((m) => m.status)).toEqual(['sent', 'sent', 'sent', 'sent', 'sent'])
    expect(outbox.every((m) => m.msgid && m.attempts === 1 && !m.inflight)).toBe(true)
    const credits = await models.SubscriptionCredit.find({ userId: { $in: ids } }).lean()
    expect(credits.map((c) => c.credits)).toEqual([0, 0, 0, 0, 0])

    expect(await services.notifications.publishEvent(event)).toMatchObject({ recorded: false })
    await settle(buildSender())
    expect(sentTo(userKeys)).toEqual([1, 1, 1, 1, 1])
    expect(await models.NotificationEvent.countDocuments({ key: event.id })).toBe(1)
    expect(await models.Outbox.countDocuments({ eventId: event.id })).toBe(5)
    for (const id of ids) expect(await inboxEventIds(id)).toEqual([event.id])
  })

  it('should mark 43101 as skipped_no_credit, zero the local count and keep the inbox entry', async () => {
    const { ids, userKeys, category } = await villagers(1, { granted: false })
    const event = { ...published(), category }
    await services.notifications.publishEvent(event)
    await settle(buildSender())
    const m = await models.Outbox.findOne({ eventId: event.id }).lean()
    expect(m).toMatchObject({ status: 'skipped_no_credit', errcode: 43101, attempts: 1 })
    expect(sentTo(userKeys)).toEqual([0])
    expect((await models.SubscriptionCredit.findOne({ userId: ids[0] }).lean())?.credits).toBe(0)
    expect(await inboxEventIds(ids[0])).toEqual([event.id])
  })

  it('should skip without calling WeChat when the user has no local credit', async () => {
    const { userKeys, category } = await villagers(2, { credits: 0 })
    const event = { ...published(), category }
    await services.notifications.publishEvent(event)
    sim.control.injectFault({ match: SEND, times: 1, effect: { kind: 'errcode', errcode: 40003 } })
    await settle(buildSender())
    const outbox = await models.Outbox.find({ eventId: event.id }).lean()
    expect(outbox.map((m) => [m.status, m.attempts, m.errcode])).toEqual([
      ['skipped_no_credit', 0, null],
      ['skipped_no_credit', 0, null],
    ])
    expect(sentTo(userKeys)).toEqual([0, 0])
    expect(sim.control.sentMessages({}).length).toBe(0)
  })

  it('should retry 5xx answers with backoff and then send once', async () => {
    const { userKeys, category } = await villagers(2)
    await services.notifications.publishEvent({ ...published(), category })
    sim.control.injectFault({ match: SEND, times: 3, effect: { kind: 'http', status: 503 } })
    await settle(buildSender())
    expect(sentTo(userKeys)).toEqual([1, 1])
    const outbox = await models.Outbox.find({}).lean()
    expect(outbox.every((m) => m.status === 'sent')).toBe(true)
    expect(outbox.reduce((a, m) => a + m.attempts, 0)).toBe(5)
  })

  it('should fail a message for good after the last attempt and give its credit back', async () => {
    const { ids, category } = await villagers(1)
    await services.notifications.publishEvent({ ...published(), category })
    sim.control.injectFault({ match: SEND, times: 10, effect: { kind: 'errcode', errcode: -1 } })
    await settle(buildSender())
    const m = await models.Outbox.findOne({ userId: ids[0] }).lean()
    expect(m).toMatchObject({ status: 'failed', attempts: 5, errcode: -1 })
    expect((await models.SubscriptionCredit.findOne({ userId: ids[0] }).lean())?.credits).toBe(1)
  })

  it('should verify a timed-out send with the simulator and send it once when it was not delivered', async () => {
    const { userKeys, category } = await villagers(1)
    await services.notifications.publishEvent({ ...published(), category })
    sim.control.injectFault({ match: SEND, times: 1, effect: { kind: 'timeout' } })
    const results: string[] = []
    await settle(buildSender({ timeoutMs: 200, results }))
    expect(results).toEqual(['verify', 'sent'])
    expect(sentTo(userKeys)).toEqual([1])
    expect(await models.Outbox.findOne({}).lean()).toMatchObject({ status: 'sent', attempts: 2 })
  })

  it('should not resend a timed-out send that WeChat delivered late', async () => {
    const { userKeys, category } = await villagers(1)
    await services.notifications.publishEvent({ ...published(), category })
    // The simulator answers after 400 ms but our client gives up after 150 ms: delivered, yet no answer.
    sim.control.setLatency({ match: SEND, ms: 400 })
    const results: string[] = []
    await settle(buildSender({ timeoutMs: 150, settleMs: 600, results }))
    expect(results).toEqual(['verify', 'sent'])
    sim.control.clearFaults()
    expect(sentTo(userKeys)).toEqual([1])
    expect(await models.Outbox.findOne({}).lean()).toMatchObject({
      status: 'sent',
      attempts: 1,
      inflight: false,
    })
  })

  it('should record a timed-out send as ambiguous and never resend it under at-most-once', async () => {
    const { userKeys, category } = await villagers(1)
    await services.notifications.publishEvent({ ...published(), category })
    sim.control.injectFault({ match: SEND, times: 1, effect: { kind: 'timeout' } })
    await settle(buildSender({ ambiguity: 'at_most_once', timeoutMs: 200 }))
    expect(sentTo(userKeys)).toEqual([0])
    expect(await models.Outbox.findOne({}).lean()).toMatchObject({ status: 'ambiguous', attempts: 1 })
  })

  it('should catch invalid template data before sending (recorded as 47003, never sent)', async () => {
    const { ids, userKeys, category } = await villagers(1)
    const event = { ...published('\n\t '), category }
    await services.notifications.publishEvent(event)
    await settle(buildSender())
    const m = await models.Outbox.findOne({ eventId: event.id }).lean()
    expect(m).toMatchObject({ status: 'failed', errcode: 47003, attempts: 0 })
    expect(m?.error).toMatch(/thing1: empty/)
    expect(sentTo(userKeys)).toEqual([0])
    expect(await inboxEventIds(ids[0])).toEqual([event.id])
  })

  it('should fetch a new token and carry on when WeChat revokes the current one', async () => {
    const { userKeys, category } = await villagers(3)
    await services.notifications.publishEvent({ ...published(), category })
    const sender = buildSender()
    sim.control.revokeAccessTokens()
    await settle(sender)
    expect(sentTo(userKeys)).toEqual([1, 1, 1])
  })

  it('should record a permanent errcode as failed and give the credit back', async () => {
    const { ids, category } = await villagers(1)
    await services.notifications.publishEvent({ ...published(), category })
    sim.control.injectFault({ match: SEND, times: 1, effect: { kind: 'errcode', errcode: 40003 } })
    await settle(buildSender())
    expect(await models.Outbox.findOne({}).lean()).toMatchObject({
      status: 'failed',
      errcode: 40003,
      attempts: 1,
    })
    expect((await models.SubscriptionCredit.findOne({ userId: ids[0] }).lean())?.credits).toBe(1)
  })

  it('should never send a message twice when two workers drain the same queue', async () => {
    const { userKeys, category } = await villagers(40)
    await services.notifications.publishEvent({ ...published(), category })
    sim.control.setLatency({ match: SEND, ms: 5 })
    const a = buildSender()
    const b = buildSender()
    await Promise.all([settle(a), settle(b)])
    sim.control.clearFaults()
    expect(sentTo(userKeys)).toEqual(userKeys.map(() => 1))
  })

  it('should send staff notices on the long-term template without using credits', async () => {
    const secretary = await models.User.findOne({ demoUserKey: 'demo-secretary' }).lean()
    if (!secretary) throw new Error('no demo secretary')
    sim.control.upsertUser({ userKey: 'demo-secretary' })
    sim.control.grantSubscription({ userKey: 'demo-secretary', templateId: 'tmpl_request_progress' })
    await services.subscriptions.create(secretary, { results: { tmpl_request_progress: 'accept' } })
    for (const n of [1, 2]) {
      await services.notifications.publishEvent({
        id: `disclosure.returned:x${n}`,
        type: 'disclosure.returned',
        villageCode: V1,
        title: '村级财务收支明细（第三季度）',
        disclosureId: 'ffffffffffffffffffffffff',
        authorId: secretary._id.toHexString(),
        reason: '缺少附件',
      })
    }
    await settle(buildSender())
    const sent = sim.control.sentMessages({ userKey: 'demo-secretary' })
    expect(sent).toHaveLength(2)
    expect(sent[0]?.data.phrase2).toBe('已退回')
    expect(sent[0]?.page).toMatch(/^secretary\/disclosure-edit\/index\?id=f{24}&n=/)
    const credit = await models.SubscriptionCredit.findOne({
      userId: secretary._id,
      templateId: 'tmpl_request_progress',
    }).lean()
    expect(credit).toMatchObject({ unlimited: true, credits: 0 })
  })
})

describe(TokenBucket.name, () => {
  it('should space takes at the configured rate', async () => {
    const bucket = new TokenBucket(100)
    const start = performance.now()
    await Promise.all(Array.from({ length: 21 }, () => bucket.take()))
    expect(performance.now() - start).toBeGreaterThanOrEqual(190)
  })
})
