import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { seriousAxeViolations } from './axe'
import {
  button,
  launchBrowser,
  openPhonePage,
  screenshot,
  signInAs,
  startSystemWithDemoDisclosures,
  visible,
} from './harness'
import type { System } from './harness'

/**
 * 长辈模式 and the first screen, on the two phone sizes villagers hold most (360×640, 375×812): the villager's
 * home shows the newest disclosure above the fold without a layout jump; 长辈模式 (from the first-open offer, or
 * the profile's switch) shows the simplified home and an item with text ≥ 20 px, headings ≥ 24 px, tap targets
 * ≥ 48 px, nothing scrolling sideways and the table's rows as cards whose amounts never break. axe runs on every
 * page visited (harness). Screenshots go to test-results/e2e.
 */

/** Collects the page's layout shifts (the CLS of the home's first load) from before the app starts. */
function recordLayoutShifts(): void {
  const w = window as Window & { __cwShifts?: number }
  w.__cwShifts = 0
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      const shift = entry as PerformanceEntry & { value: number; hadRecentInput: boolean }
      if (!shift.hadRecentInput) w.__cwShifts = (w.__cwShifts ?? 0) + shift.value
    }
  }).observe({ type: 'layout-shift', buffered: true })
}

/** Widths that scroll sideways: the document's, and any element's that clips less than it holds. */
async function sidewaysOverflow(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const out: string[] = []
    const doc = document.scrollingElement
    if (doc && doc.scrollWidth > window.innerWidth)
      out.push(`document ${doc.scrollWidth} > ${window.innerWidth}`)
    for (const el of Array.from(document.querySelectorAll<HTMLElement>('.taro_page'))) {
      if (el.offsetParent === null && getComputedStyle(el).display === 'none') continue
      if (el.scrollWidth <= el.clientWidth + 1) continue
      // Name the elements that stick out, so a failure says where to look.
      const right = el.getBoundingClientRect().right
      const outside = Array.from(el.querySelectorAll<HTMLElement>('*'))
        .filter((c) => c.getBoundingClientRect().right > right + 1 && c.getClientRects().length > 0)
        .slice(0, 3)
        .map((c) => `${c.localName}.${c.className}`)
      out.push(`page ${el.scrollWidth} > ${el.clientWidth}: ${outside.join(' | ')}`)
    }
    return out
  })
}

/** The smallest computed font size (CSS px) among the visible elements matching the selector. */
async function smallestFont(page: Page, selector: string): Promise<number> {
  const sizes = await visible(page, selector).evaluateAll((els) =>
    els.map((el) => parseFloat(getComputedStyle(el).fontSize)),
  )
  if (sizes.length === 0) throw new Error(`nothing visible matches ${selector}`)
  return Math.min(...sizes)
}

/** The smallest height (CSS px) among the visible buttons of the page. */
async function smallestButton(page: Page): Promise<number> {
  const heights = await page
    .getByRole('button')
    .filter({ visible: true })
    .evaluateAll((els) => els.map((el) => el.getBoundingClientRect().height))
  return Math.min(...heights)
}

const SIZES = [
  { width: 360, height: 640 },
  { width: 375, height: 812 },
] as const

