import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser } from 'playwright-core'
import { DEMO_REGIONS } from '@cunwu/domain'
import { demoHouseholds } from '../../bff/src/services/seed.service'
import {
  button,
  goHome,
  launchBrowser,
  openPhonePage,
  screenshot,
  signInAs,
  signOut,
  startSystem,
  visible,
} from './harness'
import type { System } from './harness'

describe('H5 joining a village', () => {
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

  it('should let a newcomer apply, the secretary approve, and only the village see its catalog', async () => {
    const { page, problems } = await openPhonePage(browser)
    const base = system.server.url

    // 1. The newcomer signs in; the demo description says which household to apply with.
    const description = await signInAs(page, base, 'demo-newcomer')
    const hint = /申请加入(.+?)（户号 (\w+)，姓名 (.+?)）/.exec(description)
    if (!hint?.[1] || !hint[2] || !hint[3]) throw new Error(`unexpected demo description: ${description}`)
    const [, villageName, householdNo, name] = hint
    const village = DEMO_REGIONS.find((r) => r.name === villageName && r.level === 'village')
    const township = DEMO_REGIONS.find((r) => r.code === village?.parentCode)
    if (!village || !township) throw new Error(`village ${villageName} is not in the demo regions`)
    expect(await visible(page, '.cw-home__user-role').innerText()).toContain('还没有加入村')
    await screenshot(page, 'membership-1-newcomer-home')

    // 2. Apply: township → village → name and household number.
    await button(page, '申请加入本村').click()
    await visible(page, '.cw-join__option').filter({ hasText: township.name }).click()
    await visible(page, '.cw-join__option').filter({ hasText: village.name }).click()
    await visible(page, '.cw-join__name input').fill(name)
    await visible(page, '.cw-join__household input').fill(householdNo)
    await screenshot(page, 'membership-2-join-form')
    await button(page, '提交申请').click()
    await visible(page, '.cw-join__done').waitFor({ timeout: 15_000 })
    expect(await visible(page, '.cw-join__done').innerText()).toContain('申请已提交')
    await screenshot(page, 'membership-3-applied')
    await button(page, '回到首页').click()
    await visible(page, '.cw-role-home__pending-application').waitFor({ timeout: 15_000 })
    await signOut(page)

    // 3. The secretary sees one pending application that matches the roster, and approves it.
    await signInAs(page, base, 'demo-secretary')
    await visible(page, '.cw-role-home__pending-count').waitFor({ timeout: 15_000 })
    expect(await visible(page, '.cw-role-home__pending-count').innerText()).toBe('1')
    await screenshot(page, 'membership-4-secretary-home')
    await button(page, '审核入村申请').click()
    const application = visible(page, '.cw-apps__item').filter({ hasText: name })
    await application.waitFor({ timeout: 15_000 })
    expect(await application.locator('.cw-apps__badge--match').innerText()).toContain('一致')
    await screenshot(page, 'membership-5-applications')
    await button(application, '通过').click()
    await page
      .getByRole('status')
      .filter({ visible: true, hasText: `已通过：${name}` })
      .waitFor({ timeout: 15_000 })
    expect(await visible(page, '.cw-apps__item').count()).toBe(0)
    await screenshot(page, 'membership-6-approved')

    // The secretary can also print an invite QR code for a household.
    await button(page, '生成入村邀请码').click()
    // A person the roster names in that household: an invite is checked against the roster (docs/households.md).
    const invited = demoHouseholds(village.code)[4]
    if (!invited) throw new Error('the demo roster has a fifth household')
    await visible(page, '.cw-invite__household input').fill(invited.householdNo)
    await visible(page, '.cw-invite__name input').fill(invited.headName)
    await button(page, '生成邀请码').click()
    const qr = visible(page, '.cw-invite__qr img')
    await qr.waitFor({ timeout: 15_000 })
    expect(await qr.getAttribute('src')).toMatch(/^data:image\/png;base64,/)
    await screenshot(page, 'membership-6b-invite-qr')
    await goHome(page, base)
    await signOut(page)

    // 4. The newcomer is now a villager and opens the village catalog.
    await signInAs(page, base, 'demo-newcomer')
    expect(await visible(page, '.cw-home__user-role').innerText()).toContain('村民')
    await button(page, '查看本村公开目录').click()
    await visible(page, '.cw-catalog__item').first().waitFor({ timeout: 15_000 })
    expect(await visible(page, '.cw-catalog__title').innerText()).toContain(village.name)
    expect(await visible(page, '.cw-catalog__item').count()).toBeGreaterThan(10)
    const dibao = visible(page, '.cw-catalog__item').filter({ hasText: '最低生活保障对象名单' })
    expect(await dibao.count()).toBe(1)
    await screenshot(page, 'membership-7-village-catalog')
    await dibao.click()
    await visible(page, '.cw-item__row').first().waitFor({ timeout: 15_000 })
    expect(await visible(page, '.cw-item__row').count()).toBe(9)
    expect(await visible(page, '.cw-item__label').allInnerTexts()).toEqual([
      '名称',
      '内容',
      '依据',
      '时限',
      '主体',
      '方式',
      '渠道',
      '对象',
      '层级',
    ])
    expect(await visible(page, '.cw-item__policy--never_public').count()).toBeGreaterThan(0)
    await screenshot(page, 'membership-8-catalog-item')
    await visible(page, '.cw-item__table').scrollIntoViewIfNeeded()
    await screenshot(page, 'membership-8b-catalog-item-table')
    await goHome(page, base)
    await signOut(page)

    // 5. A secretary of another village may not read this village's catalog: the API says 403, the page 无权查看.
    await signInAs(page, base, 'demo-secretary-2')
    const answer = await page.evaluate(async (code) => {
      const stored = JSON.parse(localStorage.getItem('cw.session') ?? '{}') as {
        data?: { accessToken?: string }
      }
      const res = await fetch(`/api/v1/villages/${code}/catalog`, {
        headers: { Authorization: `Bearer ${stored.data?.accessToken ?? ''}` },
      })
      return { status: res.status, body: (await res.json()) as unknown }
    }, village.code)
    expect(answer).toMatchObject({ status: 403, body: { error: { code: 'forbidden' } } })
    await page.goto(`${base}/#/pages/catalog/index?village=${village.code}`, { waitUntil: 'load' })
    await visible(page, '.cw-catalog__forbidden').waitFor({ timeout: 15_000 })
    expect(await visible(page, '.cw-catalog__forbidden').innerText()).toContain('无权查看')
    await screenshot(page, 'membership-9-forbidden')

    // The two 403s above are expected; anything else in the console is a bug.
    expect(problems.filter((p) => !/status of 403/.test(p))).toEqual([])
  })
})
