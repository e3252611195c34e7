import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { ConsultationDtoSchema, ConsultationTallyDtoSchema, MembershipDtoSchema } from '@cunwu/domain'
import { demoHouseholds, demoPeople } from '../../bff/src/services/seed.service'
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
 * In the browser, end to end (征求意见): the secretary opens a consultation on a road plan from the form; three
 * villagers' answers come in from their phones: demo-villager answers and then changes the answer, demo-newcomer
 * answers for themselves and, through proxy rights, for the head of household 003. The clock moves past the
 * deadline: the result shows counts and percentages and no one's choice; the secretary publishes the summary with
 * a chosen comment, the township approves it and the disclosure is public. Every page passes axe.
 */
const people = demoPeople()
const codeOf = (key: string) => people.find((p) => p.userKey === key)?.grants[0]?.regionCode ?? ''
const V1 = codeOf('demo-secretary')
const roster = demoHouseholds(V1)
const hh = (i: number) => roster[i] ?? { householdNo: '', headName: '', memberNames: [] }

/** Opens a page of the app by its address (a hash change alone does not re-render Taro's H5 router). */
async function openPage(page: Page, base: string, path: string): Promise<void> {
  await page.waitForLoadState('networkidle')
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

/**
 * The page's serious axe violations; waits and tries again while the page's own axe watcher (openPhonePage) is
 * still running after a navigation.
 */
async function axeProblems(page: Page): Promise<string[]> {
  for (let attempt = 0; ; attempt += 1) {
    try {
      return await seriousAxeViolations(page)
    } catch (err) {
      if (attempt >= 5 || !String(err).includes('Axe is already running')) throw err
      await page.waitForTimeout(500)
    }
  }
}

/** Picks a choice shown as a radio (the options, whom one answers for). */
async function choose(page: Page, name: string): Promise<void> {
  await page.getByRole('radio', { name, exact: true }).filter({ visible: true }).click()
}

describe('H5 consultations (征求意见)', () => {
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

  it('three villagers answer (one by proxy, one changing their answer); the tally is public after the deadline', async () => {
    const base = system.server.url
    const secretary = await apiAs(system, 'demo-secretary')
    const township = await apiAs(system, 'demo-township')
    const newcomer = await apiAs(system, 'demo-newcomer')
    // demo-newcomer joins as the head of household 002 and is given proxy rights for the head of household 003.
    const applied = MembershipDtoSchema.parse(
      ok(
        await newcomer('POST', `/api/v1/villages/${V1}/memberships`, {
          name: hh(1).headName,
          householdNo: hh(1).householdNo,
        }),
        201,
      ),
    )
    ok(await secretary('POST', `/api/v1/memberships/${applied.id}/approve`))
    const newcomerId = String((ok(await newcomer('GET', '/api/v1/me')) as { id: string }).id)
    ok(
      await secretary('POST', `/api/v1/villages/${V1}/proxies`, {
        userId: newcomerId,
        householdNo: hh(2).householdNo,
        forName: hh(2).headName,
      }),
      204,
    )
    const { page, problems } = await openPhonePage(browser)

    // 1. The secretary opens the consultation from the form.
    await signInAs(page, base, 'demo-secretary')
    await openPage(page, base, `/decide/consult-list/index?village=${V1}`)
    await button(page, '发起征求意见').click()
    await waitOrExplain(page, '.cw-consult-new__title')
    await visible(page, '.cw-consult-new__title input').fill('村东主路硬化方案征求意见')
    await visible(page, '.cw-consult-new__draft textarea').fill(
      '拟硬化村东主路 1.2 公里，每户筹资 100 元，明年春天动工。',
    )
    await choose(page, '3 天后')
    await choose(page, '每人一份')
    await visible(page, '.cw-consult-new__question-text input').fill('您是否同意这个方案？')
    expect(await axeProblems(page)).toEqual([])
    await button(page, '发起征求意见').click()
    await page.waitForURL(/decide\/consult\/index/, { timeout: 20_000 })
    await waitOrExplain(page, '.cw-consult__draft')
    const id = new URL(page.url().replace('/#/', '/')).searchParams.get('id') ?? ''
    const opened = ConsultationDtoSchema.parse(ok(await secretary('GET', `/api/v1/consultations/${id}`)))
    expect(opened).toMatchObject({ unit: 'person', ballot: 'secret', closed: false })

    // 2. demo-villager answers 同意, then changes it to 不同意 (the second replaces the first).
    await signInAs(page, base, 'demo-villager')
    // From home: 征求意见 lists the village's consultations.
    await button(page, '征求意见').click()
    await waitOrExplain(page, `.cw-consult-list__item[data-id="${id}"]`)
    expect(await axeProblems(page)).toEqual([])
    await visible(page, `.cw-consult-list__item[data-id="${id}"]`).click()
    await waitOrExplain(page, '.cw-consult__submit')
    expect(await axeProblems(page)).toEqual([])
    // Not a named vote, and the page says so before the first answer.
    expect(await visible(page, '.cw-consult__ballot').innerText()).toContain('这次不记名')
    expect(await visible(page, '.cw-consult__ballot-reminder').count()).toBe(0)
    await choose(page, '同意')
    await button(page, '提交意见').click()
    await waitOrExplain(page, '.cw-consult__answered')
    await choose(page, '不同意')
    await button(page, '修改我的意见').click()
    await page.waitForTimeout(500)
    await waitOrExplain(page, '.cw-consult__answered')
    expect(await visible(page, '.cw-consult__option[aria-checked="true"]').innerText()).toBe('不同意')

    // 3. demo-newcomer answers for themselves and, by proxy, for the head of household 003 with a comment.
    await signInAs(page, base, 'demo-newcomer')
    await openPage(page, base, `/decide/consult/index?id=${id}`)
    await waitOrExplain(page, '.cw-consult__for')
    await choose(page, '同意')
    await button(page, '提交意见').click()
    await waitOrExplain(page, '.cw-consult__answered')
    await choose(page, `代 ${hh(2).headName} 填写（户号 ${hh(2).householdNo}）`)
    await choose(page, '同意')
    await visible(page, '.cw-consult__comment textarea').fill('路修好了老人出门方便，希望先修学校门口一段')
    expect(await axeProblems(page)).toEqual([])
    await button(page, '提交意见').click()
    await waitOrExplain(page, '.cw-consult__answered')
    // The form stays on the person answered for, now marked as answered.
    expect(await visible(page, '.cw-consult__for[aria-checked="true"]').innerText()).toContain(
      `代 ${hh(2).headName} 填写`,
    )
    await screenshot(page, 'consultations-01-proxy-answer')

    // Before the deadline no one sees a tally.
    expect((await newcomer('GET', `/api/v1/consultations/${id}/tally`)).status).toBe(409)

    // 4. The clock moves past the deadline: the result is public, with counts only.
    ok(await secretary('POST', '/api/v1/dev/clock', { advanceDays: 4 }))
    const tally = ConsultationTallyDtoSchema.parse(
      ok(await newcomer('GET', `/api/v1/consultations/${id}/tally`)),
    )
    expect(tally).toMatchObject({ eligible: 3, answered: 3, participationPercent: 100 })
    expect(tally.questions[0]?.options.map((o) => [o.label, o.count])).toEqual([
      ['同意', 2],
      ['不同意', 1],
    ])
    await openPage(page, base, `/decide/consult/index?id=${id}`)
    await waitOrExplain(page, '.cw-consult__result')
    const result = await visible(page, '.cw-consult__result').innerText()
    expect(result).toContain('应参加 3 人，参加了 3 人（100%）')
    expect(result).toContain('同意 66.7%')
    expect(result).toContain('这次不记名：只公布人数')
    for (const name of [hh(0).headName, hh(1).headName, hh(2).headName]) expect(result).not.toContain(name)
    expect(await visible(page, '.cw-consult__submit').count()).toBe(0)
    expect(await axeProblems(page)).toEqual([])
    await screenshot(page, 'consultations-02-result')

    // 5. The secretary sees who took part (not what each chose) and publishes the summary with the comment.
    await signInAs(page, base, 'demo-secretary')
    await openPage(page, base, `/decide/consult/index?id=${id}`)
    await waitOrExplain(page, '.cw-consult__staff')
    expect(await visible(page, '.cw-consult__participant').count()).toBe(3)
    expect(await visible(page, '.cw-consult__staff').innerText()).not.toContain('不同意')
    await visible(page, '.cw-consult__decided textarea').fill(
      '多数村民同意，提交村民代表会议表决，先修学校门口一段。',
    )
    await page.getByRole('checkbox', { name: '路修好了老人出门方便，希望先修学校门口一段' }).click()
    expect(await axeProblems(page)).toEqual([])
    await button(page, '交乡镇审核后公开').click()
    await waitOrExplain(page, '.cw-consult__summary-link')
    const summarised = ConsultationDtoSchema.parse(ok(await secretary('GET', `/api/v1/consultations/${id}`)))
    expect(summarised.status).toBe('summarised')
    ok(
      await township('POST', `/api/v1/disclosures/${summarised.summaryDisclosureId}/review`, {
        decision: 'approve',
        revision: await seenRevision(township, summarised.summaryDisclosureId ?? ''),
      }),
    )

    // 6. The summary is a public disclosure of the village: counts, the comment, the outcome, no names.
    await signInAs(page, base, 'demo-villager')
    await openPage(page, base, `/pages/disclosure/index?id=${summarised.summaryDisclosureId}`)
    await waitOrExplain(page, '.cw-disclosure')
    const text = await page.locator('body').innerText()
    expect(text).toContain('应参与 3 人，实际参与 3 人，参与率 100%')
    expect(text).toContain('希望先修学校门口一段')
    for (const name of [hh(0).headName, hh(1).headName, hh(2).headName]) expect(text).not.toContain(name)
    expect(await axeProblems(page)).toEqual([])
    await screenshot(page, 'consultations-03-summary')
    // 7. The township's dashboard shows the village's participation; its line opens the village's consultations.
    await signInAs(page, base, 'demo-township')
    await openPage(page, base, `/staff/compliance/index?region=${codeOf('demo-township')}`)
    await waitOrExplain(page, `.cw-consult-participation__line[data-code="${V1}"]`)
    expect(await visible(page, `.cw-consult-participation__line[data-code="${V1}"]`).innerText()).toContain(
      '进行中 0 次 · 已截止 1 次 · 应参加 3，参加 3（100%）',
    )
    expect(await axeProblems(page)).toEqual([])
    await visible(page, `.cw-consult-participation__line[data-code="${V1}"]`).click()
    await waitOrExplain(page, `.cw-consult-list__item[data-id="${id}"]`)
    expect(await axeProblems(page)).toEqual([])

    // This test's pages (decide/consult*, the consultation API, the summary's disclosure) left no error, failed
    // request or axe finding; sign-in and home, crossed on the way, are the business of their own tests.
    const ours = /consult|pageerror|disclosure/
    expect(problems.filter((p) => ours.test(p))).toEqual([])
  })
  it('a named vote (记名表决) says so before the answer and on the result, and staff do see each choice', async () => {
    const base = system.server.url
    const secretary = await apiAs(system, 'demo-secretary')
    const { now } = ok(await secretary('GET', '/api/v1/dev/clock')) as { now: string }
    const created = ConsultationDtoSchema.parse(
      ok(
        await secretary('POST', `/api/v1/villages/${V1}/consultations`, {
          title: '村集体鱼塘承包方案表决',
          draft: '鱼塘承包给出价最高的本村农户，期限五年。',
          questions: [{ kind: 'single', text: '您是否同意这个承包方案？', options: ['同意', '不同意'] }],
          deadline: new Date(Date.parse(now) + 2 * 86_400_000).toISOString(),
          unit: 'person',
          ballot: 'open',
        }),
        201,
      ),
    )
    const { page, problems } = await openPhonePage(browser)
    await signInAs(page, base, 'demo-villager')
    await openPage(page, base, `/decide/consult/index?id=${created.id}`)
    await waitOrExplain(page, '.cw-consult__submit')
    // The notice stands above the questions, and a reminder just above the button.
    const notice = visible(page, '.cw-consult__ballot')
    expect(await notice.innerText()).toContain('这是记名表决：村里的工作人员能看到您选了什么')
    expect(await visible(page, '.cw-decide__subtitle').innerText()).toContain('记名表决')
    const top = async (selector: string) =>
      (await visible(page, selector).first().boundingBox())?.y ?? Infinity
    expect(await top('.cw-consult__ballot')).toBeLessThan(await top('.cw-consult__option'))
    expect(await top('.cw-consult__ballot-reminder')).toBeLessThan(await top('.cw-consult__submit'))
    expect(await axeProblems(page)).toEqual([])
    await screenshot(page, 'consultations-04-named-vote')
    await choose(page, '不同意')
    await button(page, '提交意见').click()
    await waitOrExplain(page, '.cw-consult__answered')

    // What the notice says is what staff get: the choice beside the name.
    const seen = ok(await secretary('GET', `/api/v1/consultations/${created.id}/participants`)) as {
      participants: { responses: unknown }[]
    }
    expect(seen.participants.map((p) => p.responses)).toEqual([[{ options: [1] }]])

    ok(await secretary('POST', '/api/v1/dev/clock', { advanceDays: 3 }))
    await openPage(page, base, `/decide/consult/index?id=${created.id}`)
    await waitOrExplain(page, '.cw-consult__result')
    const result = await visible(page, '.cw-consult__result').innerText()
    expect(result).toContain('这是记名表决')
    expect(result).not.toContain('不记名')
    expect(result).not.toContain('不公布谁选了什么')
    expect(await axeProblems(page)).toEqual([])
    expect(problems.filter((p) => /consult|pageerror/.test(p))).toEqual([])
  })
})
