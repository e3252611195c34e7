import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { LedgerEntryDtoSchema, addDays, shanghaiDateOf } from '@cunwu/domain'
import { demoHouseholds, demoPeople } from '../../bff/src/services/seed.service'
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

/**
 * In the browser, end to end: the secretary defines a charge for 5 households through the UI; the villager
 * pays on the simulated WeChat pay page; the simulator delivers the payment callback three times and the ledger
 * still shows one entry; the month's finance statement draft includes it with a chart; a refund appears as its
 * own entry; the reconciliation of the day is clean, and an injected bill difference is then reported.
 */
const people = demoPeople()
const V1 = people.find((p) => p.userKey === 'demo-secretary')?.grants[0]?.regionCode ?? ''
const TITLE = '修村道筹资'
const CATEGORY = '一事一议筹资'
const AMOUNT_FEN = 3000
const HEAD_001 = demoHouseholds(V1)[0]?.headName ?? ''

const LedgerSchema = LedgerEntryDtoSchema.array()
type WechatSim = NonNullable<System['server']['runtime']['wechatSim']>

type Locator = ReturnType<Page['locator']>

/** Waits until the element's text equals `text` (or contains it with `partial`). */
async function expectText(locator: Locator, text: string, partial = false, timeout = 20_000): Promise<void> {
  const read = async () => ((await locator.count()) > 0 ? ((await locator.first().textContent()) ?? '') : '')
  if (partial) await expect.poll(read, { timeout }).toContain(text)
  else await expect.poll(read, { timeout }).toBe(text)
}

/** Waits until the element's attribute has the value. */
async function expectAttribute(
  locator: Locator,
  name: string,
  value: string,
  timeout = 20_000,
): Promise<void> {
  await expect
    .poll(async () => ((await locator.count()) > 0 ? await locator.first().getAttribute(name) : null), {
      timeout,
    })
    .toBe(value)
}

/** Signs in on a fresh phone-sized page (own cookies and storage, so two people can use the app side by side). */
async function phoneAs(browser: Browser, base: string, userKey: string): Promise<Page> {
  const { page } = await openPhonePage(browser)
  await signInAs(page, base, userKey)
  return page
}

/** Clicks the ledger's 刷新 until `selector` shows up (the server-side work finished), or fails after `ms`. */
async function reloadLedgerUntil(page: Page, selector: string, ms = 30_000): Promise<void> {
  const deadline = Date.now() + ms
  for (;;) {
    if ((await visible(page, selector).count()) > 0) return
    if (Date.now() > deadline) throw new Error(`${selector} did not appear within ${ms} ms`)
    await page.waitForTimeout(1000)
    const answered = page.waitForResponse((r) => r.url().includes('/ledger?'), { timeout: 20_000 })
    await button(page, '刷新').click()
    await answered
    // Let React render the new list before looking again.
    await page.waitForTimeout(300)
  }
}

