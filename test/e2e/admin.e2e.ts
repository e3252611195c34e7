import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser } from 'playwright-core'
import { seriousAxeViolations } from './axe'
import { button, launchBrowser, openPhonePage, screenshot, signInAs, startSystem, visible } from './harness'
import type { System } from './harness'

/**
 * In the browser, as the demo county's administrator on a 360 px phone: 我的 → 系统管理 opens 人员与权限 (the county's
 * people with their roles in words), 操作记录 (the audit trail in words) and 导入行政区划; each page is checked with
 * axe, and the two lists show no region code or database id; 撤并村 opens a village chosen by name and its form.
 */
describe('H5 administration pages', () => {
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

  it('should open people and roles, the audit trail, the region import and 撤并村 from 我的, each without axe violations', async () => {
    const { page, problems } = await openPhonePage(browser, { viewport: { width: 360, height: 740 } })
    const base = system.server.url
    await signInAs(page, base, 'demo-admin')
    await button(page, '我的').click()

    const open = async (entry: string, ready: string, shot: string, showsCodes = false) => {
      await button(page, entry).click()
      await visible(page, ready).first().waitFor({ timeout: 20_000 })
      expect(await seriousAxeViolations(page)).toEqual([])
      await screenshot(page, shot)
      const text = await visible(page, '.cw-page-root').last().innerText()
      if (!showsCodes) expect(text).not.toMatch(/\d{12}|[0-9a-f]{24}/)
      return text
    }

    const people = await open('人员与权限', '.cw-admin-users__card', 'admin-01-users')
    expect(people).toContain('找刚登录的人')
    expect(people).toContain('村务管理员 · ')
    await page.goBack()

    const audit = await open('操作记录', '.cw-audit__row', 'admin-02-audit')
    expect(audit).toContain('操作记录')
    await page.goBack()

    // The import page's example file is the one place codes belong: they are what the file holds.
    const regions = await open('导入行政区划', '.cw-rimport__howto', 'admin-03-regions-import', true)
    expect(regions).toContain('选择 CSV 文件并导入')
    await page.goBack()

    // 撤并村: a village chosen by name down the tree (a township, then one of its villages), then its standing.
    await open('撤并村', '.cw-rpick__option', 'admin-04-retire')
    await visible(page, '.cw-rpick__option').first().click()
    await visible(page, '.cw-rpick__path').waitFor({ timeout: 20_000 })
    await visible(page, '.cw-rpick__option').first().waitFor({ timeout: 20_000 })
    await visible(page, '.cw-rpick__option').first().click()
    await visible(page, '.cw-retire__card').waitFor({ timeout: 20_000 })
    await button(page, '登记撤并').click()
    expect(await seriousAxeViolations(page)).toEqual([])
    await screenshot(page, 'admin-05-retire-form')
    const retire = await visible(page, '.cw-page-root').last().innerText()
    expect(retire).toContain('没有撤并，照常公开')
    expect(retire).not.toMatch(/\d{12}|[0-9a-f]{24}/)
    await page.goBack()

    await button(page, '消息发送情况').waitFor({ timeout: 10_000 })
    expect(problems).toEqual([])
  })
})
