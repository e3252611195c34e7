import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { DEMO_REGIONS, findSensitiveNumbers } from '@cunwu/domain'
import { writeTableXlsx } from '@cunwu/tables'
import { buildDibaoRows, dibaoTable } from '../../bff/src/testing/factories'
import { button, launchBrowser, openPhonePage, screenshot, signInAs, startSystem, visible } from './harness'
import type { System } from './harness'

const TITLE = '云溪村低保对象名单公示'

/** Calls the API from inside the page with the signed-in user's token, as the app would. */
async function apiFromPage(page: Page, method: string, url: string, body?: unknown) {
  return page.evaluate(
    async ({ method, url, body }) => {
      const stored = JSON.parse(localStorage.getItem('cw.session') ?? '{}') as {
        data?: { accessToken?: string }
      }
      const res = await fetch(url, {
        method,
        headers: {
          Authorization: `Bearer ${stored.data?.accessToken ?? ''}`,
          ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      })
      return { status: res.status, body: (await res.json()) as unknown }
    },
    { method, url, body },
  )
}

/** The township approves the one pending disclosure with the title. */
async function approveAsTownship(page: Page, base: string, shot: string): Promise<void> {
  await signInAs(page, base, 'demo-township')
  await button(page, '审核村务公开').click()
  const item = visible(page, '.cw-review__item').filter({ hasText: TITLE })
  await item.waitFor({ timeout: 15_000 })
  await screenshot(page, shot)
  await button(item, '通过并公开').click()
  const notice = page.getByRole('status').filter({ visible: true, hasText: '已通过并公开' })
  await notice.waitFor({ timeout: 15_000 })
}

describe('H5 village disclosures', () => {
  let system: System
  let browser: Browser
  let xlsxPath: string
  const village = DEMO_REGIONS.find((r) => r.name === '云溪村委会' && r.level === 'village')

  beforeAll(async () => {
    if (!village) throw new Error('云溪村委会 is not in the demo regions')
    const rows = buildDibaoRows(village.code, 30)
    const buffer = await writeTableXlsx(dibaoTable(), rows, {
      title: '2026年云溪村低保对象名单',
      totals: true,
    })
    xlsxPath = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'cunwu-dibao-')), '低保名单.xlsx')
    fs.writeFileSync(xlsxPath, buffer)
    system = await startSystem()
    browser = await launchBrowser()
  })
  afterAll(async () => {
    await browser?.close()
    await system?.stop()
    if (xlsxPath) fs.rmSync(path.dirname(xlsxPath), { recursive: true, force: true })
  })

  it('should import, review, publish, find, correct and keep other villages out', async () => {
    if (!village) throw new Error('no village')
    const { page, problems } = await openPhonePage(browser)
    const base = system.server.url
    const importStatuses: string[] = []
    page.on('response', (r) => {
      if (!/\/table-imports(\/|\?)/.test(r.url()) || r.request().method() === 'OPTIONS') return
      void r
        .json()
        .then((b: { status?: string; progress?: { done: number; total: number } }) =>
          importStatuses.push(`${b.status}:${b.progress?.done}/${b.progress?.total}`),
        )
        .catch(() => undefined)
    })

    // 1. The secretary's home flags the overdue count; the disclosures page starts a 低保 roster draft.
    await signInAs(page, base, 'demo-secretary')
    await visible(page, '.cw-role-home__schedule').waitFor({ timeout: 15_000 })
    expect(await visible(page, '.cw-role-home__overdue-count').innerText()).toMatch(/^\d+$/)
    await screenshot(page, 'disclosures-01-secretary-home')
    await button(page, '村务公开（草稿与发布）').click()
    await button(page, '新建公开内容').click()
    await visible(page, '.cw-sdlist__pick-item[data-item$="dibao.approval"]').click()
    await visible(page, '.cw-sedit__guide').waitFor({ timeout: 15_000 })
    await visible(page, '.cw-sedit__title-input input').fill(TITLE)
    await visible(page, '.cw-sedit__body textarea').fill(
      '经村民代表会议评议、乡镇审核、县民政局审批，以下家庭享受低保。',
    )
    await screenshot(page, 'disclosures-02-new-draft-form')
    await button(page, '保存草稿').click()
    await visible(page, '.cw-sedit__notice').waitFor({ timeout: 15_000 })
    expect(await visible(page, '.cw-sedit__status').innerText()).toContain('草稿')

    // 2. Import 30 households from an .xlsx file: progress, then the rows, then into the draft.
    const [chooser] = await Promise.all([
      page.waitForEvent('filechooser'),
      visible(page, '.cw-timport__pick').click(),
    ])
    await chooser.setFiles(xlsxPath)
    await visible(page, '.cw-timport__progress').waitFor({ timeout: 15_000 })
    await screenshot(page, 'disclosures-03-import-progress')
    const apply = visible(page, '.cw-timport__apply')
    await apply.waitFor({ timeout: 30_000 })
    expect(await visible(page, '.cw-timport__status').innerText()).toContain('已读取 30 行')
    expect(await visible(page, '.cw-timport__progress').getAttribute('aria-valuenow')).toBe('100')
    expect(importStatuses.at(-1)).toMatch(/^ready:30\/30$/)
    await screenshot(page, 'disclosures-04-import-ready')
    await apply.click()
    await visible(page, '.cw-sedit__preview').waitFor({ timeout: 15_000 })
    expect(await visible(page, '.cw-teditor__count').innerText()).toBe('共 30 行')
    const preview = await visible(page, '.cw-sedit__preview .cw-dtable').innerText()
    expect(preview).toContain('580.00 元')
    expect(preview).not.toContain('身份证')
    expect(findSensitiveNumbers(preview)).toEqual([])
    await visible(page, '.cw-sedit__preview').scrollIntoViewIfNeeded()
    await screenshot(page, 'disclosures-05-draft-with-rows-and-preview')
    await button(page, '提交乡镇审核').click()
    await visible(page, '.cw-sedit__status').filter({ hasText: '待审核' }).waitFor({ timeout: 15_000 })
    await screenshot(page, 'disclosures-06-submitted')

    // 3. The township approves it.
    await approveAsTownship(page, base, 'disclosures-07-review-queue')
    await screenshot(page, 'disclosures-08-approved')

    // 4. The villager finds it by searching 低保 and sees only the public columns.
    await signInAs(page, base, 'demo-villager')
    await visible(page, '.cw-dcard').filter({ hasText: TITLE }).waitFor({ timeout: 15_000 })
    await screenshot(page, 'disclosures-09-villager-feed')
    await button(page, '搜索公开内容').click()
    await visible(page, '.cw-search__input input').fill('低保')
    await button(page, '搜索').click()
    const hit = visible(page, '.cw-dcard').filter({ hasText: TITLE })
    await hit.waitFor({ timeout: 15_000 })
    await screenshot(page, 'disclosures-10-search')
    await hit.click()
    await visible(page, '.cw-dtable').waitFor({ timeout: 15_000 })
    const id = new URL(page.url().replace('/#/', '/')).searchParams.get('id')
    if (!id) throw new Error(`no id in ${page.url()}`)
    const publicText = await visible(page, '.cw-disclosure').innerText()
    expect(findSensitiveNumbers(publicText)).toEqual([])
    // On a phone the rows read as cards (label：value) and the head row is not shown: its cells still name the
    // columns the public sees.
    const headers = (
      await visible(page, '.cw-dtable').locator('.cw-dtable__cell--head').allTextContents()
    ).map((t) => t.trim())
    const publicLabels = dibaoTable()
      .columns.filter((c) => c.policy !== 'never_public')
      .map((c) => c.label)
    expect(headers).toEqual(publicLabels)
    expect(headers).toContain('申请人姓名')
    expect(headers.join()).not.toMatch(/身份证|银行|电话|户号/)
    expect(await visible(page, '.cw-dtable__row:not(.cw-dtable__row--head)').count()).toBe(30 + 1)
    expect(await visible(page, '.cw-dtable__row--totals').innerText()).toContain('17,835.00 元')
    // The alignment feature fills this badge later; until then it carries the server's placeholder label.
    expect((await visible(page, '.cw-disclosure__alignment').innerText()).trim()).not.toBe('')
    await screenshot(page, 'disclosures-11-public-view')

    // 5. The secretary publishes a corrected version: one household's amount, with a change note.
    await signInAs(page, base, 'demo-secretary')
    await button(page, '村务公开（草稿与发布）').click()
    await visible(page, '.cw-sdlist__item .cw-dcard').filter({ hasText: TITLE }).first().click()
    await visible(page, '.cw-sedit__change-note input').fill('更正第 1 户保障金额')
    await screenshot(page, 'disclosures-12-published-actions')
    await button(page, '建立更正版本').click()
    await visible(page, '.cw-sedit__status').filter({ hasText: '第2版' }).waitFor({ timeout: 15_000 })
    await visible(page, '.cw-teditor__row[data-row="1"] .cw-teditor__edit').click()
    await visible(page, '.cw-teditor__field--amount input').fill('600')
    await button(page, '保存这一行').click()
    expect(await visible(page, '.cw-teditor__row[data-row="1"]').innerText()).toContain('600.00 元')
    await screenshot(page, 'disclosures-13-corrected-row')
    await button(page, '提交乡镇审核').click()
    await visible(page, '.cw-sedit__status').filter({ hasText: '待审核' }).waitFor({ timeout: 15_000 })
    await approveAsTownship(page, base, 'disclosures-14-review-version-2')

    // 6. The villager sees version 2 and the history with what changed.
    await signInAs(page, base, 'demo-villager')
    await page.goto(`${base}/#/pages/disclosure/index?id=${id}`, { waitUntil: 'load' })
    await visible(page, '.cw-versions__item').first().waitFor({ timeout: 15_000 })
    expect(await visible(page, '.cw-versions__item').count()).toBe(2)
    const newest = await visible(page, '.cw-versions__item').first().innerText()
    expect(newest).toContain('第2版')
    expect(newest).toContain('更正第 1 户保障金额')
    expect(newest).toContain('修改 1 行')
    await visible(page, '.cw-versions').scrollIntoViewIfNeeded()
    await screenshot(page, 'disclosures-15-version-history')

    // 7. Another village's secretary may not touch it: 403 for the village's list, 404 for the record, 无权 on the page.
    await signInAs(page, base, 'demo-secretary-2')
    const list = await apiFromPage(page, 'GET', `/api/v1/villages/${village.code}/disclosures`)
    expect(list).toMatchObject({ status: 403, body: { error: { code: 'forbidden' } } })
    const history = await apiFromPage(page, 'GET', `/api/v1/disclosures/${id}/versions`)
    const latestId = (history.body as { versions: { id: string }[] }).versions[0]?.id
    if (!latestId) throw new Error('no versions')
    const versionsDraft = await apiFromPage(page, 'POST', `/api/v1/disclosures/${latestId}/versions`, {
      changeNote: '不该成功',
    })
    // A record outside one's regions answers as reading it would, not confirming it (docs/api.md): 404.
    expect(versionsDraft).toMatchObject({ status: 404, body: { error: { code: 'not_found' } } })
    await page.goto(`${base}/#/secretary/disclosure-edit/index?id=${latestId}`, { waitUntil: 'load' })
    await visible(page, '.cw-sedit__forbidden').waitFor({ timeout: 15_000 })
    expect(await visible(page, '.cw-sedit__forbidden').innerText()).toContain('无权')
    expect(await visible(page, '.cw-sedit__new-version').count()).toBe(0)
    await screenshot(page, 'disclosures-16-other-village-forbidden')

    // Expected 403s and 404s from step 7 show up as console errors; nothing else may.
    expect(problems.filter((p) => !p.includes('403') && !p.includes('404'))).toEqual([])
  })
})
