import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser } from 'playwright-core'
import { demoPeople } from '../../bff/src/services/seed.service'
import { demoRegionOf } from '../../bff/src/testing/demo'
import { seriousAxeViolations } from './axe'
import {
  apiAs,
  launchBrowser,
  openPhonePage,
  screenshot,
  signInAs,
  startSystemWithDemoDisclosures,
  visible,
} from './harness'
import type { System } from './harness'

/**
 * A township officer finds a village by typing part of its name, on the home page and on the compliance dashboard,
 * and opens the officer's view of it (the village's compliance page) from the keyboard alone: the rows and tiles
 * were click-only divs (no role, no tab stop) and the home opened the villagers' catalog. On the village's page each
 * item with an alignment is a link too, reached with Tab and opened with Enter. axe stays clean.
 */
const people = demoPeople()
const TOWNSHIP = people.find((p) => p.userKey === 'demo-township')?.grants[0]?.regionCode ?? ''
/** The village the demo items are published in (startSystemWithDemoDisclosures): its 低保 list has an alignment. */
const DEMO_VILLAGE = demoRegionOf('demo-villager')

describe('the township officer finds a village (H5)', () => {
  let system: System
  let browser: Browser
  let base: string
  let village = { code: '', name: '' }

  beforeAll(async () => {
    system = await startSystemWithDemoDisclosures()
    browser = await launchBrowser()
    base = system.server.url
    const county = await apiAs(system, 'demo-county')
    const children = (await county('GET', `/api/v1/regions/${TOWNSHIP}/children`)).body as {
      regions: { code: string; name: string }[]
    }
    const last = children.regions[children.regions.length - 1]
    if (!last || children.regions.length < 2) throw new Error('the demo township has too few villages')
    village = last
  })
  afterAll(async () => {
    await browser?.close()
    await system?.stop()
  })

  it('from the home page: types part of the name, tabs to the village and opens its compliance page with Enter', async () => {
    const { page, problems } = await openPhonePage(browser, { viewport: { width: 360, height: 640 } })
    await signInAs(page, base, 'demo-township')
    const search = page.getByRole('textbox', { name: '找下辖的乡镇或村：输入名称中的字' })
    await search.waitFor({ timeout: 20_000 })
    expect(await seriousAxeViolations(page)).toEqual([])
    await search.fill(village.name.slice(0, 2))
    const link = page.getByRole('link', { name: village.name, exact: true })
    await link.waitFor()
    await search.focus()
    // The keyboard reaches the village: Tab until it has focus (a few tab stops at most), then Enter.
    for (let i = 0; i < 5 && !(await link.evaluate((e) => e === document.activeElement)); i++)
      await page.keyboard.press('Tab')
    expect(await link.evaluate((e) => e === document.activeElement)).toBe(true)
    // Focus shows plainly: a ring of about 4 px, not the browser's thin default.
    expect(await link.evaluate((e) => parseFloat(getComputedStyle(e).outlineWidth))).toBeGreaterThanOrEqual(3)
    await page.keyboard.press('Enter')
    await page.waitForURL(new RegExp(`staff/compliance/index\\?region=${village.code}`), { timeout: 20_000 })
    await page.getByText('各项公开').waitFor({ timeout: 20_000 })
    expect(await seriousAxeViolations(page)).toEqual([])
    await screenshot(page, 'staff-villages-01-village')
    expect(problems).toEqual([])
    await page.context().close()
  })

  it('on the dashboard: a summary, a name search and tiles that are links opened from the keyboard', async () => {
    const { page, problems } = await openPhonePage(browser, { viewport: { width: 360, height: 640 } })
    await signInAs(page, base, 'demo-township')
    await page.goto(`${base}/#/staff/compliance/index?region=${TOWNSHIP}&period=2026`)
    await visible(page, '.cw-compliance__summary').waitFor({ timeout: 20_000 })
    expect(await seriousAxeViolations(page)).toEqual([])
    await screenshot(page, 'staff-villages-02-dashboard')
    const search = page.getByRole('textbox', { name: '找村：输入名称中的字' })
    await search.fill(village.name.slice(0, 2))
    const tile = visible(page, `.cw-compliance__tile[data-code="${village.code}"]`)
    expect(await tile.getAttribute('role')).toBe('link')
    await tile.scrollIntoViewIfNeeded()
    await screenshot(page, 'staff-villages-03-found')
    // From the search box, Tab reaches the first tile found (the status line and legend are no tab stops).
    await search.focus()
    await page.keyboard.press('Tab')
    expect(await tile.evaluate((e) => e === document.activeElement)).toBe(true)
    expect(await tile.evaluate((e) => parseFloat(getComputedStyle(e).outlineWidth))).toBeGreaterThanOrEqual(3)
    await page.keyboard.press('Enter')
    await page.waitForURL(new RegExp(`staff/compliance/index\\?region=${village.code}`), { timeout: 20_000 })
    await page.getByText('各项公开').waitFor({ timeout: 20_000 })
    expect(problems).toEqual([])
    await page.context().close()
  })

  it("on a village's page: Tab reaches an item's row and Enter opens its alignment", async () => {
    const { page, problems } = await openPhonePage(browser, { viewport: { width: 360, height: 640 } })
    await signInAs(page, base, 'demo-township')
    await page.goto(`${base}/#/staff/compliance/index?region=${DEMO_VILLAGE}&period=2026`)
    await page.getByText('各项公开').waitFor({ timeout: 20_000 })
    const row = page.getByRole('link', { name: /最低生活保障对象名单 · 2026年.*点击查看对照详情/ }).first()
    await row.waitFor({ timeout: 20_000 })
    expect(await seriousAxeViolations(page)).toEqual([])
    // The tester's path: from 下一年, Tab went past the rows (查看待答复的留言 next); now it stops on them.
    await page.getByRole('button', { name: '下一年' }).focus()
    for (let i = 0; i < 12 && !(await row.evaluate((e) => e === document.activeElement)); i++)
      await page.keyboard.press('Tab')
    expect(await row.evaluate((e) => e === document.activeElement)).toBe(true)
    expect(await row.evaluate((e) => parseFloat(getComputedStyle(e).outlineWidth))).toBeGreaterThanOrEqual(3)
    await screenshot(page, 'staff-villages-04-village-row')
    await page.keyboard.press('Enter')
    await page.waitForURL(/staff\/alignment\/index\?id=/, { timeout: 20_000 })
    expect(problems).toEqual([])
    await page.context().close()
  })
})
