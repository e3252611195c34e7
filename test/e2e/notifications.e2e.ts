import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser } from 'playwright-core'
import { DisclosureDtoSchema, SubscriptionsDtoSchema } from '@cunwu/domain'
import { buildDibaoRows } from '../../bff/src/testing/factories'
import { demoPeople } from '../../bff/src/services/seed.service'
import {
  apiAs,
  button,
  launchBrowser,
  openPhonePage,
  screenshot,
  signInAs,
  startSystem,
  visible,
} from './harness'
import type { System } from './harness'
import { seenRevision } from './seen-revision'

/**
 * In the browser, end to end: a villager subscribes to 社会救助 (the simulator stands in for WeChat's
 * prompt and accepts); the secretary's 低保 list is published (through the API); the simulator received exactly
 * one correctly shaped subscribe message for that villager, and the inbox shows it and opens the list.
 */
const TEMPLATE = 'tmpl_disclosure_published'
const TITLE = '低保对象名单公示'
const village = demoPeople().find((p) => p.userKey === 'demo-secretary')?.grants[0]?.regionCode ?? ''

async function waitFor<T>(probe: () => T | undefined, what: string, timeoutMs = 20_000): Promise<T> {
  const until = Date.now() + timeoutMs
  for (;;) {
    const value = probe()
    if (value !== undefined) return value
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 200))
  }
}

describe('H5 notifications', () => {
  let system: System
  let browser: Browser

  beforeAll(async () => {
    // The outbox sender is off under NODE_ENV=test; this scenario needs it to reach the simulator.
    system = await startSystem({ NOTIFICATIONS_WORKER: 'true', OUTBOX_POLL_MS: '200' })
    browser = await launchBrowser()
  })
  afterAll(async () => {
    await browser?.close()
    await system?.stop()
  })

  it('should subscribe, send exactly one WeChat message on publication and show it in the inbox', async () => {
    const sim = system.server.runtime.wechatSim
    if (!sim) throw new Error('no WeChat simulator')
    const { page, problems } = await openPhonePage(browser)
    const base = system.server.url

    // 1. The villager opens 消息 → 管理我的订阅 and subscribes to 社会救助; the simulator's prompt accepts.
    await signInAs(page, base, 'demo-villager')
    const entry = visible(page, '.cw-home-entries__inbox')
    await entry.waitFor({ timeout: 15_000 })
    expect(await visible(page, '.cw-home-entries__count').count()).toBe(0)
    await entry.click()
    await visible(page, '.cw-state--empty').waitFor({ timeout: 15_000 })
    await button(page, '管理我的订阅').click()
    const domain = visible(page, '.cw-subs__domain[data-domain="social-assistance"]')
    await domain.waitFor({ timeout: 15_000 })
    await screenshot(page, 'notifications-01-subscriptions-before')
    await button(domain, '订阅').click()
    await visible(page, '.cw-subs__notice')
      .filter({ hasText: '已订阅，有新的公开会提醒您' })
      .waitFor({ timeout: 15_000 })
    expect(await visible(page, '.cw-subs__item[data-target="social-assistance"]').innerText()).toContain(
      '社会救助',
    )
    expect(await visible(page, '.cw-subs__reminders').innerText()).toContain('微信还能提醒您 1 次')
    await screenshot(page, 'notifications-02-subscribed')

    // The accept reached both sides: one credit in the simulator and one in the BFF.
    expect(sim.control.subscriptions({ userKey: 'demo-villager' })).toEqual([
      expect.objectContaining({ templateId: TEMPLATE, credits: 1 }),
    ])
    const villager = await apiAs(system, 'demo-villager')
    const mine = SubscriptionsDtoSchema.parse((await villager('GET', '/api/v1/subscriptions')).body)
    expect(mine.credits).toEqual([{ templateId: TEMPLATE, credits: 1, unlimited: false }])

    // 2. The secretary's 低保 list is published (drafted through the API, approved by the township).
    sim.control.clearSentMessages()
    const secretary = await apiAs(system, 'demo-secretary')
    const township = await apiAs(system, 'demo-township')
    const created = await secretary('POST', `/api/v1/villages/${village}/disclosures`, {
      catalogItemId: 'social-assistance.dibao.approval',
      period: '2026-11',
      title: TITLE,
      body: '经村民代表会议评议、乡镇审核，以下家庭享受低保。',
      rows: buildDibaoRows(village, 5),
    })
    expect(created.status).toBe(201)
    const draft = DisclosureDtoSchema.parse(created.body)
    expect((await secretary('POST', `/api/v1/disclosures/${draft.id}/submit`)).status).toBe(200)
    expect(
      (
        await township('POST', `/api/v1/disclosures/${draft.id}/review`, {
          decision: 'approve',
          revision: await seenRevision(township, draft.id),
        })
      ).status,
    ).toBe(200)

    // 3. Exactly one message for the villager, with the template's keys and a page that opens the list. The list
    // names the villager's own household, so the one message is the household's (有您家内容), not a second
    // follower's one (docs/households.md).
    const sent = await waitFor(() => {
      const messages = sim.control.sentMessages({ userKey: 'demo-villager' })
      return messages.length > 0 ? messages : undefined
    }, 'the subscribe message')
    await new Promise((resolve) => setTimeout(resolve, 1_000))
    expect(sim.control.sentMessages({ userKey: 'demo-villager' })).toHaveLength(1)
    const [message] = sent
    expect(message).toMatchObject({
      templateId: TEMPLATE,
      miniprogramState: 'formal',
      data: { thing1: TITLE, thing2: '云溪村委会', phrase4: '有您家内容' },
    })
    expect(message?.data.date3).toMatch(/^\d{4}-\d{2}-\d{2}$|^\d{4}年\d{1,2}月\d{1,2}日$/)
    expect(message?.page).toMatch(new RegExp(`^pages/disclosure/index\\?id=${draft.id}(&|$)`))
    // The credit was used.
    expect(sim.control.subscriptions({ userKey: 'demo-villager' })[0]?.credits).toBe(0)

    // 4. The home badge counts it; the inbox shows it unread; a tap opens the list and marks it read.
    await page.goto(`${base}/#/pages/index/index`, { waitUntil: 'load' })
    const count = visible(page, '.cw-home-entries__count')
    await count.waitFor({ timeout: 15_000 })
    expect(await count.innerText()).toBe('1')
    await screenshot(page, 'notifications-03-home-badge')
    await visible(page, '.cw-home-entries__inbox').click()
    const item = visible(page, '.cw-inbox__entry--unread')
    await item.waitFor({ timeout: 15_000 })
    expect(await visible(page, '.cw-inbox__entry').count()).toBe(1)
    expect(await item.innerText()).toContain(`《${TITLE}》里有您家的内容`)
    expect(await item.getAttribute('data-event')).toBe('disclosure.published')
    await screenshot(page, 'notifications-04-inbox-unread')
    await item.click()
    await visible(page, '.cw-disclosure__title').filter({ hasText: TITLE }).waitFor({ timeout: 15_000 })
    await screenshot(page, 'notifications-05-opened-from-inbox')
    await page.goBack()
    await visible(page, '.cw-inbox__entry').waitFor({ timeout: 15_000 })
    expect(await visible(page, '.cw-inbox__entry--unread').count()).toBe(0)
    expect(await visible(page, '.cw-inbox__summary').innerText()).toBe('没有未读消息')
    const unread = await villager('GET', '/api/v1/inbox/unread-count')
    expect(unread.body).toEqual({ count: 0 })
    await screenshot(page, 'notifications-06-inbox-read')

    expect(problems).toEqual([])
  })
})
