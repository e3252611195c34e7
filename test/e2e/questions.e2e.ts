import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { DisclosureDtoSchema, QuestionDtoSchema, type TableRow } from '@cunwu/domain'
import { demoPeople } from '../../bff/src/services/seed.service'
import { buildDibaoRows } from '../../bff/src/testing/factories'
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
import type { System } from './harness'
import { seenRevision } from './seen-revision'

/**
 * In the browser, end to end (回应关切 and 依申请公开): a villager objects to one line of a published 低保 list; the
 * secretary upholds it, the corrected version is published, the villager is told and the thread closes. A second
 * thread goes past its deadline on the moved clock and reaches the township's inbox and dashboard. An information
 * request is registered, gets a correction notice, an extension and a 部分公开 reply, and is counted in the
 * annual report. Lists and the corrected version's rows go through the API; asking and answering through pages.
 */
const ITEM = 'social-assistance.dibao.approval'
const people = demoPeople()
const codeOf = (key: string) => people.find((p) => p.userKey === key)?.grants[0]?.regionCode ?? ''
const V1 = codeOf('demo-secretary')
const TOWNSHIP = codeOf('demo-township')

const inFlight = new WeakMap<Page, Set<unknown>>()

/** Counts the page's requests in flight, so a test can wait until what a page started has finished. */
function trackRequests(page: Page): void {
  const open = new Set<unknown>()
  inFlight.set(page, open)
  page.on('request', (r) => open.add(r))
  page.on('requestfinished', (r) => open.delete(r))
  page.on('requestfailed', (r) => open.delete(r))
}

/** Waits until no request has been in flight for 300 ms (the page's loads finished, none aborted by leaving). */
async function networkQuiet(page: Page): Promise<void> {
  const open = inFlight.get(page) ?? new Set()
  const deadline = Date.now() + 15_000
  let quietSince = Date.now()
  while (Date.now() < deadline) {
    if (open.size > 0) quietSince = Date.now()
    else if (Date.now() - quietSince >= 300) return
    await page.waitForTimeout(50)
  }
}

/** Opens a page of the app by its address (a hash change alone does not re-render Taro's H5 router). */
async function openPage(page: Page, base: string, path: string): Promise<void> {
  await networkQuiet(page)
  await page.goto('about:blank')
  await page.goto(`${base}/#${path}`)
}

async function waitOrExplain(page: Page, selector: string): Promise<void> {
  await visible(page, selector)
    .first()
    .waitFor({ timeout: 20_000 })
    .catch(async (err: unknown) => {
      throw new Error(`${String(err)}\n${page.url()}\n${await page.locator('body').innerText()}`)
    })
}