describe('H5 长辈模式 and the first screen', () => {
  let system: System
  let browser: Browser

  beforeAll(async () => {
    system = await startSystemWithDemoDisclosures()
    browser = await launchBrowser()
  })
  afterAll(async () => {
    await browser?.close()
    await system?.stop()
  })

  for (const size of SIZES) {
    const tag = `${size.width}x${size.height}`

    it(`should show the newest disclosure on the first screen at ${tag}, then 长辈模式's home and an item`, async () => {
      const { page, problems } = await openPhonePage(browser, { viewport: size })
      const base = system.server.url
      await signInAs(page, base, 'demo-villager')

      // First screen: the newest disclosure's title and the 与我相关 count, without scrolling, and no jump.
      // A fresh load of the home (the signed-in session stays). Requests still open when it starts are cut short
      // by the reload, not failed by the app: they are not counted as problems.
      const open = new Set<string>()
      page.on('request', (r) => open.add(r.url()))
      page.on('requestfinished', (r) => open.delete(r.url()))
      await page.waitForLoadState('networkidle')
      await page.addInitScript(recordLayoutShifts)
      const cut = new Set([...open].map((url) => `requestfailed: ${url}`))
      await page.reload({ waitUntil: 'load' })
      const firstTitle = visible(page, '.cw-dcard__title').first()
      await firstTitle.waitFor({ timeout: 30_000 })
      for (let i = problems.length - 1; i >= 0; i--) if (cut.has(problems[i] ?? '')) problems.splice(i, 1)
      await visible(page, '.cw-feed__related-count').filter({ hasText: '项' }).waitFor({ timeout: 15_000 })
      await page.waitForTimeout(500)
      await screenshot(page, `elderly-1-home-${tag}`)
      const box = await firstTitle.boundingBox()
      expect(box && box.y + box.height).toBeLessThanOrEqual(size.height)
      const related = await visible(page, '.cw-feed__related').boundingBox()
      expect(related && related.y + related.height).toBeLessThanOrEqual(size.height)
      expect(await visible(page, '.cw-feed__related').innerText()).toMatch(/与我相关\s*2 项/)
      const shifts = await page.evaluate(() => (window as Window & { __cwShifts?: number }).__cwShifts ?? -1)
      expect(shifts).toBeGreaterThanOrEqual(0)
      expect(shifts).toBeLessThanOrEqual(0.05)

      // 长辈模式: from the first-open offer on the smaller phone, from the profile's switch on the other.
      if (size.width === 360) {
        await button(page, '打开长辈模式').click()
      } else {
        await button(page, '不用了').click()
        await button(page, '我的').click()
        const toggle = page
          .getByRole('button', { name: '长辈模式已关闭，点这里打开' })
          .filter({ visible: true })
        await toggle.click()
        const on = page.getByRole('button', { name: '长辈模式已打开，点这里关闭' }).filter({ visible: true })
        expect(await on.getAttribute('aria-pressed')).toBe('true')
        await page.goBack()
      }
      const newest = visible(page, '.cw-elderly-home__newest')
      await newest.waitFor({ timeout: 15_000 })
      expect(await page.evaluate(() => document.documentElement.classList.contains('cw-elderly'))).toBe(true)
      await screenshot(page, `elderly-2-simple-home-${tag}`)
      await button(newest, '读给我听').waitFor()
      // The demo village has set its office phone (demo seed): 打电话给村委会 dials it through a tel: link.
      const call = page.getByRole('link', { name: '打电话给村委会，0795-7123456' }).filter({ visible: true })
      expect(await call.getAttribute('href')).toBe('tel:07957123456')
      const callBox = await call.boundingBox()
      expect(callBox?.height).toBeGreaterThanOrEqual(48)
      expect(
        await smallestFont(page, '.cw-dcard__summary, .cw-dcard__meta, .cw-dcard__date'),
      ).toBeGreaterThanOrEqual(20)
      expect(await smallestFont(page, '.cw-elderly-home__heading, .cw-dcard__title')).toBeGreaterThanOrEqual(
        24,
      )
      expect(await smallestButton(page)).toBeGreaterThanOrEqual(48)
      expect(await sidewaysOverflow(page)).toEqual([])

      // An item with a table, in 长辈模式: rows as cards, amounts in one piece, nothing sideways.
      await visible(page, '.cw-dcard').filter({ hasText: '耕地地力保护补贴' }).first().click()
      await visible(page, '.cw-dtable__row').first().waitFor({ timeout: 15_000 })
      await visible(page, '.cw-dtable__row').nth(1).scrollIntoViewIfNeeded()
      await page.waitForTimeout(300)
      await screenshot(page, `elderly-3-item-${tag}`)
      expect(await sidewaysOverflow(page)).toEqual([])
      expect(await smallestFont(page, '.cw-dtable__value')).toBeGreaterThanOrEqual(20)
      const rowDisplay = await visible(page, '.cw-dtable__row')
        .nth(1)
        .evaluate((el) => getComputedStyle(el).display)
      expect(rowDisplay).toBe('block')
      const brokenFigures = await visible(page, '.cw-dtable__value--figure').evaluateAll((els) =>
        els.filter((el) => el.getClientRects().length > 1).map((el) => el.textContent),
      )
      expect(brokenFigures).toEqual([])
      // The harness checks each page once it settles; this page is checked here too, in case the test ends first.
      expect(await seriousAxeViolations(page)).toEqual([])
      expect(problems).toEqual([])
    })
  }

  it('should not move the item page when its loading box gives way to the item', async () => {
    const services = system.server.runtime.services
    const item = await services?.models.Disclosure.findOne({ status: 'published' }, { _id: 1 }).lean()
    if (!item) throw new Error('no published item')
    const { page, problems } = await openPhonePage(browser, { viewport: SIZES[0] })
    const base = system.server.url
    await signInAs(page, base, 'demo-villager')
    // A slow answer, so that the loading box is painted first (as on one bar of signal).
    await page.route(/\/api\/v1\/disclosures\/[0-9a-f]{24}(\?.*)?$/, async (route) => {
      await new Promise((resolve) => setTimeout(resolve, 1200))
      await route.continue()
    })
    await page.addInitScript(recordLayoutShifts)
    await page.goto(`${base}/#/pages/disclosure/index?id=${item._id.toHexString()}`)
    // Everything of that load in, so that the reload cuts nothing short (a cut request would count as a problem).
    await page.waitForLoadState('networkidle')
    // A fresh document (a change of hash alone would keep the page the observer was not in).
    await page.reload({ waitUntil: 'load' })
    await visible(page, '.cw-disclosure__title').waitFor({ timeout: 30_000 })
    await page.waitForTimeout(500)
    // The page root used to move up 13px with the loading box's top margin (CLS 0.016 in Lighthouse).
    const shifts = await page.evaluate(() => (window as Window & { __cwShifts?: number }).__cwShifts ?? -1)
    expect(shifts).toBe(0)
    expect(problems).toEqual([])
    await page.context().close()
  })
})
