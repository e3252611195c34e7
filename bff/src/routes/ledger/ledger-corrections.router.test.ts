import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  FinanceStatementDtoSchema,
  FinanceStatementStatusDtoSchema,
  LedgerEntryBookedDtoSchema,
  LedgerEntryDtoSchema,
  shanghaiDateOf,
} from '@cunwu/domain'
import { buildPayTestApp, eventually } from '../../testing/pay'
import type { PayTestApp } from '../../testing/pay'
import { signIn } from '../../testing/sign-in'
import { demoRegionOf } from '../../testing/demo'
import { seenRevision } from '../../testing/publish'

const V1 = demoRegionOf('demo-secretary')
const V2 = demoRegionOf('demo-secretary-2')

const nextDay = (d: string) => new Date(Date.parse(`${d}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10)

/**
 * The tester's findings on the ledger, statements and reconciliation, in one village's month: reconciling before a
 * bill exists, bill lines of no village, statements of months not ended and their corrected versions, reversals,
 * all-or-nothing imports and bounded dates.
 */
describe('ledger corrections, statement versions and reconciliation bounds', () => {
  let t: PayTestApp
  let secretary = ''
  let secretary2 = ''
  let villager = ''
  let township = ''
  let admin = ''
  let day = ''
  let month = ''
  const paid: string[] = []

  const api = () => request(t.app.callback())
  const moveTo = (iso: string) =>
    t.sim.control.advanceClock(Math.max(0, Date.parse(iso) - t.sim.control.now()))
  const reconcile = (auth: string, village: string, date: string) =>
    api().post(`/api/v1/villages/${village}/reconciliations`).set('Authorization', auth).send({ date })
  const draft = (body: Record<string, unknown>) =>
    api().post(`/api/v1/villages/${V1}/finance-statements`).set('Authorization', secretary).send(body)
  const status = async () =>
    FinanceStatementStatusDtoSchema.parse(
      (await api().get(`/api/v1/villages/${V1}/finance-statements/${month}`).set('Authorization', secretary))
        .body,
    )
  const entry = (over: Record<string, unknown> = {}) => ({
    section: 'income',
    date: day,
    amountFen: 5000,
    summary: '集体鱼塘租金',
    category: '租金收入',
    ...over,
  })

  beforeAll(async () => {
    t = await buildPayTestApp()
    secretary = (await signIn(t.app, 'demo-secretary')).auth
    secretary2 = (await signIn(t.app, 'demo-secretary-2')).auth
    villager = (await signIn(t.app, 'demo-villager')).auth
    township = (await signIn(t.app, 'demo-township')).auth
    admin = (await signIn(t.app, 'demo-admin')).auth
    day = shanghaiDateOf(t.sim.control.now())
    month = day.slice(0, 7)
    for (const [i, amount] of [1000, 3000].entries()) {
      const c = await api()
        .post(`/api/v1/villages/${V1}/charges`)
        .set('Authorization', secretary)
        .send({
          title: `卫生费${i + 1}`,
          unit: 'household',
          unitAmountFen: amount,
          category: '卫生费',
          payers: [{ householdNo: '001' }],
          dueDate: new Date(Date.parse(`${day}T00:00:00Z`) + 60 * 86_400_000).toISOString().slice(0, 10),
          basis: { text: '村民会议决议' },
        })
      const pay = await api().post(`/api/v1/charges/${c.body.id}/pay`).set('Authorization', villager).send({})
      t.sim.control.payOrder(pay.body.outTradeNo)
      paid.push(pay.body.outTradeNo)
    }
    await eventually(
      async () => (await t.services?.models.LedgerEntry.countDocuments({ source: 'payment' })) === 2,
    )
  })
  afterAll(async () => {
    await t.close()
  })

  it('should refuse a day whose bill is not out yet, a later day, and one older than WeChat keeps bills', async () => {
    for (const [date, code] of [
      [day, 'bill_not_ready'],
      [nextDay(day), 'bill_not_ready'],
      ['2030-01-01', 'bill_not_ready'],
      ['2000-01-01', 'bill_expired'],
      ['0001-01-01', 'bill_expired'],
    ] as const) {
      const res = await reconcile(secretary, V1, date)
      expect([date, res.status, res.body.error?.code]).toEqual([date, 422, code])
      expect(res.body.error.message).toMatch(/账单/)
    }
    // Yesterday's bill before 10:00 China time is not out either.
    moveTo(`${nextDay(day)}T09:30:00+08:00`)
    const early = await reconcile(secretary, V1, day)
    expect(early.status).toBe(422)
    expect(early.body.error.message).toContain(`${nextDay(day)} 上午 10 点以后`)
    expect(await t.services?.models.Reconciliation.countDocuments({ villageCode: V1 })).toBe(0)
  })

  it("should keep a bill line of no village out of every village's report and report it once for the admin", async () => {
    t.sim.control.injectBillDifference({ kind: 'missing', outTradeNo: paid[1] ?? '' })
    t.sim.control.injectBillDifference({ kind: 'extra', billDate: day, amountFen: 777 })
    const [y = 0, m = 0] = month.split('-').map(Number)
    moveTo(`${new Date(Date.UTC(y, m, 1)).toISOString().slice(0, 10)}T11:00:00+08:00`)
    const v1 = await reconcile(secretary, V1, day)
    expect(v1.status).toBe(200)
    expect(v1.body.differences.map((d: { kind: string }) => d.kind)).toEqual(['missing'])
    const v2 = await reconcile(secretary2, V2, day)
    expect(v2.status).toBe(200)
    expect(v2.body.differences).toEqual([])
    const merchant = await api().get('/api/v1/reconciliations/unattributed').set('Authorization', admin)
    expect(merchant.status).toBe(200)
    expect(merchant.body.days).toHaveLength(1)
    expect(merchant.body.days[0]).toMatchObject({ date: day, differences: [{ kind: 'extra', billFen: 777 }] })
    expect(
      (await api().get('/api/v1/reconciliations/unattributed').set('Authorization', secretary)).status,
    ).toBe(403)
  })

  it('should draft only a month that has ended, and list differences by day and amount, not order number', async () => {
    const current = shanghaiDateOf(t.sim.control.now()).slice(0, 7)
    for (const m of [current, '2099-12']) {
      const res = await draft({ month: m })
      expect([m, res.status, res.body.error.code]).toEqual([m, 422, 'month_not_ended'])
    }
    expect((await draft({ month: '1999-12' })).status).toBe(400)
    const res = await draft({ month })
    expect(res.status).toBe(201)
    expect(FinanceStatementDtoSchema.parse(res.body).openReconciliationIssues).toBe(1)
    const income = await t.services?.models.Disclosure.findById(res.body.disclosures[0].disclosureId).lean()
    expect(income?.body).toContain(`一笔缴费 30.00 元：台账已入账，账单无此笔`)
    for (const no of paid) expect(income?.body).not.toContain(no)
    expect(income?.body).not.toMatch(/P\d{12}/)
    const again = await draft({ month })
    expect([again.status, again.body.error.code]).toEqual([409, 'disclosure_exists'])
    expect(again.body.error.message).toContain('已有草稿')
  })

  it('should warn when the ledger changes after publication and draft a corrected version from it', async () => {
    // Both parts are published; this month's expense part is empty (本月没有支出) and is confirmed as such.
    const sections = (await status()).sections
    expect(sections.map((x) => x.section)).toEqual(['income', 'expense'])
    for (const x of sections) {
      const submitted = await api()
        .post(`/api/v1/disclosures/${x.disclosureId}/submit`)
        .set('Authorization', secretary)
        .send({ confirmNoRows: true })
      expect(submitted.status).toBe(200)
      const reviewed = await api()
        .post(`/api/v1/disclosures/${x.disclosureId}/review`)
        .set('Authorization', township)
        .send({
          decision: 'approve',
          revision: await seenRevision(t.app.callback(), x.disclosureId, township),
        })
      expect(reviewed.body.status).toBe('published')
    }
    const expense = await api().get(`/api/v1/disclosures/${sections[1]?.disclosureId}`)
    expect(expense.body.table.rowCount).toBe(0)
    expect(expense.body.body).toContain('本月没有支出')
    expect((await status()).correctionDue).toBe(false)
    const unchanged = await draft({ month, changeNote: '重新生成' })
    expect([unchanged.status, unchanged.body.error.message]).toEqual([409, expect.stringContaining('一致')])

    const booked = await api()
      .post(`/api/v1/villages/${V1}/ledger`)
      .set('Authorization', secretary)
      .send(entry())
    expect(booked.status).toBe(201)
    expect(LedgerEntryBookedDtoSchema.parse(booked.body).warning).toContain('财务公开已经发布')
    const now = await status()
    expect(now.correctionDue).toBe(true)
    expect(now.sections[0]).toMatchObject({ section: 'income', status: 'published', ledgerChanged: true })

    const noNote = await draft({ month })
    expect([noNote.status, noNote.body.error.code]).toEqual([422, 'change_note_required'])
    const corrected = await draft({ month, changeNote: '补记鱼塘租金' })
    expect(corrected.status).toBe(201)
    const v2 = await t.services?.models.Disclosure.findById(corrected.body.disclosures[0].disclosureId).lean()
    expect(v2).toMatchObject({ version: 2, status: 'draft', changeNote: '补记鱼塘租金' })
    expect(v2?.rows).toHaveLength(3)
    expect((await status()).correctionDue).toBe(false)
  })

  it('should reverse a wrong entry once, keep both, mark the original and net the statement', async () => {
    const list = await api()
      .get(`/api/v1/villages/${V1}/ledger?month=${month}`)
      .set('Authorization', secretary)
    const manual = list.body.entries.find((e: { source: string }) => e.source === 'manual')
    const payment = list.body.entries.find((e: { source: string }) => e.source === 'payment')
    const reverse = (auth: string, id: string, village = V1) =>
      api()
        .post(`/api/v1/villages/${village}/ledger/${id}/reverse`)
        .set('Authorization', auth)
        .send({ reason: '租金记重了' })
    for (const who of [villager, township, secretary2])
      expect((await reverse(who, manual.id)).status).toBe(403)
    expect((await reverse(secretary2, manual.id, V2)).status).toBe(404)
    const res = await reverse(secretary, manual.id)
    expect(res.status).toBe(201)
    expect(LedgerEntryBookedDtoSchema.parse(res.body)).toMatchObject({
      amountFen: -5000,
      source: 'reversal',
      reversalOf: manual.id,
      date: day,
    })
    expect(res.body.warning).toContain('财务公开已经发布')
    const again = await reverse(secretary, manual.id)
    expect([again.status, again.body.error.code]).toEqual([409, 'already_reversed'])
    const ofPayment = await reverse(secretary, payment.id)
    expect([ofPayment.status, ofPayment.body.error.code]).toEqual([422, 'not_reversible'])
    const ofReversal = await reverse(secretary, res.body.id)
    expect([ofReversal.status, ofReversal.body.error.code]).toEqual([422, 'not_reversible'])

    const after = await api()
      .get(`/api/v1/villages/${V1}/ledger?month=${month}`)
      .set('Authorization', secretary)
    const original = LedgerEntryDtoSchema.parse(
      after.body.entries.find((e: { id: string }) => e.id === manual.id),
    )
    expect(original.reversedBy).toMatchObject({ entryId: res.body.id, reason: '租金记重了' })
    // The open correction draft is filled from the ledger again: the pair nets out and is left out.
    const refilled = await draft({ month, changeNote: '补记鱼塘租金' })
    expect(refilled.status).toBe(201)
    expect(refilled.body.incomeFen).toBe(4000)
    const v2 = await t.services?.models.Disclosure.findById(refilled.body.disclosures[0].disclosureId).lean()
    expect(v2?.version).toBe(2)
    expect(v2?.rows).toHaveLength(2)
    expect(v2?.body).toContain('1 笔记错的账已冲销')
  })

  it('should import all rows or none, naming the failing rows, and refuse a batch id reused with other rows', async () => {
    const count = async () => t.services?.models.LedgerEntry.countDocuments({ villageCode: V1 })
    const before = await count()
    const send = (batchId: string, entries: unknown[]) =>
      api()
        .post(`/api/v1/villages/${V1}/ledger/import`)
        .set('Authorization', secretary)
        .send({ batchId, entries })
    const bad = await send('batch-001', [
      entry({ summary: '卖树苗' }),
      entry({ summary: '卖竹子' }),
      entry({ summary: '补贴', voucherFileIds: ['0123456789abcdef01234567'] }),
      entry({ summary: '明年的租金', date: '2099-12-31' }),
    ])
    expect([bad.status, bad.body.error.code]).toEqual([422, 'ledger_rows_invalid'])
    expect(bad.body.error.message).toContain('第 3 行')
    expect(bad.body.error.details.rows.map((r: { row: number }) => r.row)).toEqual([3, 4])
    expect(await count()).toBe(before)

    const rows = [entry({ summary: '卖树苗', amountFen: 100 }), entry({ summary: '卖竹子', amountFen: 200 })]
    expect((await send('batch-001', rows)).body).toMatchObject({ created: 2, skipped: 0 })
    expect((await send('batch-001', rows)).body).toMatchObject({ created: 0, skipped: 2 })
    const other = await send('batch-001', [
      entry({ summary: '卖树苗', amountFen: 900 }),
      entry({ summary: '卖竹子', amountFen: 200 }),
      entry({ summary: '卖木材', amountFen: 300 }),
    ])
    expect([other.status, other.body.error.code]).toEqual([422, 'idempotency_key_reused'])
    expect(await count()).toBe((before ?? 0) + 2)
  })

  it('should refuse ledger dates after today (422) or before 2000 (400)', async () => {
    const post = (date: string) =>
      api().post(`/api/v1/villages/${V1}/ledger`).set('Authorization', secretary).send(entry({ date }))
    const future = await post('2099-12-31')
    expect([future.status, future.body.error.code]).toEqual([422, 'date_in_future'])
    for (const date of ['0001-01-01', '1999-05-01']) {
      const res = await post(date)
      expect([date, res.status]).toEqual([date, 400])
      expect(JSON.stringify(res.body)).toContain('2000')
    }
  })
  it('should answer bad input to the new routes with a 400 in Chinese, touching nothing', async () => {
    const reverse = (id: string, body: object) =>
      api().post(`/api/v1/villages/${V1}/ledger/${id}/reverse`).set('Authorization', secretary).send(body)
    const bad: [string, Promise<request.Response>][] = [
      ['no reason', reverse('0123456789abcdef01234567', {})],
      ['blank reason', reverse('0123456789abcdef01234567', { reason: ' ' })],
      ['bad id', reverse('nope', { reason: '记重了' })],
      [
        'month 13',
        api().get(`/api/v1/villages/${V1}/finance-statements/2026-13`).set('Authorization', secretary),
      ],
      [
        'full-width month',
        api().get(`/api/v1/villages/${V1}/finance-statements/１２`).set('Authorization', secretary),
      ],
      ['limit 0', api().get('/api/v1/reconciliations/unattributed?limit=0').set('Authorization', admin)],
      [
        'month soon',
        api().get('/api/v1/reconciliations/unattributed?month=soon').set('Authorization', admin),
      ],
    ]
    for (const [what, sent] of bad) {
      const res = await sent
      expect([what, res.status, res.body.error?.code]).toEqual([what, 400, 'validation_error'])
      expect(res.body.error.message).toMatch(/[\u4e00-\u9fff]/)
    }
    // A well-formed id of nothing in the ledger: 404, as reading it would.
    const unknown = await api()
      .post(`/api/v1/villages/${V1}/ledger/0123456789abcdef01234567/reverse`)
      .set('Authorization', secretary)
      .send({ reason: '记重了' })
    expect(unknown.status).toBe(404)
  })
})
