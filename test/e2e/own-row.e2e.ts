import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser } from 'playwright-core'
import { DisclosureDtoSchema, type TableRow } from '@cunwu/domain'
import { demoHouseholds, demoPeople } from '../../bff/src/services/seed.service'
import { seriousAxeViolations } from './axe'
import { cutText, pastOwnBox, sidewaysScroll } from './overflow'
import {
  apiAs,
  button,
  launchBrowser,
  ok,
  openPhonePage,
  screenshot,
  signInAs,
  startSystem,
  thenApiQuiet,
  visible,
} from './harness'
import type { ApiCall, System } from './harness'
import { seenRevision } from './seen-revision'

/**
 * One's own row, in the browser at 240 CSS px (a 360 px phone with 1.5× text) in 长辈模式 (tester t3 M4, M5): the
 * village list changed the demo villager's 补贴金额 in 第2版 and still differs from the county's list. 与我相关 says
 * what changed (由 510.00 元 改为 520.00 元) and shows the county's figure beside the village's with who is checking;
 * the item page's 这一版改了哪些行 names the changed cell; the 对照 page shows the household its own row. Nothing is
 * cut or past the screen, axe finds nothing serious. Screenshots go to test-results/e2e.
 */
const ITEM = 'agricultural-subsidies.cultivated-land-protection'
const PERIOD = '2026'
const people = demoPeople()
const codeOf = (key: string) => people.find((p) => p.userKey === key)?.grants[0]?.regionCode ?? ''
const V1 = codeOf('demo-secretary')
const COUNTY = codeOf('demo-county')

function rows(ownAmount: number): TableRow[] {
  return demoHouseholds(V1)
    .slice(0, 3)
    .map((h, i) => ({
      name: h.headName,
      household_no: h.householdNo,
      area_mu: 4 + i,
      amount: i === 0 ? ownAmount : (4 + i) * 12_500,
    }))
}

async function publish(secretary: ApiCall, township: ApiCall, list: TableRow[], previous?: string) {
  const draft = DisclosureDtoSchema.parse(
    previous
      ? ok(
          await secretary('POST', `/api/v1/disclosures/${previous}/versions`, { changeNote: '更正金额' }),
          201,
        )
      : ok(
          await secretary('POST', `/api/v1/villages/${V1}/disclosures`, {
            catalogItemId: ITEM,
            period: PERIOD,
            title: '2026年耕地地力保护补贴公示',
          }),
          201,
        ),
  )
  ok(await secretary('PATCH', `/api/v1/disclosures/${draft.id}`, { rows: list }))
  ok(await secretary('POST', `/api/v1/disclosures/${draft.id}/submit`))
  ok(
    await township('POST', `/api/v1/disclosures/${draft.id}/review`, {
      decision: 'approve',
      revision: await seenRevision(township, draft.id),
    }),
  )
  return draft.id
}

