import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEFAULT_APP } from '@cunwu/wechat-sim'
import type { WechatSim } from '@cunwu/wechat-sim'
import { DisclosureCreateSchema } from '@cunwu/domain'
import { createSimDeliveryChecker, createSubscribeClient } from '../clients/wechat-subscribe.client'
import { createTokenManager } from '../clients/wechat-token'
import { createLogger } from '../logger'
import type { User } from '../models/User.model'
import type { Services } from '../services'
import { demoHouseholds } from '../services/seed.service'
import { buildTestApp } from '../testing/build-app'
import type { TestApp } from '../testing/build-app'
import { demoRegionOf } from '../testing/demo'
import { buildVillagers } from '../testing/notifications'
import { createOutboxSender } from './outbox-sender.job'

const V1 = demoRegionOf('demo-secretary')

/**
 * Published, then retracted before the sender ran (tester p1, D4): the 已公示 push must not go out after the
 * retraction nor use the villager's one-time credit; the retraction's own message is sent.
 */
describe('outbox sender: a publication retracted before its messages leave', () => {
  let t: TestApp
  let s: Services
  let sim: WechatSim

  beforeAll(async () => {
    t = await buildTestApp()
    if (!t.services || !t.runtime.wechatSim) throw new Error('no services or simulator')
    s = t.services
    sim = t.runtime.wechatSim
  }, 60_000)
  afterAll(async () => {
    await t.close()
  })

  it('should mark the publication message skipped_withdrawn, use no credit and send the retraction', async () => {
    const { ids, userKeys } = await buildVillagers(s.models, sim, 'withdrawn', 1, {
      villageCode: V1,
      category: 'agricultural-subsidies',
      credits: 2,
    })
    const [secretary, township] = await Promise.all(
      ['demo-secretary', 'demo-township'].map((key) => s.models.User.findOne({ demoUserKey: key }).lean()),
    )
    if (!secretary || !township) throw new Error('demo users')
    const head = demoHouseholds(V1)[0]
    const req = DisclosureCreateSchema.parse({
      catalogItemId: 'agricultural-subsidies.cultivated-land-protection',
      period: '2081',
      title: '2081年耕地地力保护补贴公示',
      rows: [
        { name: head?.headName ?? '', area_mu: 4, amount: 50_000, household_no: head?.householdNo ?? '' },
      ],
    })
    const actor = { userId: null, requestId: null }
    const d = await s.disclosures.create(V1, req, secretary as User, actor)
    const id = d._id.toHexString()
    await s.disclosures.submit(id, actor)
    await s.disclosures.review(id, { decision: 'approve' }, township as User, actor)
    await s.disclosures.retract(id, '名单需重新评议', { userId: township._id, requestId: null })

    const tokens = createTokenManager({
      baseUrl: sim.baseUrl,
      appid: DEFAULT_APP.appid,
      secret: DEFAULT_APP.secret,
      timeoutMs: 2000,
    })
    const sender = createOutboxSender({
      models: s.models,
      client: createSubscribeClient({ baseUrl: sim.baseUrl, tokens, timeoutMs: 2000 }),
      logger: createLogger({ LOG_LEVEL: 'silent' }),
      ratePerSecond: 1000,
      backoffMs: 5,
      maxAttempts: 5,
      ambiguity: 'verify_sim',
      checkDelivery: createSimDeliveryChecker(sim.baseUrl),
      settleMs: 20,
      miniprogramState: 'formal',
    })
    await sender.drain()

    const villager = ids[0]
    const messages = await s.models.Outbox.find({ userId: villager }).sort({ _id: 1 }).lean()
    expect(messages.map((m) => [m.eventId, m.status, m.creditTaken])).toEqual([
      [`disclosure.published:${id}:v1`, 'skipped_withdrawn', false],
      [`disclosure.retracted:${id}`, 'sent', true],
    ])
    expect(messages[0]?.error).toMatch(/retracted/)
    const sent = sim.control
      .sentMessages()
      .filter((m) => m.touser === sim.control.openidOf(userKeys[0] ?? ''))
    expect(sent.map((m) => m.data.phrase4)).toEqual(['已撤回'])
    const credit = await s.models.SubscriptionCredit.findOne({
      userId: villager,
      templateId: 'tmpl_disclosure_published',
    }).lean()
    expect(credit?.credits).toBe(1)
    const metrics = await s.outbox.metrics(V1)
    expect(metrics.byStatus.skipped_withdrawn).toBeGreaterThanOrEqual(1)
  }, 60_000)
})
