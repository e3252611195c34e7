import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { DecisionDtoSchema } from '@cunwu/domain'
import { demoPeople } from '../../bff/src/services/seed.service'
import { seriousAxeViolations } from './axe'
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
import type { ApiCall, System } from './harness'
import { seenRevision } from './seen-revision'

/**
 * In the browser, end to end (docs/decisions.md): the secretary opens a 一事一议 road decision and records its four
 * deliberation steps, the resolution at a 村民代表会议 with its quorum; the resolution is drafted as a disclosure and
 * the township publishes it through the normal review; a villager reads the decision and the published
 * resolution with the vote counts; the secretary defines a collective charge on the decision; the villager pays
 * through the WeChat Pay simulator; the decision page then shows the money collected, from the ledger.
 * The consultation flow (征求意见) is exercised by consultations.e2e.ts.
 */
const people = demoPeople()
const V1 = people.find((p) => p.userKey === 'demo-secretary')?.grants[0]?.regionCode ?? ''
const TITLE = '村道硬化一事一议筹资'
type WechatSim = NonNullable<System['server']['runtime']['wechatSim']>
type Locator = ReturnType<Page['locator']>

/** Waits until the element's text contains `text`. */
async function expectText(locator: Locator, text: string, timeout = 20_000): Promise<void> {
  const read = async () => ((await locator.count()) > 0 ? ((await locator.first().textContent()) ?? '') : '')
  await expect.poll(read, { timeout }).toContain(text)
}

/** Opens a page of the app by its address (a hash change alone does not re-render Taro's H5 router). */
async function openPage(page: Page, base: string, path: string): Promise<void> {
  await page.waitForLoadState('networkidle')
  await page.goto('about:blank')
  await page.goto(`${base}/#${path}`)
}

/**
 * axe's serious findings once the page settled. Taro's H5 keeps one document across page changes and axe refuses a
 * second run in a document, so each check runs on a page opened afresh with `openPage`.
 */
async function axeFindings(page: Page): Promise<string[]> {
  await page.waitForLoadState('networkidle')
  await page.waitForTimeout(500)
  return seriousAxeViolations(page)
}

/** The step form as the secretary fills it in. */
interface StepEntry {
  meeting?: string
  heldOn: string
  bodySize: number
  present: number
  for: number
  against: number
  abstain: number
  motion: string
}

const STEPS: StepEntry[] = [
  {
    heldOn: '2026-11-02',
    bodySize: 5,
    present: 5,
    for: 5,
    against: 0,
    abstain: 0,
    motion: '提议硬化村东主路',
  },
  {
    heldOn: '2026-11-04',
    bodySize: 7,
    present: 7,
    for: 6,
    against: 1,
    abstain: 0,
    motion: '商议每户筹资 30 元',
  },
  {
    heldOn: '2026-11-06',
    bodySize: 30,
    present: 24,
    for: 20,
    against: 2,
    abstain: 2,
    motion: '审议筹资方案',
  },
  {
    meeting: 'representatives',
    heldOn: '2026-11-10',
    bodySize: 30,
    present: 21,
    for: 18,
    against: 2,
    abstain: 1,
    motion: '每户筹资 30 元，硬化村东主路 800 米',
  },
]

