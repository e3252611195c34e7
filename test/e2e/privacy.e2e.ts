import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { PRIVACY_POLICY_VERSION, PrivacyStatusDtoSchema } from '@cunwu/domain'
import { demoPeople } from '../../bff/src/services/seed.service'
import { seriousAxeViolations } from './axe'
import { button, launchBrowser, openPhonePage, screenshot, signInAs, startSystem, visible } from './harness'
import type { System } from './harness'

/**
 * Privacy in the browser: the privacy policy at first sign-in, accepted and recorded, not asked
 * again; one's own data and a correction request that reaches the village secretary; catalog item pages with
 * no English research notes for villagers, titled sources for staff.
 */
const village = demoPeople().find((p) => p.userKey === 'demo-secretary')?.grants[0]?.regionCode ?? ''
const DIBAO = 'social-assistance.dibao.approval'

/** Calls the API from inside the page with the signed-in person's token, as the app does. */
async function apiFromPage(page: Page, url: string): Promise<{ status: number; body: unknown }> {
  return page.evaluate(async (url) => {
    const stored = JSON.parse(localStorage.getItem('cw.session') ?? '{}') as {
      data?: { accessToken?: string }
    }
    const res = await fetch(url, { headers: { Authorization: `Bearer ${stored.data?.accessToken ?? ''}` } })
    return { status: res.status, body: (await res.json()) as unknown }
  }, url)
}

/** The text a person sees on the current page (Taro H5 keeps earlier pages hidden in the DOM). */
async function shownText(page: Page, selector: string): Promise<string> {
  return visible(page, selector).first().innerText()
}

describe('H5 privacy policy, own data and catalog notes (Trust)', () => {
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

  it('should show the policy at first sign-in, record the acceptance, and not ask again', async () => {
    const { page, problems } = await openPhonePage(browser)
    const base = system.server.url

    // 1. First sign-in: the policy opens before anything personal.
    await signInAs(page, base, 'demo-villager', { acceptPrivacy: false })
    await visible(page, '.cw-privacy__ask').waitFor({ timeout: 15_000 })
    const policy = await shownText(page, '.cw-privacy')
    expect(policy).toContain('我们收集哪些信息')
    expect(policy).toContain('有问题找谁')
    expect(policy).not.toMatch(/[A-Za-z]{2,}/)
    expect(await button(page, '我的').count()).toBe(0)
    await screenshot(page, 'privacy-1-policy-at-first-sign-in')
    expect(await seriousAxeViolations(page)).toEqual([])

    // 2. Accepting records the version and time, then opens the home page.
    await button(page, '同意并继续').click()
    await button(page, '我的').waitFor({ timeout: 15_000 })
    const status = PrivacyStatusDtoSchema.parse((await apiFromPage(page, `${base}/api/v1/me/privacy`)).body)
    expect(status.needsAcceptance).toBe(false)
    expect(status.acceptedVersion).toBe(PRIVACY_POLICY_VERSION)
    expect(Date.parse(status.acceptedAt ?? '')).toBeGreaterThan(Date.now() - 5 * 60_000)

    // 3. Signing in again goes straight home.
    await signInAs(page, base, 'demo-villager', { acceptPrivacy: false })
    expect(await button(page, '我的').count()).toBe(1)
    expect(await button(page, '同意并继续').count()).toBe(0)

    // 4. 我的 → 我的信息: what is held, and a correction request to the village.
    await button(page, '我的').click()
    await button(page, '我的信息（查看、下载、申请更正）').click()
    await visible(page, '.cw-mydata__records').waitFor({ timeout: 15_000 })
    expect(await shownText(page, '.cw-mydata__records')).toContain('同意隐私政策')
    await visible(page, '.cw-mydata__target input').fill('低保名单里的户号')
    await visible(page, '.cw-mydata__text textarea').fill('户号应为 0012')
    await button(page, '送给村里处理').click()
    await visible(page, '.cw-mydata__corrections')
      .filter({ hasText: '更正：低保名单里的户号' })
      .waitFor({ timeout: 15_000 })
    await screenshot(page, 'privacy-2-my-data')
    expect(await seriousAxeViolations(page)).toEqual([])

    // 5. The village secretary (first sign-in: accepts on the way) finds it in the list.
    await signInAs(page, base, 'demo-secretary')
    await page.goto(`${base}/#/pages/privacy/corrections/index?village=${village}`, { waitUntil: 'load' })
    const request = visible(page, '.cw-corrections__item').filter({ hasText: '户号应为 0012' })
    await request.waitFor({ timeout: 15_000 })
    expect(await request.innerText()).toContain('申请更正')
    await screenshot(page, 'privacy-3-secretary-corrections')
    expect(await seriousAxeViolations(page)).toEqual([])
    expect(problems).toEqual([])
  })

  it('should show villagers no English note or raw link on a catalog item, and staff its titled sources', async () => {
    const { page, problems } = await openPhonePage(browser)
    const base = system.server.url

    await signInAs(page, base, 'demo-villager')
    await page.goto(`${base}/#/pages/catalog-item/index?id=${DIBAO}`, { waitUntil: 'load' })
    await visible(page, '.cw-item__title').waitFor({ timeout: 15_000 })
    const villagerView = await shownText(page, '.cw-item')
    expect(villagerView).toContain('公开要素')
    expect(villagerView).not.toMatch(/[A-Za-z]{2,}|:\/\//)
    expect(villagerView).not.toContain('资料来源')
    await screenshot(page, 'privacy-4-catalog-item-villager')
    // Taro H5's page container scrolls, and a villager's item page has nothing to focus: axe then asks for the
    // container to be focusable. That is a change for every H5 page container, not for this page's content.
    expect(await seriousAxeViolations(page, ['scrollable-region-focusable'])).toEqual([])

    await signInAs(page, base, 'demo-secretary')
    await page.goto(`${base}/#/pages/catalog-item/index?id=${DIBAO}`, { waitUntil: 'load' })
    await visible(page, '.cw-item__sources').waitFor({ timeout: 15_000 })
    expect(await shownText(page, '.cw-item__sources')).toContain('资料来源（工作人员可见）')
    await visible(page, '.cw-item__sources-toggle').click()
    await visible(page, '.cw-item__source-title').first().waitFor({ timeout: 15_000 })
    expect(await visible(page, '.cw-item__source-title').count()).toBeGreaterThan(0)
    await screenshot(page, 'privacy-5-catalog-item-staff')
    expect(await seriousAxeViolations(page)).toEqual([])
    expect(problems).toEqual([])
  })
})
