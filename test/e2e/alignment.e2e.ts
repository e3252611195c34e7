import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { AlignmentDtoSchema, ComplianceDtoSchema, DisclosureDtoSchema, type TableRow } from '@cunwu/domain'
import { demoHouseholds, demoPeople } from '../../bff/src/services/seed.service'
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
 * In the browser, end to end: the county imports a subsidy roster for 3 villages; one village publishes a
 * list with one household's amount wrong; the township dashboard shows that village red with the one discrepancy
 * explained; the secretary publishes a corrected version; the dashboard turns green and the villager sees
 * 一致 · 已核验 after the township confirms. The secretary's drafting is driven through the API.
 */
const ITEM = 'agricultural-subsidies.cultivated-land-protection'
const PERIOD = '2026'
const people = demoPeople()
const codeOf = (key: string) => people.find((p) => p.userKey === key)?.grants[0]?.regionCode ?? ''
const V1 = codeOf('demo-secretary')
const V2 = codeOf('demo-secretary-2')
const TOWNSHIP = codeOf('demo-township')

/** The county's rows of one village: 4, 5, 6 亩 at 125 元 per 亩. */
function countyRows(village: string): { name: string; householdNo: string; area: number; yuan: number }[] {
  return demoHouseholds(village)
    .slice(0, 3)
    .map((h, i) => ({ name: h.headName, householdNo: h.householdNo, area: 4 + i, yuan: (4 + i) * 125 }))
}

/** The same rows as the village enters them (amounts in 分). */
function villageRows(village: string): TableRow[] {
  return countyRows(village).map((r) => ({
    name: r.name,
    household_no: r.householdNo,
    area_mu: r.area,
    amount: r.yuan * 100,
  }))
}

/** The secretary publishes rows of V1 (a new draft, or a new version of `previous`); the township approves. */
async function publishVillageList(
  secretary: ApiCall,
  township: ApiCall,
  rows: TableRow[],
  previous?: string,
): Promise<string> {
  const draft = DisclosureDtoSchema.parse(
    previous
      ? ok(
          await secretary('POST', `/api/v1/disclosures/${previous}/versions`, {
            changeNote: '按县里名单更正金额',
          }),
          201,
        )
      : ok(
          await secretary('POST', `/api/v1/villages/${V1}/disclosures/prefill`, {
            catalogItemId: ITEM,
            period: PERIOD,
          }),
          201,
        ),
  )
  ok(await secretary('PATCH', `/api/v1/disclosures/${draft.id}`, { rows }))
  ok(await secretary('POST', `/api/v1/disclosures/${draft.id}/submit`))
  ok(
    await township('POST', `/api/v1/disclosures/${draft.id}/review`, {
      decision: 'approve',
      revision: await seenRevision(township, draft.id),
    }),
  )
  return draft.id
}

/** From the township's home: 合规看板 → the village tile. */
async function openVillageBoard(page: Page, base: string): Promise<void> {
  await signInAs(page, base, 'demo-township')
  await button(page, '合规看板').click()
  await visible(page, `.cw-compliance__tile[data-code="${V1}"]`).waitFor({ timeout: 20_000 })
}

