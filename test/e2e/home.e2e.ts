import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser } from 'playwright-core'
import { BFF_VERSION } from '../../bff/src/app'
import { button, launchBrowser, openPhonePage, screenshot, startSystem } from './harness'
import type { System } from './harness'

describe('H5 home page', () => {
  let system: System
  let browser: Browser

  beforeAll(async () => {
    system = await startSystem()
    browser = await launchBrowser()
  })
  afterAll(async () => {
    await browser?.close()
    await system?.stop()
  })

  it('should open the about page from home, with health data that came from the BFF', async () => {
    const { page, problems } = await openPhonePage(browser)
    const healthCalls: number[] = []
    page.on('response', (r) => {
      if (r.url().endsWith('/api/v1/health')) healthCalls.push(r.status())
    })
    await page.goto(system.server.url, { waitUntil: 'load' })
    await button(page, '登录').waitFor({ timeout: 30_000 })
    // The home is for content: whether the service is up is on the about page.
    expect(await page.locator('.cw-health').count()).toBe(0)
    await screenshot(page, 'home')

    await button(page, '查看说明').click()
    await page.locator('.cw-about').waitFor({ state: 'visible', timeout: 15_000 })
    expect(page.url()).toContain('pages/about/index')
    await page.locator('.cw-health__status').waitFor({ timeout: 30_000 })
    expect(await page.locator('.cw-health__status').innerText()).toContain('服务正常')
    // Plain words only: no 数据库, and the version once, at the foot.
    expect(await page.locator('.cw-about').innerText()).not.toContain('数据库')
    expect(await page.locator('.cw-about__version').innerText()).toBe(`版本：${BFF_VERSION}`)
    expect(healthCalls).toContain(200)
    await page.waitForTimeout(300)
    await screenshot(page, 'about')
    expect(problems).toEqual([])
  })

  it('should show the error state on the about page when the BFF cannot be reached', async () => {
    const { page } = await openPhonePage(browser)
    await page.route('**/api/v1/health', (route) => route.abort('connectionrefused'))
    await page.goto(`${system.server.url}/#/pages/about/index`, { waitUntil: 'load' })
    const error = page.getByRole('alert').filter({ hasText: '没有连上服务' })
    await error.waitFor({ timeout: 30_000 })
    await button(error, '重试').waitFor()
    await screenshot(page, 'about-error')
  })
})
