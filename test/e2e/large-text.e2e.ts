import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser } from 'playwright-core'
import { seriousAxeViolations } from './axe'
import { cutText, pastOwnBox, sidewaysScroll } from './overflow'
import {
  button,
  launchBrowser,
  openPhonePage,
  screenshot,
  signInAs,
  startSystemWithDemoDisclosures,
  thenApiQuiet,
  visible,
} from './harness'
import type { System } from './harness'

/**
 * Large text on the home's cards (tester t3 L4): at 150% text (a 360 px phone is 240 CSS px at 1.5 device pixels per
 * CSS px) in 长辈模式 the cards cut the period and the summary's total with "…" (收入明细 · 202…, 本月收入 4 笔…), and with
 * the mode off the same happened at 360 px. No card text may be cut (docs/miniapp.md). Screenshots go to
 * test-results/e2e.
 */
describe('home cards at large text (H5)', () => {
  let system: System
  let browser: Browser
  let base: string

  beforeAll(async () => {
    system = await startSystemWithDemoDisclosures()
    browser = await launchBrowser()
    base = system.server.url
  })
  afterAll(async () => {
    await browser?.close()
    await system?.stop()
  })

  it('in 长辈模式 at 240 CSS px (360 at 1.5×) no card text is cut', async () => {
    const { page, problems } = await openPhonePage(browser, {
      viewport: { width: 360, height: 640 },
      deviceScaleFactor: 1.5,
    })
    await signInAs(page, base, 'demo-villager')
    await thenApiQuiet(page, () => button(page, '打开长辈模式').click())
    await page.setViewportSize({ width: 240, height: 427 })
    await page.reload({ waitUntil: 'load' })
    await visible(page, '.cw-dcard__meta').first().waitFor({ timeout: 20_000 })
    expect(await page.evaluate(() => document.documentElement.classList.contains('cw-elderly'))).toBe(true)
    // The feed's cards below the first arrive after it (the below-the-fold part loads on its own): wait for them.
    await expect.poll(() => visible(page, '.cw-dcard').count(), { timeout: 15_000 }).toBeGreaterThanOrEqual(3)
    expect(await cutText(page, '.cw-dcard')).toEqual([])
    expect(await pastOwnBox(page, '.cw-dcard')).toEqual([])
    expect(await sidewaysScroll(page)).toBe(0)
    await visible(page, '.cw-dcard').filter({ hasText: '收入明细' }).first().scrollIntoViewIfNeeded()
    await screenshot(page, 'large-text-01-elderly-240')
    expect(await seriousAxeViolations(page)).toEqual([])
    expect(problems).toEqual([])
    await page.context().close()
  })

  it('with 长辈模式 off at 360 px no card text is cut', async () => {
    const { page, problems } = await openPhonePage(browser, { viewport: { width: 360, height: 640 } })
    await signInAs(page, base, 'demo-villager')
    await thenApiQuiet(page, () => button(page, '不用了').click())
    await visible(page, '.cw-dcard__meta').first().waitFor({ timeout: 20_000 })
    expect(await page.evaluate(() => document.documentElement.classList.contains('cw-elderly'))).toBe(false)
    expect(await cutText(page, '.cw-dcard')).toEqual([])
    expect(await pastOwnBox(page, '.cw-dcard')).toEqual([])
    await screenshot(page, 'large-text-02-normal-360')
    expect(problems).toEqual([])
    await page.context().close()
  })
})