describe('H5 alignment with government publications', () => {
  let system: System
  let browser: Browser
  let csvPath = ''
  let siblingCode = ''

  beforeAll(async () => {
    system = await startSystem()
    browser = await launchBrowser()
    const county = await apiAs(system, 'demo-county')
    const children = (await county('GET', `/api/v1/regions/${TOWNSHIP}/children`)).body
    const regions = (children as { regions: { code: string; name: string }[] }).regions
    const sibling = regions.find((r) => r.code !== V1)
    if (!sibling) throw new Error('the township has one village only')
    siblingCode = sibling.code
    // The county's roster as its system exports it: one sheet, a 村名 column (names, or division codes).
    const lines = ['村名,户主姓名,户号,补贴面积,补贴金额']
    for (const [village, label] of [
      [V1, V1],
      [sibling.code, sibling.name],
      [V2, V2],
    ] as const) {
      for (const r of countyRows(village))
        lines.push(`${label},${r.name},${r.householdNo},${r.area},${r.yuan.toFixed(2)}`)
    }
    csvPath = path.join(
      fs.mkdtempSync(path.join(os.tmpdir(), 'cunwu-roster-')),
      '耕地地力保护补贴发放名册.csv',
    )
    fs.writeFileSync(csvPath, `${lines.join('\r\n')}\r\n`)
  })
  afterAll(async () => {
    await browser?.close()
    await system?.stop()
    if (csvPath) fs.rmSync(path.dirname(csvPath), { recursive: true, force: true })
  })

  it('should go from a wrong amount (red, explained) to a corrected, confirmed list (green, 一致 · 已核验)', async () => {
    const { page, problems } = await openPhonePage(browser)
    const base = system.server.url

    // 1. The county creates the roster item, imports the CSV for 3 villages and publishes it.
    await signInAs(page, base, 'demo-county')
    await visible(page, '.cw-home-entries__government').click()
    await button(page, '新建政府公开事项').click()
    await visible(page, '.cw-gov-items__chip[data-domain="agricultural-subsidies"]').click()
    await visible(page, `.cw-gov-items__pick[data-item="${ITEM}"]`).click()
    await button(page, '保存草稿').click()
    const draft = visible(page, '.cw-gov-items__item[data-status="draft"]')
    await draft.waitFor({ timeout: 15_000 })
    const [chooser] = await Promise.all([
      page.waitForEvent('filechooser'),
      draft.locator('.cw-gov-items__import').click(),
    ])
    await chooser.setFiles(csvPath)
    // The roster is read and checked in the background (progress), then imported whole in one step.
    await draft.locator('.cw-timport__progress').waitFor({ timeout: 15_000 })
    const apply = draft.locator('.cw-timport__apply')
    await apply.waitFor({ timeout: 30_000 })
    expect(await draft.locator('.cw-timport__status').innerText()).toContain('已读取 9 行，涉及 3 个村')
    await apply.click()
    await visible(page, '.cw-gov-items__notice')
      .filter({ hasText: '已导入 9 行' })
      .waitFor({ timeout: 20_000 })
    expect(await draft.locator('.cw-gov-items__rows').innerText()).toContain('涉及 3 个村')
    await screenshot(page, 'alignment-01-county-roster-imported')
    await button(draft, '发布').click()
    await visible(page, '.cw-gov-items__item[data-status="published"]').waitFor({ timeout: 15_000 })
    await screenshot(page, 'alignment-02-county-roster-published')

    // 2. The secretary publishes V1's list pre-filled from the county rows, with household 1 typed as 510.00 元.
    const secretary = await apiAs(system, 'demo-secretary')
    const township = await apiAs(system, 'demo-township')
    const wrong = villageRows(V1)
    const first = wrong[0]
    if (!first) throw new Error('no rows')
    wrong[0] = { ...first, amount: 51_000 }
    const v1Id = await publishVillageList(secretary, township, wrong)

    // 3. The township's dashboard: V1 red, the sibling amber (not published), the discrepancy explained.
    await openVillageBoard(page, base)
    const tile = visible(page, `.cw-compliance__tile[data-code="${V1}"]`)
    expect(await tile.getAttribute('data-health')).toBe('red')
    expect(
      await visible(page, `.cw-compliance__tile[data-code="${siblingCode}"]`).getAttribute('data-health'),
    ).toBe('amber')
    const bars = page.getByRole('list', { name: '对照结果统计' }).filter({ visible: true })
    const differing = bars.getByRole('listitem').filter({ hasText: '有差异' })
    expect((await differing.innerText()).replace(/\s/g, '')).toBe('有差异1')
    await screenshot(page, 'alignment-03-township-dashboard-red')
    await tile.click()
    const row = visible(page, `.cw-compliance__row[data-item="${ITEM}"]`)
    await row.waitFor({ timeout: 15_000 })
    expect(await row.innerText()).toContain('510.00')
    await screenshot(page, 'alignment-04-village-items')
    await row.click()
    const amountLine = visible(page, '.cw-alignment__discrepancy[data-kind="amount_differs"]')
    await amountLine.waitFor({ timeout: 15_000 })
    expect(await amountLine.count()).toBe(1)
    const explanation = await amountLine.innerText()
    expect(explanation).toContain(String(first.name))
    expect(explanation).toContain('510.00')
    expect(explanation).toContain('500.00')
    await visible(page, '.cw-staff-alignment__text textarea').fill('请按县里名单更正第一户金额')
    await button(page, '要求村里更正').click()
    await visible(page, '.cw-staff-alignment__notice')
      .filter({ hasText: '已要求村里更正' })
      .waitFor({ timeout: 15_000 })
    await screenshot(page, 'alignment-05-discrepancy-explained-correction-asked')

    // 4. The villager's badge says so, and one tap leads to the county's public rows of the village.
    await signInAs(page, base, 'demo-villager')
    await page.goto(`${base}/#/pages/disclosure/index?id=${v1Id}`, { waitUntil: 'load' })
    const badge = visible(page, '.cw-disclosure__alignment')
    await badge.waitFor({ timeout: 15_000 })
    // Counted as villagers count: one household differs, and the total by the 10 元 of its difference.
    expect(await badge.innerText()).toContain('1 户有差异，合计相差 10.00 元，乡镇核查中')
    await badge.click()
    await visible(page, '.cw-alignment__badge[data-status="inconsistent"]').waitFor({ timeout: 15_000 })
    // The alignment view says it in the same words.
    expect(await visible(page, '.cw-alignment__label').innerText()).toBe(
      '1 户有差异，合计相差 10.00 元，乡镇核查中',
    )
    // The demo villager's own household is the one that differs: it is shown its row, both figures and who is
    // checking (docs/households.md); anyone else sees the count only (own-row.e2e.ts).
    const ownDiff = visible(page, '.cw-own-diff')
    expect(await ownDiff.locator('.cw-own-diff__figure').allInnerTexts()).toEqual(['510.00 元', '500.00 元'])
    expect(await ownDiff.locator('.cw-own-diff__checking').innerText()).toContain(
      '要求村里更正：请按县里名单更正第一户金额',
    )
    await screenshot(page, 'alignment-06-villager-discrepancy')
    await visible(page, '.cw-alignment__government').click()
    await visible(page, '.cw-gov-item .cw-dtable').waitFor({ timeout: 15_000 })
    expect(await visible(page, '.cw-gov-item .cw-dtable__row').count()).toBeGreaterThanOrEqual(4)
    expect(await visible(page, '.cw-gov-item').innerText()).not.toMatch(/一卡通|身份证/)
    await screenshot(page, 'alignment-07-villager-government-view')

    // 5. The secretary publishes a corrected version; the township sees green and confirms in the browser.
    const v2Id = await publishVillageList(secretary, township, villageRows(V1), v1Id)
    await openVillageBoard(page, base)
    expect(await visible(page, `.cw-compliance__tile[data-code="${V1}"]`).getAttribute('data-health')).toBe(
      'green',
    )
    await screenshot(page, 'alignment-08-township-dashboard-green')
    await visible(page, `.cw-compliance__tile[data-code="${V1}"]`).click()
    await visible(page, `.cw-compliance__row[data-item="${ITEM}"]`).click()
    await visible(page, '.cw-alignment__badge[data-status="consistent"]').waitFor({ timeout: 15_000 })
    await button(page, '核对无误，确认一致').click()
    await visible(page, '.cw-alignment__badge[data-status="verified"]').waitFor({ timeout: 15_000 })
    expect(await visible(page, '.cw-alignment__verification').innerText()).toContain('已核验')
    await screenshot(page, 'alignment-09-township-confirmed')

    // The dashboard counts it as verified (the API agrees with the page).
    const board = ComplianceDtoSchema.parse(
      ok(await township('GET', `/api/v1/regions/${TOWNSHIP}/compliance?period=${PERIOD}`)),
    )
    expect(board.children.find((c) => c.code === V1)?.counts.verified).toBe(1)

    // 6. The villager sees 一致 · 已核验 (who, when) on the corrected list.
    await signInAs(page, base, 'demo-villager')
    await page.goto(`${base}/#/pages/disclosure/index?id=${v2Id}`, { waitUntil: 'load' })
    const greenBadge = visible(page, '.cw-disclosure__alignment')
    await greenBadge.waitFor({ timeout: 15_000 })
    expect(await greenBadge.innerText()).toMatch(/一致 · 已核验（.+，\d{4}-\d{2}-\d{2}）/)
    await screenshot(page, 'alignment-10-villager-verified-badge')
    await greenBadge.click()
    await visible(page, '.cw-alignment__badge[data-status="verified"]').waitFor({ timeout: 15_000 })
    const detail = AlignmentDtoSchema.parse(
      ok(await township('GET', `/api/v1/disclosures/${v2Id}/alignment`)),
    )
    expect(detail.status).toBe('verified')
    await screenshot(page, 'alignment-11-villager-verified-detail')

    expect(problems).toEqual([])
  })
})