describe('H5 collective charges, WeChat Pay, ledger and reconciliation', () => {
  let system: System
  let browser: Browser
  let sim: WechatSim
  let secretaryApi: ApiCall
  let base = ''
  let secretary: Page
  let chargeId = ''
  let outTradeNo = ''
  let day = ''

  beforeAll(async () => {
    system = await startSystem()
    browser = await launchBrowser()
    base = system.server.url
    const running = system.server.runtime.wechatSim
    if (!running) throw new Error('the BFF runs without the WeChat simulator')
    sim = running
    day = shanghaiDateOf(sim.control.now())
    secretaryApi = await apiAs(system, 'demo-secretary')
    secretary = await phoneAs(browser, base, 'demo-secretary')
  })

  afterAll(async () => {
    await browser?.close()
    await system?.stop()
  })

  async function ledgerEntries(): Promise<ReturnType<typeof LedgerSchema.parse>> {
    const res = await secretaryApi('GET', `/api/v1/villages/${V1}/ledger?month=${day.slice(0, 7)}`)
    expect(res.status).toBe(200)
    return LedgerSchema.parse((res.body as { entries: unknown }).entries)
  }

  it('should let the secretary define a charge for households 001 to 005', async () => {
    await button(secretary, '集体收费').click()
    await button(secretary, '新建一项收费').click()
    await visible(secretary, '.cw-charge-new__title input').fill(TITLE)
    await visible(secretary, '.cw-charge-new__amount input').fill(String(AMOUNT_FEN / 100))
    await visible(secretary, '.cw-charge-new__households input').fill('001-005')
    await expectText(visible(secretary, '.cw-charge-new__households-preview'), '共 5 户', true)
    await visible(secretary, '.cw-charge-new__basis textarea').fill('2026年村民代表会议决议（一事一议）')
    await screenshot(secretary, 'pay-01-charge-new')
    await button(secretary, '保存这项收费').click()

    const payers = visible(secretary, '.cw-charge__payer')
    await expect.poll(() => payers.count(), { timeout: 20_000 }).toBe(5)
    chargeId = (await visible(secretary, '.cw-charge').getAttribute('data-id')) ?? ''
    expect(chargeId).toMatch(/^[0-9a-f]{24}$/)
    expect(await visible(secretary, '.cw-charge__payer[data-status="unpaid"]').count()).toBe(5)
    await expectText(visible(secretary, '.cw-charge__paid-count'), '0 / 5 户')
    await screenshot(secretary, 'pay-02-charge-created')
  })

  it('should let the villager pay on the simulated pay page, the callback arriving three times', async () => {
    const villager = await phoneAs(browser, base, 'demo-villager')
    // The wallet page's 确认支付 goes through the simulator's control API, which pays the order and delivers its
    // callback three times at once (the first delivery and two duplicates); the browser is then sent back to the
    // app exactly as the pay page does (return_url with result=ok).
    await villager.route('**/__sim/pay/confirm', async (route) => {
      const form = new URLSearchParams(route.request().postData() ?? '')
      const order = sim.control.orders().find((o) => o.prepayId === form.get('prepay_id'))
      const returnUrl = form.get('return_url')
      if (!order || !returnUrl || form.get('action') !== 'pay') return route.continue()
      outTradeNo = order.outTradeNo
      sim.control.payOrder(order.outTradeNo, { duplicates: 2, parallel: true })
      const back = new URL(returnUrl)
      back.searchParams.set('result', 'ok')
      back.searchParams.set('out_trade_no', order.outTradeNo)
      return route.fulfill({ status: 302, headers: { location: back.toString() } })
    })

    await button(villager, '我的缴费').click()
    const item = visible(villager, `.cw-my-charges__item[data-charge-id="${chargeId}"]`)
    await item.waitFor({ timeout: 20_000 })
    await expectText(item.locator('.cw-my-charges__status'), '未缴')
    await screenshot(villager, 'pay-03-my-charges-unpaid')
    await item.locator('.cw-my-charges__pay').click()

    await villager.waitForURL(/\/__sim\/pay\?/, { timeout: 20_000 })
    await expectText(villager.locator('.amount'), '￥30.00')
    await screenshot(villager, 'pay-04-sim-pay-page')
    await villager.getByRole('button', { name: '确认支付' }).click()

    // Back in the app: the page polls until the server has the callback.
    const paid = visible(villager, `.cw-my-charges__item[data-charge-id="${chargeId}"][data-status="paid"]`)
    await paid.waitFor({ timeout: 30_000 })
    await expectText(visible(villager, '.cw-my-charges__notice'), '缴费成功，谢谢您！')
    expect(villager.url()).not.toContain('result=ok')
    await screenshot(villager, 'pay-05-my-charges-paid')

    const record = await sim.control.waitForNotification({ outTradeNo, state: 'delivered' }, 10_000)
    expect(record.attempts).toHaveLength(3)
    expect(record.attempts.every((a) => a.status === 200 || a.status === 204)).toBe(true)
    await villager.context().close()
  })

  it('should show the payment once in the ledger', async () => {
    await secretary.goto(`${base}/#/pages/index/index`, { waitUntil: 'load' })
    await button(secretary, '村级账目').click()
    await visible(secretary, '.cw-ledger__body').waitFor({ timeout: 20_000 })
    const payments = visible(secretary, '.cw-ledger__entry[data-source="payment"]')
    await expect.poll(() => payments.count()).toBe(1)
    await expectAttribute(payments, 'data-ref', `payment:${outTradeNo}`)
    await expectText(payments.locator('.cw-ledger__entry-amount'), '30.00 元')
    await expectText(visible(secretary, '.cw-ledger__income'), '30.00')
    await expectText(visible(secretary, '.cw-chart'), CATEGORY, true)
    await screenshot(secretary, 'pay-06-ledger-one-payment')

    const entries = await ledgerEntries()
    expect(entries.filter((e) => e.source === 'payment')).toHaveLength(1)
    expect(entries[0]).toMatchObject({ section: 'income', amountFen: AMOUNT_FEN, category: CATEGORY })
  })

  it('should book a refund as its own expense entry', { timeout: 180_000 }, async () => {
    await button(secretary, '集体收费').click()
    await visible(secretary, `.cw-charges__item[data-id="${chargeId}"]`).click()
    const payer = visible(secretary, '.cw-charge__payer[data-household="001"]')
    await expectAttribute(payer, 'data-status', 'paid')
    await expectText(visible(secretary, '.cw-charge__paid-count'), '1 / 5 户')
    await button(payer, '退款').click()
    await visible(secretary, '.cw-charge__reason input').fill('重复缴费，退回')
    await visible(secretary, '.cw-charge__refund-confirm').click()
    await expectText(visible(secretary, '.cw-charge__notice'), `已给 001 户（${HEAD_001}）办理退款`, true)
    await screenshot(secretary, 'pay-07-refund-requested')

    // The simulator settles the refund after a few seconds and calls back (retrying on its schedule if the BFF
    // did not answer 200); the ledger books it when the callback is accepted.
    const refund = sim.control.refunds().find((r) => r.outTradeNo === outTradeNo)
    if (!refund) throw new Error('the simulator has no refund for the order')
    const delivered = await sim.control.waitForNotification({ outRefundNo: refund.outRefundNo }, 90_000)
    expect(delivered.state).toBe('delivered')
    await button(secretary, '看村级账目').click()
    await reloadLedgerUntil(secretary, '.cw-ledger__entry[data-source="refund"]')
    expect(await visible(secretary, '.cw-ledger__entry[data-source="refund"]').count()).toBe(1)
    expect(await visible(secretary, '.cw-ledger__entry[data-source="payment"]').count()).toBe(1)
    await expectText(visible(secretary, '.cw-ledger__expense'), '30.00')
    await expectText(visible(secretary, '.cw-ledger__balance'), '0.00')
    await screenshot(secretary, 'pay-08-ledger-with-refund')

    const entries = await ledgerEntries()
    expect(entries.map((e) => [e.source, e.section, e.amountFen]).sort()).toEqual([
      ['payment', 'income', AMOUNT_FEN],
      ['refund', 'expense', AMOUNT_FEN],
    ])
  })

  it("should draft the month's finance statement with the payment in a chart", async () => {
    // A month's statement is drafted once the month has ended (docs/wechat-pay.md): move the pay clock (the
    // simulator's) and the browser's into the next month, then step back to the month of the payment.
    const [year, month] = shanghaiDateOf(sim.control.now()).split('-').map(Number) as [number, number]
    const nextMonth = Date.UTC(year, month, 1) - 8 * 3_600_000 + 3_600_000
    sim.control.advanceClock(nextMonth - sim.control.now())
    await secretary.clock.setFixedTime(nextMonth)
    await button(secretary, '起草月度财务公开').click()
    await visible(secretary, '.cw-statement__prev').click()
    await expectText(visible(secretary, '.cw-statement__month-label'), `${year}年${month}月`)
    await visible(secretary, '.cw-statement__draft').click()
    const income = visible(secretary, '.cw-statement__disclosure[data-section="income"]')
    await income.waitFor({ timeout: 20_000 })
    await expectText(income.locator('.cw-chart'), CATEGORY, true)
    await expectText(income.locator('.cw-chart'), '30.00 元', true)
    await expectText(
      visible(secretary, '.cw-statement__disclosure[data-section="expense"] .cw-chart'),
      `退还${CATEGORY}`,
      true,
    )
    await screenshot(secretary, 'pay-09-statement-drafted')

    await button(income, '打开草稿修改、提交').click()
    await visible(secretary, '.cw-sedit__title-input').waitFor({ timeout: 20_000 })
    await screenshot(secretary, 'pay-10-statement-in-editor')
  })

  it('should reconcile the day cleanly, then report an injected bill difference', async () => {
    // WeChat publishes a day's trade bill the next morning: move the simulator's clock past it.
    sim.control.advanceClock(2 * 86_400_000)
    await secretary.goto(`${base}/#/pages/index/index`, { waitUntil: 'load' })
    await button(secretary, '村级账目').click()
    await button(secretary, '和微信支付对账').click()
    await visible(secretary, '.cw-recon__date input').fill(day)
    await button(secretary, '开始对账').click()
    const report = visible(secretary, '.cw-recon__latest .cw-recon__report')
    await expectAttribute(report, 'data-status', 'matched')
    await expectText(report.locator('.cw-recon__verdict'), `${day} · 全部相符`)
    expect(await report.locator('.cw-recon__diff').count()).toBe(0)
    await screenshot(secretary, 'pay-11-reconciliation-clean')

    sim.control.injectBillDifference({ kind: 'amount', outTradeNo, amountFen: 2000 })
    await button(secretary, '开始对账').click()
    await expectAttribute(report, 'data-status', 'differences')
    const diff = report.locator('.cw-recon__diff[data-kind="amount"]')
    await expectText(diff, '这笔收款金额对不上', true)
    await expectText(diff, `订单号 ${outTradeNo}，微信 20.00 元，本村记 30.00 元`, true)
    await screenshot(secretary, 'pay-12-reconciliation-difference')
  })

  it('should show a payment whose notice was lost as paid within seconds', async () => {
    // A new 30.00 元 charge for household 001 (after the day reconciled above, by the simulator's clock).
    const created = await secretaryApi('POST', `/api/v1/villages/${V1}/charges`, {
      title: '卫生费',
      unit: 'household',
      unitAmountFen: AMOUNT_FEN,
      category: '卫生费',
      payers: [{ householdNo: '001' }],
      dueDate: addDays(shanghaiDateOf(sim.control.now()), 30),
      basis: { text: '村民代表会议决议' },
    })
    expect(created.status).toBe(201)
    const lostId = (created.body as { id: string }).id
    let lostNo = ''
    const villager = await phoneAs(browser, base, 'demo-villager')
    // WeChat takes the money, but its notice fails verification here (401) and is not sent again.
    await villager.route('**/__sim/pay/confirm', async (route) => {
      const form = new URLSearchParams(route.request().postData() ?? '')
      const order = sim.control.orders().find((o) => o.prepayId === form.get('prepay_id'))
      const returnUrl = form.get('return_url')
      if (!order || !returnUrl || form.get('action') !== 'pay') return route.continue()
      lostNo = order.outTradeNo
      sim.control.payOrder(order.outTradeNo, { tamper: 'bad_signature' })
      const back = new URL(returnUrl)
      back.searchParams.set('result', 'ok')
      back.searchParams.set('out_trade_no', order.outTradeNo)
      return route.fulfill({ status: 302, headers: { location: back.toString() } })
    })
    await button(villager, '我的缴费').click()
    const item = visible(villager, `.cw-my-charges__item[data-charge-id="${lostId}"]`)
    await item.waitFor({ timeout: 20_000 })
    await item.locator('.cw-my-charges__pay').click()
    await villager.waitForURL(/\/__sim\/pay\?/, { timeout: 20_000 })
    await villager.getByRole('button', { name: '确认支付' }).click()

    // Back in the app, the page has the server query WeChat Pay: 已缴 in seconds, not after the 30-minute expiry.
    const paid = visible(villager, `.cw-my-charges__item[data-charge-id="${lostId}"][data-status="paid"]`)
    await paid.waitFor({ timeout: 10_000 })
    await expectText(visible(villager, '.cw-my-charges__notice'), '缴费成功，谢谢您！')
    await expect
      .poll(() =>
        sim.control
          .notifications()
          .find((n) => n.outTradeNo === lostNo)
          ?.attempts.map((a) => a.status),
      )
      .toEqual([401])
    await screenshot(villager, 'pay-13-lost-notice-paid')
    await villager.context().close()
  })
})