describe('H5 四议两公开: a road decision, its resolution disclosed, a charge on it and the money collected', () => {
  let system: System
  let browser: Browser
  let sim: WechatSim
  let base = ''
  let secretary: Page
  /** What the secretary's page recorded: console errors, failed requests, axe findings of every page visited. */
  let secretaryProblems: string[] = []
  let townshipApi: ApiCall
  let decisionId = ''
  let resolutionId = ''

  beforeAll(async () => {
    system = await startSystem()
    browser = await launchBrowser()
    base = system.server.url
    const running = system.server.runtime.wechatSim
    if (!running) throw new Error('the BFF runs without the WeChat simulator')
    sim = running
    townshipApi = await apiAs(system, 'demo-township')
    const opened = await openPhonePage(browser)
    secretary = opened.page
    secretaryProblems = opened.problems
    await signInAs(secretary, base, 'demo-secretary')
  })

  afterAll(async () => {
    await browser?.close()
    await system?.stop()
  })

  it('should let the secretary open the decision', async () => {
    await openPage(secretary, base, '/decide/decisions/index')
    await button(secretary, '新建议事事项').click()
    await visible(secretary, '.cw-decision-new__title input').fill(TITLE)
    await visible(secretary, '.cw-decision-new__kind[data-kind="fundraising"]').click()
    await visible(secretary, '.cw-decision-new__description textarea').fill(
      '硬化村东主路 800 米，每户筹资 30 元',
    )
    expect(await axeFindings(secretary)).toEqual([])
    await button(secretary, '保存，开始议事').click()
    const page = visible(secretary, '.cw-decision')
    await page.waitFor({ timeout: 20_000 })
    decisionId = (await page.getAttribute('data-id')) ?? ''
    expect(decisionId).toMatch(/^[0-9a-f]{24}$/)
    await expectText(visible(secretary, '.cw-decision__next'), '村党组织提议')
  })

  it('should record the four deliberation steps in order, the resolution with its quorum', async () => {
    for (const [i, s] of STEPS.entries()) {
      // The resolution's form is opened afresh, so axe can check it (see axeFindings).
      if (s.meeting) await openPage(secretary, base, `/decide/decision-step/index?id=${decisionId}`)
      else await button(secretary, '记录这一步').click()
      const form = visible(secretary, '.cw-decision-step')
      await form.waitFor({ timeout: 20_000 })
      if (s.meeting)
        await visible(secretary, `.cw-decision-step__meeting[data-meeting="${s.meeting}"]`).click()
      await visible(secretary, '.cw-decision-step__date input').fill(s.heldOn)
      await visible(secretary, '.cw-decision-step__body input').fill(String(s.bodySize))
      await visible(secretary, '.cw-decision-step__present input').fill(String(s.present))
      await visible(secretary, '.cw-decision-step__for input').fill(String(s.for))
      await visible(secretary, '.cw-decision-step__against input').fill(String(s.against))
      await visible(secretary, '.cw-decision-step__abstain input').fill(String(s.abstain))
      await visible(secretary, '.cw-decision-step__motion textarea').fill(s.motion)
      if (s.meeting) {
        // The quorum the law sets is shown before the step is saved.
        await expectText(
          visible(secretary, '.cw-decision-step__preview'),
          '三分之二以上的组成人员到会，即至少 20 人',
        )
        expect(await axeFindings(secretary)).toEqual([])
        await screenshot(secretary, 'decisions-01-resolution-form')
      }
      await button(secretary, '保存这一步').click()
      await expect
        .poll(() => visible(secretary, '.cw-decision__step').count(), { timeout: 20_000 })
        .toBe(i + 1)
    }
    await openPage(secretary, base, `/decide/decision/index?id=${decisionId}`)
    await expectText(visible(secretary, '.cw-decision__status'), '已通过')
    await expectText(
      visible(secretary, '.cw-decision__step[data-step="resolution"]'),
      '同意 18，反对 2，弃权 1',
    )
    await expectText(visible(secretary, '.cw-decision__resolution-state'), '已交乡镇审核')
    // 两公开 in order: no results before the resolution is public.
    await expectText(visible(secretary, '.cw-decision__results-wait'), '决议公开经乡镇审核发布后')
    expect(await visible(secretary, '.cw-decision__publish-results').count()).toBe(0)
    expect(await axeFindings(secretary)).toEqual([])
    expect(secretaryProblems.filter((p) => p.startsWith('axe:'))).toEqual([])
    await screenshot(secretary, 'decisions-02-passed')
  })

  it('should show the secretary a returned resolution with the comment and open it with the record read-only', async () => {
    const read = await townshipApi('GET', `/api/v1/decisions/${decisionId}`)
    expect(read.status).toBe(200)
    resolutionId = DecisionDtoSchema.parse(read.body).resolutionDisclosure?.id ?? ''
    const seen = await townshipApi('GET', `/api/v1/disclosures/${resolutionId}`)
    const back = await townshipApi('POST', `/api/v1/disclosures/${resolutionId}/review`, {
      decision: 'return',
      comment: '请补充筹资用途的说明',
      revision: (seen.body as { revision?: number }).revision,
    })
    expect(back.status).toBe(200)
    await openPage(secretary, base, `/decide/decision/index?id=${decisionId}`)
    await expectText(visible(secretary, '.cw-decision__resolution-state'), '退回修改中')
    await expectText(visible(secretary, '.cw-decision__review-comment'), '乡镇退回意见：请补充筹资用途的说明')
    expect(await axeFindings(secretary)).toEqual([])
    await button(secretary, '打开退回的草稿').click()
    // The title, text and table are the meeting's record: shown as they are, with the line saying why.
    await expectText(visible(secretary, '.cw-sedit__generated'), '内容按会议记录生成，不能改；可以补充说明')
    await expectText(visible(secretary, '.cw-sedit'), '同意：18')
    expect(await visible(secretary, '.cw-sedit__title-input').count()).toBe(0)
    expect(await button(secretary, '添加一行').count()).toBe(0)
    await screenshot(secretary, 'decisions-02b-returned-resolution')
    await button(secretary, '提交乡镇审核').click()
    await expectText(visible(secretary, '.cw-sedit'), '已提交乡镇审核', 20_000)
  })

  it('should publish the resolution through the township review', async () => {
    const read = await townshipApi('GET', `/api/v1/decisions/${decisionId}`)
    expect(read.status).toBe(200)
    resolutionId = DecisionDtoSchema.parse(read.body).resolutionDisclosure?.id ?? ''
    const queue = await townshipApi('GET', `/api/v1/regions/${V1.slice(0, 9)}000/review-queue`)
    expect(JSON.stringify(queue.body)).toContain(resolutionId)
    const review = await townshipApi('POST', `/api/v1/disclosures/${resolutionId}/review`, {
      decision: 'approve',
      revision: await seenRevision(townshipApi, resolutionId),
    })
    expect(review.status).toBe(200)
  })

  it('should show the villager the decision and the published resolution with the vote counts', async () => {
    const { page: villager, problems } = await openPhonePage(browser)
    await signInAs(villager, base, 'demo-villager')
    // From home, as a villager finds it.
    await button(villager, '村里议事').click()
    await visible(villager, `.cw-decisions__item[data-id="${decisionId}"]`).click()
    await expectText(visible(villager, '.cw-decision__resolution-state'), '已经公开')
    expect(await visible(villager, '.cw-decision__record').count()).toBe(0)
    expect(await axeFindings(villager)).toEqual([])
    await button(villager, '看决议全文').click()
    await expect
      .poll(async () => (await villager.locator('body').innerText()).includes('同意 18，反对 2，弃权 1'), {
        timeout: 20_000,
      })
      .toBe(true)
    await screenshot(villager, 'decisions-03-resolution-published')
    expect(problems.filter((p) => p.startsWith('axe:'))).toEqual([])
    await villager.context().close()
  })

  it('should define a charge on the decision, take a payment and show the money on the decision page', async () => {
    await openPage(secretary, base, '/pay/charge-new/index')
    await visible(secretary, `.cw-charge-new__decision[data-decision="${decisionId}"]`).click()
    await visible(secretary, '.cw-charge-new__title input').fill('村道硬化筹资')
    await visible(secretary, '.cw-charge-new__amount input').fill('30')
    await visible(secretary, '.cw-charge-new__households input').fill('001-002')
    await expect
      .poll(async () => visible(secretary, '.cw-charge-new__basis textarea').inputValue())
      .toContain(TITLE)
    await button(secretary, '保存这项收费').click()
    const charge = visible(secretary, '.cw-charge')
    await charge.waitFor({ timeout: 20_000 })
    const chargeId = (await charge.getAttribute('data-id')) ?? ''

    const { page: villager, problems } = await openPhonePage(browser)
    await signInAs(villager, base, 'demo-villager')
    await villager.route('**/__sim/pay/confirm', async (route) => {
      const form = new URLSearchParams(route.request().postData() ?? '')
      const order = sim.control.orders().find((o) => o.prepayId === form.get('prepay_id'))
      const returnUrl = form.get('return_url')
      if (!order || !returnUrl || form.get('action') !== 'pay') return route.continue()
      sim.control.payOrder(order.outTradeNo)
      const back = new URL(returnUrl)
      back.searchParams.set('result', 'ok')
      back.searchParams.set('out_trade_no', order.outTradeNo)
      return route.fulfill({ status: 302, headers: { location: back.toString() } })
    })
    await button(villager, '我的缴费').click()
    const item = visible(villager, `.cw-my-charges__item[data-charge-id="${chargeId}"]`)
    await item.waitFor({ timeout: 20_000 })
    await item.locator('.cw-my-charges__pay').click()
    await villager.waitForURL(/\/__sim\/pay\?/, { timeout: 20_000 })
    await villager.getByRole('button', { name: '确认支付' }).click()
    await visible(villager, `.cw-my-charges__item[data-charge-id="${chargeId}"][data-status="paid"]`).waitFor(
      {
        timeout: 30_000,
      },
    )

    // The decision page reads the money from the ledger: the payment is booked there against the decision.
    await openPage(villager, base, `/decide/decision/index?id=${decisionId}`)
    await expectText(visible(villager, '.cw-decision__raised'), '30.00 元', 30_000)
    await expectText(visible(villager, '.cw-decision__spent'), '0.00 元')
    await expectText(visible(villager, '.cw-decision'), '收费项目：村道硬化筹资')
    expect(await axeFindings(villager)).toEqual([])
    await screenshot(villager, 'decisions-04-money')
    expect(problems.filter((p) => p.startsWith('axe:'))).toEqual([])
    expect(secretaryProblems.filter((p) => p.startsWith('axe:'))).toEqual([])
    await villager.context().close()
  })
  it('should let the secretary publish the results once the resolution is public', async () => {
    await openPage(secretary, base, `/decide/decision/index?id=${decisionId}`)
    await visible(secretary, '.cw-decision__results-text textarea').fill('村东主路 800 米已完工并验收')
    await button(secretary, '交乡镇审核后公开').click()
    await expectText(visible(secretary, '.cw-decision__results'), '已交乡镇审核', 20_000)
    expect(await visible(secretary, '.cw-decision__results-wait').count()).toBe(0)
    expect(await axeFindings(secretary)).toEqual([])
    await screenshot(secretary, 'decisions-05-results-submitted')
  })
})
