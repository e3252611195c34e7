import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser } from 'playwright-core'
import { DisclosureDtoSchema, type TableRow } from '@cunwu/domain'
import { demoPeople } from '../../bff/src/services/seed.service'
import {
  CROSS_CHECK_PERIOD as PERIOD,
  PLANTED_ID,
  SHARED_ACCOUNT,
  plantedDibaoLists,
  villagerName,
} from '../../bff/src/testing/cross-checks'
import { seriousAxeViolations } from './axe'
import {
  apiAs,
  button,
  launchBrowser,
  ok,
  openPhonePage,
  screenshot,
  signInAs,
  startSystem,
  visible,
} from './harness'
import type { ApiCall, System } from './harness'
import { seenRevision } from './seen-revision'

/**
 * In the browser, end to end: two villages of two townships publish 低保 lists (300 rows) with one ID on both, an
 * amount above 低保标准, the villager the secretary removed with 去世 still listed, and one account on two
 * households. The county's 跨村核查 page shows exactly those four; the township confirms the amount; the secretary
 * corrects the list and the finding closes by itself. The lists and the correction are driven through the API.
 */
const ITEM = 'social-assistance.dibao.approval'
const people = demoPeople()
const codeOf = (key: string) => people.find((p) => p.userKey === key)?.grants[0]?.regionCode ?? ''
const V1 = codeOf('demo-secretary')
const V2 = codeOf('demo-secretary-2')
const TOWNSHIP = codeOf('demo-township')
const COUNTY = codeOf('demo-county')

async function publish(
  secretary: ApiCall,
  reviewer: ApiCall,
  village: string,
  rows: TableRow[],
  previous?: string,
) {
  const draft = DisclosureDtoSchema.parse(
    previous
      ? ok(
          await secretary('POST', `/api/v1/disclosures/${previous}/versions`, {
            changeNote: '按低保标准更正金额',
          }),
          201,
        )
      : ok(
          await secretary('POST', `/api/v1/villages/${village}/disclosures`, {
            catalogItemId: ITEM,
            period: PERIOD,
            title: '2027年1月低保对象名单',
            rows,
          }),
          201,
        ),
  )
  if (previous) ok(await secretary('PATCH', `/api/v1/disclosures/${draft.id}`, { rows }))
  ok(await secretary('POST', `/api/v1/disclosures/${draft.id}/submit`, {}))
  ok(
    await reviewer('POST', `/api/v1/disclosures/${draft.id}/review`, {
      decision: 'approve',
      revision: await seenRevision(reviewer, draft.id),
    }),
  )
  return draft.id
}

describe('H5 cross-village checks', () => {
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

  it('finds the four planted problems, the township confirms one, the correction closes it', async () => {
    const county = await apiAs(system, 'demo-county')
    const township = await apiAs(system, 'demo-township')
    const secretary = await apiAs(system, 'demo-secretary')
    const secretary2 = await apiAs(system, 'demo-secretary-2')
    // The secretary removes the villager with 去世.
    const list = ok(await secretary('GET', `/api/v1/villages/${V1}/memberships?status=approved`)) as {
      memberships: { id: string; name: string }[]
    }
    const member = list.memberships.find((m) => m.name === villagerName())
    if (!member) throw new Error(`no membership of ${villagerName()}: ${JSON.stringify(list)}`)
    ok(
      await secretary('POST', `/api/v1/memberships/${member.id}/end`, { kind: 'died', reason: '本人已去世' }),
    )
    // The county publishes 低保标准; both villages publish their lists.
    const gov = ok(
      await county('POST', `/api/v1/regions/${COUNTY}/government-items`, {
        catalogItemId: ITEM,
        period: PERIOD,
        title: '2027年1月低保标准',
        figures: [{ name: '低保标准', value: 680, unit: '元/人/月' }],
      }),
      201,
    ) as { id: string }
    ok(await county('POST', `/api/v1/government-items/${gov.id}/publish`))
    const { v1Rows, v2Rows } = plantedDibaoLists(V1, V2)
    const v1List = await publish(secretary, township, V1, v1Rows)
    await publish(secretary2, county, V2, v2Rows)

    // The county's 跨村核查 page: exactly the four planted findings.
    const { page, problems } = await openPhonePage(browser)
    const base = system.server.url
    await signInAs(page, base, 'demo-county')
    // Opened by its address: a hash change alone does not re-render Taro's H5 router, so the app is loaded afresh.
    await page.waitForLoadState('networkidle')
    await page.goto('about:blank')
    await page.goto(`${base}/#/staff/cross-checks/index?region=${COUNTY}&period=${PERIOD}`)
    await visible(page, '.cw-cross__finding')
      .first()
      .waitFor({ timeout: 20_000 })
      .catch(async (err: unknown) => {
        throw new Error(`${String(err)}\n${page.url()}\n${await page.locator('body').innerText()}`)
      })
    const kinds = await page
      .locator('.cw-cross__finding')
      .filter({ visible: true })
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-kind')))
    expect(kinds.sort()).toEqual([
      'above_standard',
      'duplicate_person',
      'listed_after_exit',
      'shared_account',
    ])
    const dup = visible(page, '.cw-cross__finding[data-kind="duplicate_person"]')
    expect(await dup.innerText()).toContain('同时列在')
    await button(dup, '查看名单行（2）').click()
    expect(await dup.innerText()).toContain('第42行')
    await screenshot(page, 'cross-checks-01-county')
    expect(await seriousAxeViolations(page)).toEqual([])

    // The township confirms the amount above the standard.
    await signInAs(page, base, 'demo-township')
    await page.waitForLoadState('networkidle')
    await page.goto('about:blank')
    await page.goto(`${base}/#/staff/cross-checks/index?region=${TOWNSHIP}&period=${PERIOD}`)
    const above = visible(page, '.cw-cross__finding[data-kind="above_standard"]')
    await above.waitFor({ timeout: 20_000 })
    expect(await above.innerText()).toContain('超过低保标准680.00元×2人=1,360.00元')
    await button(above, '确认有问题，要求村里更正').click()
    await visible(page, '.cw-cross__finding--confirmed[data-kind="above_standard"]').waitFor({
      timeout: 15_000,
    })
    await screenshot(page, 'cross-checks-02-township-confirmed')

    // The secretary corrects the amount; the finding closes by itself and says why.
    const fixed = v1Rows.map((r, i) => (i === 50 ? { ...r, amount: 130_000 } : r))
    await publish(secretary, township, V1, fixed, v1List)
    await page.waitForLoadState('networkidle')
    await page.goto('about:blank')
    await page.goto(`${base}/#/staff/cross-checks/index?region=${TOWNSHIP}&period=${PERIOD}`)
    const closed = visible(page, '.cw-cross__finding--closed[data-kind="above_standard"]')
    await closed.waitFor({ timeout: 20_000 })
    expect(await closed.innerText()).toContain('已不再出现')
    await screenshot(page, 'cross-checks-03-closed')
    expect(await seriousAxeViolations(page)).toEqual([])

    // Nothing of it in public answers.
    const pub = await fetch(`${base}/api/v1/disclosures/${v1List}`)
    const text = await pub.text()
    for (const s of ['同时列在', '仍列在', PLANTED_ID, SHARED_ACCOUNT]) expect(text).not.toContain(s)
    expect(problems).toEqual([])
  })
})