describe('H5 questions, objections and information requests', () => {
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

  it('objection upheld through a corrected version; an overdue thread escalates; a request runs its course', async () => {
    const base = system.server.url
    const secretary = await apiAs(system, 'demo-secretary')
    const township = await apiAs(system, 'demo-township')
    const villager = await apiAs(system, 'demo-villager')
    const rows: TableRow[] = buildDibaoRows(V1, 8)
    const draft = DisclosureDtoSchema.parse(
      ok(
        await secretary('POST', `/api/v1/villages/${V1}/disclosures`, {
          catalogItemId: ITEM,
          period: '2026-11',
          title: '2026年11月低保对象名单',
          rows,
        }),
        201,
      ),
    )
    ok(await secretary('POST', `/api/v1/disclosures/${draft.id}/submit`, {}))
    ok(
      await township('POST', `/api/v1/disclosures/${draft.id}/review`, {
        decision: 'approve',
        revision: await seenRevision(township, draft.id),
      }),
    )
    const { page, problems } = await openPhonePage(browser)
    trackRequests(page)

    // 1. The villager objects to the third line of the published list, from the item's page.
    await signInAs(page, base, 'demo-villager')
    await openPage(page, base, `/pages/disclosure/index?id=${draft.id}`)
    await button(page, '提问或提异议').click()
    await waitOrExplain(page, '.cw-ask-new__text')
    await page.getByRole('radio', { name: '我认为有错' }).filter({ visible: true }).click()
    await visible(page, '.cw-ask-new__row input').fill('3')
    expect(await visible(page, '.cw-ask-new__preview').innerText()).toContain(`第3行：${rows[2]?.name ?? ''}`)
    await visible(page, '.cw-ask-new__text textarea').fill('第3行 金额不对，应为600元')
    expect(await seriousAxeViolations(page)).toEqual([])
    await button(page, '提交').click()
    await waitOrExplain(page, '.cw-question__created')
    expect(await visible(page, '.cw-thread__status').innerText()).toBe('等待答复')
    await screenshot(page, 'questions-01-objection')
    expect(await seriousAxeViolations(page)).toEqual([])
    const mine = ok(await villager('GET', '/api/v1/me/questions')) as { questions: unknown[] }
    const objection = QuestionDtoSchema.parse(mine.questions[0])
    expect(objection).toMatchObject({ kind: 'objection', rowRef: 3, status: 'open' })

    // 2. The secretary upholds it: the corrected version is started from the thread.
    await signInAs(page, base, 'demo-secretary')
    await openPage(page, base, `/ask/village-questions/index?region=${V1}`)
    await waitOrExplain(page, `.cw-thread[data-id="${objection.id}"]`)
    expect(await seriousAxeViolations(page)).toEqual([])
    await visible(page, `.cw-thread[data-id="${objection.id}"]`).click()
    await waitOrExplain(page, '.cw-question__change-note')
    expect(await visible(page, '.cw-question__row').innerText()).toContain('第3行')
    expect(await seriousAxeViolations(page)).toEqual([])
    await visible(page, '.cw-question__change-note input').fill('更正第3行保障金额')
    await button(page, '采纳并更正').click()
    await page.waitForURL(/secretary\/disclosure-edit/, { timeout: 20_000 })
    const started = QuestionDtoSchema.parse(ok(await secretary('GET', `/api/v1/questions/${objection.id}`)))
    const corrected = started.correctionDisclosureId
    expect(corrected).not.toBeNull()
    // The corrected rows, submitted and approved: publishing upholds the objection.
    const fixed = rows.map((r, i) => (i === 2 ? { ...r, amount: 60_000 } : r))
    ok(await secretary('PATCH', `/api/v1/disclosures/${corrected}`, { rows: fixed }))
    ok(await secretary('POST', `/api/v1/disclosures/${corrected}/submit`, {}))
    ok(
      await township('POST', `/api/v1/disclosures/${corrected}/review`, {
        decision: 'approve',
        revision: await seenRevision(township, corrected ?? ''),
      }),
    )

    // 3. The villager is told, and the thread is closed as upheld.
    const inbox = ok(await villager('GET', '/api/v1/inbox')) as {
      entries: { eventType: string; body: string }[]
    }
    expect(inbox.entries.some((e) => e.eventType === 'question.answered' && e.body.includes('已采纳'))).toBe(
      true,
    )
    await signInAs(page, base, 'demo-villager')
    await openPage(page, base, '/ask/mine/index')
    await waitOrExplain(page, `.cw-thread[data-id="${objection.id}"]`)
    expect(await visible(page, `.cw-thread[data-id="${objection.id}"] .cw-thread__status`).innerText()).toBe(
      '异议已采纳，已更正',
    )
    expect(await visible(page, `.cw-thread[data-id="${objection.id}"]`).innerText()).toContain(
      '您的异议已采纳',
    )
    await screenshot(page, 'questions-02-upheld')
    expect(await seriousAxeViolations(page)).toEqual([])

    // 4. An information request to the township: registered from the form.
    await openPage(page, base, '/ask/info-request/index')
    await waitOrExplain(page, '.cw-info-form__description')
    await visible(page, '.cw-info-form__description textarea').fill('本镇低保资金发放明细')
    await visible(page, '.cw-info-form__name input').fill('王建国')
    await visible(page, '.cw-info-form__id-number input').fill('360999199001011232')
    await visible(page, '.cw-info-form__contact input').fill('13800000000')
    expect(await seriousAxeViolations(page)).toEqual([])
    await button(page, '提交申请').click()
    await waitOrExplain(page, '.cw-info-form__ack')
    const ack = await visible(page, '.cw-info-form__ack').innerText()
    expect(ack).toMatch(/依申请第\d+号/)
    const requests = ok(await villager('GET', '/api/v1/me/info-requests')) as { requests: { id: string }[] }
    const requestId = requests.requests[0]?.id ?? ''

    // The office sends the one correction notice; the villager corrects the request.
    await signInAs(page, base, 'demo-township')
    await openPage(page, base, `/ask/office-requests/index?region=${TOWNSHIP}`)
    const card = visible(page, `.cw-request[data-id="${requestId}"]`)
    await waitOrExplain(page, `.cw-request[data-id="${requestId}"]`)
    expect(await card.innerText()).toContain('王建国')
    expect(await seriousAxeViolations(page)).toEqual([])
    await card.getByRole('radio', { name: '补正告知' }).click()
    await card.locator('.cw-office__notice-text textarea').fill('请写明所需信息的年份')
    await button(card, '发出补正告知').click()
    await card.getByText('等待申请人补正').waitFor({ timeout: 15_000 })

    await signInAs(page, base, 'demo-villager')
    await openPage(page, base, '/ask/my-requests/index')
    const mineCard = visible(page, `.cw-request[data-id="${requestId}"]`)
    await waitOrExplain(page, '.cw-request__correct-text')
    expect(await mineCard.innerText()).toContain('请写明所需信息的年份')
    expect(await seriousAxeViolations(page)).toEqual([])
    // The 补正 box starts empty (the request shown here is masked), under what the office asked for.
    expect(await mineCard.locator('.cw-request__correct-text textarea').inputValue()).toBe('')
    expect(await mineCard.innerText()).toContain('机关要求补充：请写明所需信息的年份')
    await mineCard.locator('.cw-request__correct-text textarea').fill('2025年全年本镇低保资金发放明细')
    await button(mineCard, '提交补正').click()
    await mineCard.locator('.cw-request__due').waitFor({ timeout: 15_000 })

    // The office extends once, then replies 部分公开; the year's report counts it.
    await signInAs(page, base, 'demo-township')
    await openPage(page, base, `/ask/office-requests/index?region=${TOWNSHIP}`)
    await waitOrExplain(page, `.cw-request[data-id="${requestId}"]`)
    // The request as filed, with the 补正 under it (条例第三十条).
    expect(await card.innerText()).toContain('申请的信息：本镇低保资金发放明细')
    expect(await card.locator('.cw-request__supplement').innerText()).toContain(
      '2025年全年本镇低保资金发放明细',
    )
    await card.getByRole('radio', { name: '延长期限' }).click()
    await card.locator('.cw-office__extend-reason input').fill('需要向县民政局调取资料')
    await button(card, '延长20个工作日').click()
    await card.locator('.cw-request__extension').waitFor({ timeout: 15_000 })
    await card.getByRole('radio', { name: '答复' }).click()
    await card.getByRole('radio', { name: '部分公开' }).click()
    await card
      .locator('.cw-office__reply-text textarea')
      .fill('发放总额和人数予以公开（见附表）；个人银行账号涉及个人隐私，不予公开。')
    await button(card, '发送答复').click()
    await waitOrExplain(page, '.cw-office__report-row[data-key="r2"]')
    expect(await visible(page, '.cw-office__report-row[data-key="r2"]').innerText()).toContain('：1')
    await screenshot(page, 'questions-03-office')
    expect(await seriousAxeViolations(page)).toEqual([])
    const year = new Date().getFullYear()
    const report = ok(
      await township('GET', `/api/v1/regions/${TOWNSHIP}/info-requests/annual-report?year=${year}`),
    ) as { rows: { key: string; counts: { total: number } }[] }
    expect(report.rows.find((r) => r.key === 'r2')?.counts.total).toBe(1)
    const history = ok(await villager('GET', '/api/v1/me/info-requests')) as {
      requests: { id: string; history: { step: string }[] }[]
    }
    expect(history.requests.find((r) => r.id === requestId)?.history.map((h) => h.step)).toEqual([
      'registered',
      'correction_notice',
      'corrected',
      'extended',
      'replied',
    ])

    // 5. A second thread is not answered: the moved clock takes it past its deadline, to the township.
    const current = DisclosureDtoSchema.parse(ok(await villager('GET', `/api/v1/disclosures/${corrected}`)))
    const second = QuestionDtoSchema.parse(
      ok(
        await villager('POST', `/api/v1/disclosures/${current.id}/questions`, {
          kind: 'question',
          text: '下个月什么时候发放？',
        }),
        201,
      ),
    )
    ok(await villager('POST', '/api/v1/dev/clock', { advanceDays: 15 }))
    const upkeep = ok(await villager('POST', '/api/v1/dev/upkeep', {})) as { questionsEscalated: number }
    expect(upkeep.questionsEscalated).toBe(1)
    const townshipInbox = ok(await township('GET', '/api/v1/inbox')) as {
      entries: { eventType: string; title: string }[]
    }
    expect(townshipInbox.entries.some((e) => e.eventType === 'question.overdue')).toBe(true)
    await signInAs(page, base, 'demo-township')
    await openPage(page, base, `/staff/compliance/index?region=${TOWNSHIP}`)
    await waitOrExplain(page, `.cw-open-questions__line[data-code="${V1}"]`)
    const line = await visible(page, `.cw-open-questions__line[data-code="${V1}"]`).innerText()
    expect(line).toContain('待答复 1 · 超期 1')
    await screenshot(page, 'questions-04-dashboard')
    expect(await seriousAxeViolations(page)).toEqual([])
    await button(page, '查看待答复的留言').click()
    await waitOrExplain(page, `.cw-thread[data-id="${second.id}"]`)
    expect(await visible(page, `.cw-thread[data-id="${second.id}"] .cw-thread__status`).innerText()).toBe(
      '已超期未答复',
    )
    expect(await seriousAxeViolations(page)).toEqual([])
    expect(problems).toEqual([])
  })
})
