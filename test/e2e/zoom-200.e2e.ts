import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { demoPeople } from '../../bff/src/services/seed.service'
import { seriousAxeViolations } from './axe'
import {
  apiAs,
  launchBrowser,
  ok,
  openPhonePage,
  screenshot,
  signInAs,
  startSystem,
  visible,
} from './harness'
import type { System } from './harness'
import { oneCharacterLines, pastOwnBox, pastRightEdge, sidewaysScroll, textPastEdge } from './overflow'

/**
 * Pages an outside tester found broken at 200% zoom (a 360 px phone is 180 CSS px wide): 消息, where "11 条未读" stood
 * one character per line beside 全部已读 and a long title ran past its card beside the 未读 badge, and the staff
 * compliance dashboard, which scrolled sideways (its root 233 px wide), and the secretary's 月度财务公开, whose 下个月
 * ran past the right edge (to 261 px). Each is opened at 360×640, then the viewport
 * is narrowed to 180×320 as the zoom does (small-screen.e2e.ts). Screenshots go to test-results/e2e.
 */
const people = demoPeople()
const codeOf = (key: string) => people.find((p) => p.userKey === key)?.grants[0]?.regionCode ?? ''

/** A title as long as the real ones, with a run of figures and brackets (政府信息公开申请已延期：…). */
const LONG_NUMBER = '云溪镇〔2026〕依申请第1号'

/** Whether the first visible matches of two selectors stand on one row (their vertical middles within each other). */
async function sameRow(page: Page, a: string, b: string): Promise<boolean> {
  const [x, y] = await Promise.all([a, b].map((sel) => visible(page, sel).first().boundingBox()))
  if (!x || !y) return false
  const middle = x.y + x.height / 2
  return middle > y.y && middle < y.y + y.height
}

async function atZoom200(page: Page): Promise<void> {
  await page.setViewportSize({ width: 180, height: 320 })
  await page.waitForTimeout(300)
}

describe('200% zoom (H5)', () => {
  let system: System
  let browser: Browser
  let base: string

  beforeAll(async () => {
    system = await startSystem()
    browser = await launchBrowser()
    base = system.server.url
  })
  afterAll(async () => {
    await browser?.close()
    await system?.stop()
  })

  it('消息: the unread count and long titles wrap inside their cards, nothing scrolls sideways', async () => {
    const services = system.server.runtime.services
    if (!services) throw new Error('no database')
    const villager = await apiAs(system, 'demo-villager')
    const { id } = ok(await villager('GET', '/api/v1/me')) as { id: string }
    for (let i = 1; i <= 11; i += 1)
      await services.notifications.publishEvent({
        type: 'info_request.progress',
        id: `zoom200:${i}`,
        villageCode: codeOf('demo-villager'),
        title: '政府信息公开申请',
        requestId: '0'.repeat(24),
        requesterId: id,
        number: LONG_NUMBER.replace('1号', `${i}号`),
        step: '已延期',
        detail: '因需要向有关单位征求意见，答复期限延长 20 个工作日。',
      })
    const { page, problems } = await openPhonePage(browser, { viewport: { width: 360, height: 640 } })
    await signInAs(page, base, 'demo-villager')
    await page.goto(`${base}/#/me/inbox/index`)
    await visible(page, '.cw-inbox__entry').first().waitFor({ timeout: 20_000 })
    expect(await visible(page, '.cw-inbox__summary').innerText()).toBe('11 条未读')
    // At 100% the badge stands beside the title, 全部已读 beside the count.
    expect(await sameRow(page, '.cw-inbox__dot', '.cw-inbox__entry-title')).toBe(true)
    expect(await sameRow(page, '.cw-inbox__summary', '.cw-inbox__read-all')).toBe(true)

    await atZoom200(page)
    expect(await pastRightEdge(page, '.cw-inbox')).toEqual([])
    expect(await textPastEdge(page, '.cw-inbox')).toEqual([])
    expect(await pastOwnBox(page, '.cw-inbox__entry')).toEqual([])
    expect(await oneCharacterLines(page, '.cw-inbox')).toEqual([])
    expect(await sidewaysScroll(page)).toBe(0)
    // The title takes the card's width, not a strip beside the badge: its first line holds more than a few words.
    const [head, title] = await Promise.all(
      ['.cw-inbox__entry', '.cw-inbox__entry-title'].map((sel) => visible(page, sel).first().boundingBox()),
    )
    expect((title?.width ?? 0) / (head?.width ?? 1)).toBeGreaterThan(0.7)
    expect(await seriousAxeViolations(page)).toEqual([])
    await screenshot(page, 'zoom200-01-inbox')
    expect(problems).toEqual([])
    await page.context().close()
  })

  it('the staff compliance dashboard fits 180 px with no sideways scroll', async () => {
    const { page, problems } = await openPhonePage(browser, { viewport: { width: 360, height: 640 } })
    await signInAs(page, base, 'demo-township')
    await page.goto(`${base}/#/staff/compliance/index?region=${codeOf('demo-township')}`)
    await visible(page, '.cw-compliance__health').waitFor({ timeout: 20_000 })
    expect(await sameRow(page, '.cw-compliance__period-text', '.cw-compliance__step')).toBe(true)

    await atZoom200(page)
    expect(await pastRightEdge(page, '.cw-compliance')).toEqual([])
    expect(await textPastEdge(page, '.cw-compliance')).toEqual([])
    expect(await pastOwnBox(page, '.cw-list-row, .cw-compliance__section')).toEqual([])
    expect(await oneCharacterLines(page, '.cw-compliance')).toEqual([])
    expect(await sidewaysScroll(page)).toBe(0)
    expect(await seriousAxeViolations(page)).toEqual([])
    await screenshot(page, 'zoom200-02-compliance')
    expect(problems).toEqual([])
    await page.context().close()
  })

  it('月度财务公开: 上个月 and 下个月 stay inside 180 px under the month (下个月 ran to 261 px)', async () => {
    const { page, problems } = await openPhonePage(browser, { viewport: { width: 360, height: 640 } })
    await signInAs(page, base, 'demo-secretary')
    await page.goto(`${base}/#/pay/statement/index`)
    await visible(page, '.cw-statement__next').waitFor({ timeout: 20_000 })
    expect(await sameRow(page, '.cw-statement__prev', '.cw-statement__next')).toBe(true)

    await atZoom200(page)
    expect(await pastRightEdge(page, '.cw-statement')).toEqual([])
    expect(await textPastEdge(page, '.cw-statement')).toEqual([])
    expect(await oneCharacterLines(page, '.cw-statement')).toEqual([])
    expect(await sidewaysScroll(page)).toBe(0)
    const next = await visible(page, '.cw-statement__next').boundingBox()
    expect((next?.x ?? 0) + (next?.width ?? 0)).toBeLessThanOrEqual(180)
    expect(await seriousAxeViolations(page)).toEqual([])
    await screenshot(page, 'zoom200-03-statement')
    expect(problems).toEqual([])
    await page.context().close()
  })
})