describe('one’s own row: what changed, and where the county’s list differs (H5, large text)', () => {
  let system: System
  let browser: Browser
  let v2 = ''

  beforeAll(async () => {
    system = await startSystem()
    browser = await launchBrowser()
    const county = await apiAs(system, 'demo-county')
    const gov = ok(
      await county('POST', `/api/v1/regions/${COUNTY}/government-items`, {
        catalogItemId: ITEM,
        period: PERIOD,
        title: '2026年耕地地力保护补贴发放名册',
        rows: rows(50_000).map((r) => ({ ...r, village: V1 })),
      }),
      201,
    ) as { id: string }
    ok(await county('POST', `/api/v1/government-items/${gov.id}/publish`))
    const secretary = await apiAs(system, 'demo-secretary')
    const township = await apiAs(system, 'demo-township')
    const v1 = await publish(secretary, township, rows(51_000))
    v2 = await publish(secretary, township, rows(52_000), v1)
  })
  afterAll(async () => {
    await browser?.close()
    await system?.stop()
  })

  it('should show the household its changed cell and the county’s figure, readable and uncut at 1.5× text', async () => {
    const { page, problems } = await openPhonePage(browser, {
      viewport: { width: 360, height: 640 },
      deviceScaleFactor: 1.5,
    })
    const base = system.server.url
    await signInAs(page, base, 'demo-villager')
    await thenApiQuiet(page, () => button(page, '打开长辈模式').click())
    await page.setViewportSize({ width: 240, height: 427 })

    // 与我相关.
    await page.goto(`${base}/#/pages/related/index`, { waitUntil: 'load' })
    const own = visible(page, '.cw-row-changes--own')
    await own.waitFor({ timeout: 20_000 })
    expect(await own.locator('[data-column="amount"]').innerText()).toBe(
      '补贴金额：由 510.00 元 改为 520.00 元',
    )
    const diff = visible(page, '.cw-own-diff')
    expect(await diff.locator('.cw-own-diff__heading').innerText()).toBe('您家这一行与县里名单不一样')
    const figures = await diff.locator('.cw-own-diff__figure').allInnerTexts()
    expect(figures).toEqual(['520.00 元', '500.00 元'])
    expect(await diff.locator('.cw-own-diff__checking').innerText()).toContain('正在核查')
    for (const part of ['.cw-row-changes--own', '.cw-own-diff']) {
      expect(await cutText(page, part)).toEqual([])
      expect(await pastOwnBox(page, part)).toEqual([])
    }
    expect(await sidewaysScroll(page)).toBe(0)
    await diff.scrollIntoViewIfNeeded().catch(() => diff.scrollIntoViewIfNeeded())
    await screenshot(page, 'own-row-01-related-240')
    await own.scrollIntoViewIfNeeded().catch(() => own.scrollIntoViewIfNeeded())
    await screenshot(page, 'own-row-01b-related-changes-240')
    expect(await seriousAxeViolations(page)).toEqual([])

    // The item page: 这一版改了哪些行 names the changed cell with both values.
    await page.goto(`${base}/#/pages/disclosure/index?id=${v2}`, { waitUntil: 'load' })
    const changed = visible(page, '.cw-row-changes__row--changed')
    await changed.waitFor({ timeout: 20_000 })
    expect(await changed.locator('[data-column="amount"]').innerText()).toBe(
      '补贴金额：由 510.00 元 改为 520.00 元',
    )
    expect(await cutText(page, '.cw-row-changes')).toEqual([])
    expect(await sidewaysScroll(page)).toBe(0)
    // The page may draw the list again meanwhile (its below-the-fold part arriving): scroll to it as it is then.
    await changed.scrollIntoViewIfNeeded().catch(() => changed.scrollIntoViewIfNeeded())
    await screenshot(page, 'own-row-02-item-changes-240')
    expect(await seriousAxeViolations(page)).toEqual([])

    // 对照: the household's own row beside the county's.
    await page.goto(`${base}/#/alignment/detail/index?disclosure=${v2}`, { waitUntil: 'load' })
    const detail = visible(page, '.cw-alignment-detail .cw-own-diff')
    await detail.waitFor({ timeout: 20_000 })
    expect(await detail.locator('.cw-own-diff__figure').allInnerTexts()).toEqual(['520.00 元', '500.00 元'])
    expect(await pastOwnBox(page, '.cw-own-diff')).toEqual([])
    expect(await sidewaysScroll(page)).toBe(0)
    await detail.scrollIntoViewIfNeeded()
    await screenshot(page, 'own-row-03-alignment-240')
    expect(await seriousAxeViolations(page)).toEqual([])
    expect(problems).toEqual([])
    await page.context().close()
  })

  it('should show anyone signed out only the count on the 对照 page', async () => {
    const { page, problems } = await openPhonePage(browser, { viewport: { width: 360, height: 640 } })
    await page.goto(`${system.server.url}/#/alignment/detail/index?disclosure=${v2}`, { waitUntil: 'load' })
    await visible(page, '.cw-alignment__hidden').waitFor({ timeout: 20_000 })
    expect(await visible(page, '.cw-own-diff').count()).toBe(0)
    expect(await visible(page, '.cw-alignment-detail').innerText()).not.toContain(
      demoHouseholds(V1)[0]?.headName ?? '?',
    )
    expect(problems).toEqual([])
    await page.context().close()
  })
})
