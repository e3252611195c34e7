import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser } from 'playwright-core'
import { DEMO_REGIONS } from '@cunwu/domain'
import { buildDibaoRows, dibaoItem } from '../../bff/src/testing/factories'
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

const LIST_TITLE = '2026年第二季度低保名单（指南测试）'

describe('办事指南 in the H5 app', () => {
  let system: System
  let browser: Browser
  const village = DEMO_REGIONS.find((r) => r.name === '云溪村委会' && r.level === 'village')

  beforeAll(async () => {
    if (!village) throw new Error('云溪村委会 is not in the demo regions')
    system = await startSystem()
    browser = await launchBrowser()
    // A published 低保 list in the village, and the village's own note on where to apply.
    const secretary = await apiAs(system, 'demo-secretary')
    const township = await apiAs(system, 'demo-township')
    const created = await secretary('POST', `/api/v1/villages/${village.code}/disclosures`, {
      catalogItemId: dibaoItem().id,
      period: '2026-Q2',
      title: LIST_TITLE,
      rows: buildDibaoRows(village.code, 6),
    })
    expect(created.status).toBe(201)
    const id = (created.body as { id: string }).id
    expect(
      (await secretary('POST', `/api/v1/disclosures/${id}/submit`, { confirmRosterMismatches: true })).status,
    ).toBe(200)
    expect(
      (
        await township('POST', `/api/v1/disclosures/${id}/review`, {
          decision: 'approve',
          revision: await seenRevision(township, id),
        })
      ).status,
    ).toBe(200)
    const note = await secretary('PUT', `/api/v1/regions/${village.code}/service-guides/dibao/note`, {
      place: '村委会一楼便民服务室',
      hours: '每周一、三上午',
    })
    expect(note.status).toBe(200)
  })
  afterAll(async () => {
    await browser?.close()
    await system?.stop()
  })

  it('should answer 怎么申请低保 with the 低保 guide, and link the guide and the 低保 list both ways', async () => {
    const base = system.server.url
    const { page, problems } = await openPhonePage(browser)
    await signInAs(page, base, 'demo-villager')

    // Search: a how-to question puts the guide first.
    await page.goto(`${base}/#/pages/search/index`)
    const input = visible(page, '.cw-search__input input, input.cw-search__input').first()
    await input.waitFor({ timeout: 20_000 })
    await input.fill('怎么申请低保')
    await button(page, '搜索').click()
    const guide = visible(page, '.cw-search__guide').filter({ hasText: '最低生活保障（低保）申请' })
    await guide.waitFor({ timeout: 20_000 })
    const guideBox = await guide.boundingBox()
    const listBox = await visible(page, '.cw-search__results').getByText(LIST_TITLE).first().boundingBox()
    expect(guideBox && listBox && guideBox.y < listBox.y).toBe(true)
    await screenshot(page, 'guides-search')

    // The guide: numbered steps, the village's note, the village's 低保 list.
    await guide.click()
    await visible(page, '.cw-guides__step-title')
      .filter({ hasText: '第1步：提出申请' })
      .waitFor({ timeout: 20_000 })
    await expect(visible(page, '.cw-guides__local').first().innerText()).resolves.toContain(
      '村委会一楼便民服务室',
    )
    await screenshot(page, 'guides-detail')
    await visible(page, '.cw-guides__card').filter({ hasText: LIST_TITLE }).click()

    // The list links back: 怎么申请低保 opens the same guide.
    await visible(page, '.cw-disclosure__title').filter({ hasText: LIST_TITLE }).waitFor({ timeout: 20_000 })
    await button(page, '怎么申请低保').click()
    await visible(page, '.cw-guides__title')
      .filter({ hasText: '最低生活保障（低保）申请' })
      .waitFor({ timeout: 20_000 })
    expect(page.url()).toContain('/guides/detail/index?id=dibao')
    expect(problems).toEqual([])
  })
})
