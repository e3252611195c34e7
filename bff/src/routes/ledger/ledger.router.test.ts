import { Types } from 'mongoose'
import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  ChartSpecSchema,
  FinanceStatementDtoSchema,
  LedgerEntryDtoSchema,
  ReconciliationDtoSchema,
  VoucherDtoSchema,
  shanghaiDateOf,
} from '@cunwu/domain'
import { buildPayTestApp, dueDateAhead, eventually } from '../../testing/pay'
import type { PayTestApp } from '../../testing/pay'
import { signIn } from '../../testing/sign-in'
import { reconcileYesterdayIfDue } from '../../jobs/reconciliation.job'
import { demoRegionOf } from '../../testing/demo'
import { pngImage, pngWithMetadata } from '../../testing/upload-files'

const V1 = demoRegionOf('demo-secretary')

describe('ledger, finance statement and reconciliation', () => {
  let t: PayTestApp
  let secretary = ''
  let villager = ''
  let township = ''
  let day = ''
  const paid: string[] = []

  beforeAll(async () => {
    t = await buildPayTestApp()
    secretary = (await signIn(t.app, 'demo-secretary')).auth
    villager = (await signIn(t.app, 'demo-villager')).auth
    township = (await signIn(t.app, 'demo-township')).auth
    day = shanghaiDateOf(t.sim.control.now())
    // Three paid charges for household 001 today.
    for (const [i, amount] of [1000, 2000, 3000].entries()) {
      const c = await api()
        .post(`/api/v1/villages/${V1}/charges`)
        .set('Authorization', secretary)
        .send({
          title: `一事一议筹资${i + 1}`,
          unit: 'household',
          unitAmountFen: amount,
          category: '一事一议筹资',
          payers: [{ householdNo: '001' }],
          dueDate: dueDateAhead(),
          basis: { text: '村民会议决议' },
        })
      const pay = await api().post(`/api/v1/charges/${c.body.id}/pay`).set('Authorization', villager).send({})
      t.sim.control.payOrder(pay.body.outTradeNo)
      paid.push(pay.body.outTradeNo)
    }
    await eventually(
      async () => (await t.services?.models.LedgerEntry.countDocuments({ source: 'payment' })) === 3,
    )
  })
  afterAll(async () => {
    await t.close()
  })

  function api() {
    return request(t.app.callback())
  }

  const entry = {
    section: 'expense',
    date: '',
    amountFen: 12_000,
    summary: '购买垃圾桶',
    category: '公益事业支出',
    counterparty: '某五金店',
    voucherNo: '记-12',
    handler: '王会计',
  }

  describe('POST /api/v1/villages/:code/ledger', () => {
    it('should add an entry typed in by the secretary', async () => {
      const res = await api()
        .post(`/api/v1/villages/${V1}/ledger`)
        .set('Authorization', secretary)
        .send({ ...entry, date: day })
      expect(res.status).toBe(201)
      expect(LedgerEntryDtoSchema.parse(res.body)).toMatchObject({
        source: 'manual',
        section: 'expense',
        amountFen: 12_000,
      })
    })

    it('should refuse zero amounts, bad dates and unknown sections with 400, unknown vouchers with 422', async () => {
      for (const body of [
        { ...entry, date: day, amountFen: 0 },
        { ...entry, date: '2026-02-30' },
        { ...entry, date: day, section: 'gifts' },
      ]) {
        const res = await api()
          .post(`/api/v1/villages/${V1}/ledger`)
          .set('Authorization', secretary)
          .send(body)
        expect(res.status).toBe(400)
        expect(res.body.error.code).toBe('validation_error')
      }
      const voucher = await api()
        .post(`/api/v1/villages/${V1}/ledger`)
        .set('Authorization', secretary)
        .send({ ...entry, date: day, voucherFileIds: ['0123456789abcdef01234567'] })
      expect(voucher.status).toBe(422)
    })

    it('should store a scanned voucher in GridFS and accept its id on an entry; refuse other file types with 415', async () => {
      // A photographed receipt: stored without its EXIF GPS, text chunks or anything after the image (tester H1).
      const png = pngWithMetadata(Buffer.from('GPS-AFTER-IEND'))
      const up = await api()
        .post(`/api/v1/villages/${V1}/ledger/vouchers`)
        .set('Authorization', secretary)
        .attach('file', png, 'voucher.png')
      expect(up.status).toBe(201)
      expect(VoucherDtoSchema.parse(up.body).size).toBe(pngImage().length)
      const stored = await t.services?.models.Disclosure.db
        .collection('vouchers.chunks')
        .findOne({ files_id: new Types.ObjectId(String(up.body.fileId)) })
      expect(Buffer.from(stored?.data.buffer ?? []).equals(pngImage())).toBe(true)
      const res = await api()
        .post(`/api/v1/villages/${V1}/ledger`)
        .set('Authorization', secretary)
        .send({ ...entry, date: day, amountFen: 300, summary: '购买扫帚', voucherFileIds: [up.body.fileId] })
      expect(res.status).toBe(201)
      expect(res.body.voucherFileIds).toEqual([up.body.fileId])
      const exe = await api()
        .post(`/api/v1/villages/${V1}/ledger/vouchers`)
        .set('Authorization', secretary)
        .attach('file', Buffer.from('MZ\x90\x00'), 'x.exe')
      expect(exe.status).toBe(415)
      expect(
        (
          await api()
            .post(`/api/v1/villages/${V1}/ledger/vouchers`)
            .set('Authorization', villager)
            .attach('file', png, 'v.png')
        ).status,
      ).toBe(403)
    })

    it('should import a batch once, however often it is sent', async () => {
      const body = {
        batchId: 'excel-2026-06-a',
        entries: [
          { ...entry, date: day, summary: '支付保洁员工资', amountFen: 80_000 },
          {
            ...entry,
            date: day,
            section: 'income',
            summary: '集体鱼塘租金',
            category: '租金收入',
            amountFen: 500_000,
          },
        ],
      }
      const first = await api()
        .post(`/api/v1/villages/${V1}/ledger/import`)
        .set('Authorization', secretary)
        .send(body)
      expect(first.body).toEqual({ created: 2, skipped: 0, warnings: [] })
      const second = await api()
        .post(`/api/v1/villages/${V1}/ledger/import`)
        .set('Authorization', secretary)
        .send(body)
      expect(second.body).toEqual({ created: 0, skipped: 2, warnings: [] })
    })

    it('should list the month for staff and refuse villagers', async () => {
      const res = await api()
        .get(`/api/v1/villages/${V1}/ledger?month=${day.slice(0, 7)}`)
        .set('Authorization', township)
      expect(res.status).toBe(200)
      expect(res.body.entries.map((e: { source: string }) => e.source).sort()).toEqual([
        'import',
        'import',
        'manual',
        'manual',
        'payment',
        'payment',
        'payment',
      ])
      expect((await api().get(`/api/v1/villages/${V1}/ledger`).set('Authorization', villager)).status).toBe(
        403,
      )
      expect(
        (await api().get(`/api/v1/villages/${V1}/ledger?month=2026-6`).set('Authorization', secretary))
          .status,
      ).toBe(400)
    })
  })

  describe('POST /api/v1/villages/:code/reconciliations', () => {
    it('should list missing and differing lines of the trade bill, and leave a line of no village out', async () => {
      const [a, b] = paid
      t.sim.control.injectBillDifference({ kind: 'amount', outTradeNo: a ?? '', amountFen: 1 })
      t.sim.control.injectBillDifference({ kind: 'missing', outTradeNo: b ?? '' })
      t.sim.control.injectBillDifference({ kind: 'extra', billDate: day, amountFen: 777 })
      // Bills exist from 09:00 (CST) the next day.
      t.sim.control.advanceClock(2 * 86_400_000)
      const res = await api()
        .post(`/api/v1/villages/${V1}/reconciliations`)
        .set('Authorization', secretary)
        .send({ date: day })
      expect(res.status).toBe(200)
      const dto = ReconciliationDtoSchema.parse(res.body)
      expect(dto.status).toBe('differences')
      expect(dto.billHash).toMatch(/^[0-9a-f]{40}$/)
      expect(dto.matchedLines).toBe(1)
      const kinds = dto.differences
        .map((d) => [
          d.kind,
          d.outTradeNo === a || d.outTradeNo === b ? d.outTradeNo : 'other',
          d.billFen,
          d.ledgerFen,
        ])
        .sort()
      // The injected extra line names no village: the merchant's report holds it (ledger-corrections test).
      expect(kinds).toEqual([
        ['amount', a, 1, 1000],
        ['missing', b, null, 2000],
      ])
      const issues = await t.services?.pay.reconciliation.openReconciliationIssues(V1, day.slice(0, 7))
      expect(issues?.length).toBe(2)
    })

    it('should show the reports to the township and refuse bad dates', async () => {
      const res = await api().get(`/api/v1/villages/${V1}/reconciliations`).set('Authorization', township)
      expect(res.status).toBe(200)
      expect(res.body.reconciliations[0]).toMatchObject({ date: day, status: 'differences' })
      const bad = await api()
        .post(`/api/v1/villages/${V1}/reconciliations`)
        .set('Authorization', secretary)
        .send({ date: '2026-02-30' })
      expect(bad.status).toBe(400)
      expect(
        (
          await api()
            .post(`/api/v1/villages/${V1}/reconciliations`)
            .set('Authorization', villager)
            .send({ date: day })
        ).status,
      ).toBe(403)
    })
  })

  describe('POST /api/v1/villages/:code/finance-statements', () => {
    it('should draft the month from the ledger as disclosures, list open differences, and 409 a second time', async () => {
      const month = day.slice(0, 7)
      // A month is drafted once it has ended: move to the 1st of the next month.
      const [y = 0, m = 0] = month.split('-').map(Number)
      const first = new Date(Date.UTC(y, m, 1)).toISOString().slice(0, 10)
      t.sim.control.advanceClock(Math.max(0, Date.parse(`${first}T11:00:00+08:00`) - t.sim.control.now()))
      const res = await api()
        .post(`/api/v1/villages/${V1}/finance-statements`)
        .set('Authorization', secretary)
        .send({ month })
      expect(res.status).toBe(201)
      const dto = FinanceStatementDtoSchema.parse(res.body)
      expect(dto).toMatchObject({
        incomeFen: 1000 + 2000 + 3000 + 500_000,
        expenseFen: 12_000 + 300 + 80_000,
        openReconciliationIssues: 2,
      })
      expect(dto.disclosures.map((d) => [d.section, d.rows])).toEqual([
        ['income', 4],
        ['expense', 3],
      ])
      const income = await t.services?.models.Disclosure.findById(dto.disclosures[0]?.disclosureId).lean()
      expect(income).toMatchObject({
        status: 'draft',
        catalogItemId: 'village-finance.income',
        period: month,
      })
      expect(income?.body).toContain('对账提示')
      expect(ChartSpecSchema.parse(income?.interpretation?.chart).series[0]).toEqual({
        label: '租金收入',
        value: 500_000,
      })

      const again = await api()
        .post(`/api/v1/villages/${V1}/finance-statements`)
        .set('Authorization', secretary)
        .send({ month })
      expect(again.status).toBe(409)
      expect(again.body.error.code).toBe('disclosure_exists')
    })

    it('should book payments without 户号 or the full transaction id, and keep both out of the statement', async () => {
      const month = day.slice(0, 7)
      const booked = await t.services?.models.LedgerEntry.find({ source: 'payment', villageCode: V1 }).lean()
      expect(booked).toHaveLength(3)
      const orders = await t.services?.models.PaymentOrder.find({ outTradeNo: { $in: paid } }).lean()
      const transactionIds = (orders ?? []).map((o) => o.transactionId ?? '')
      expect(transactionIds.every((id) => id.length > 8)).toBe(true)
      for (const e of booked ?? []) {
        expect(e.summary).toMatch(/^一事一议筹资\d$/)
        expect(e.summary).not.toContain('001')
        expect(e.remark).toMatch(/^微信支付 交易单号尾号\d{4}$/)
        expect(transactionIds.some((id) => e.remark.endsWith(id.slice(-4)))).toBe(true)
      }
      const statement = await t.services?.models.Disclosure.findOne({
        seriesKey: `${V1}|village-finance.income|${month}`,
      }).lean()
      const text = JSON.stringify(statement?.rows)
      expect(text).toContain('一事一议筹资1')
      expect(text).not.toContain('001户')
      for (const id of transactionIds) expect(text).not.toContain(id)
    })

    it('should leave 户号 and the full transaction id out of lines booked before that rule', async () => {
      const models = t.services?.models
      if (!models) throw new Error('no services')
      const transactionId = '4200202001153882547923135746'
      for (const [i, e] of (
        [
          {
            section: 'income',
            summary: '卫生费（001户）',
            remark: `微信支付 ${transactionId}`,
            source: 'payment',
          },
          {
            section: 'expense',
            summary: '退还卫生费（三组-002户）',
            remark: '退款原因：重复缴费',
            source: 'refund',
          },
          { section: 'income', summary: '慰问金（低保户）', remark: '', source: 'payment' },
        ] as const
      ).entries()) {
        await models.LedgerEntry.create({
          ...e,
          villageCode: V1,
          date: '2019-01-15',
          month: '2019-01',
          amountFen: 800,
          category: '卫生费',
          counterparty: '王建国',
          sourceRef: `${e.source}:legacy-${i}`,
        })
      }
      const res = await api()
        .post(`/api/v1/villages/${V1}/finance-statements`)
        .set('Authorization', secretary)
        .send({ month: '2019-01' })
      expect(res.status).toBe(201)
      const [income, expense] = await Promise.all(
        FinanceStatementDtoSchema.parse(res.body).disclosures.map((d) =>
          models.Disclosure.findById(d.disclosureId).lean(),
        ),
      )
      expect(income?.rows?.map((r) => [r.summary, r.remark, r.payer])).toEqual([
        ['卫生费', '微信支付 交易单号尾号5746', '王建国'],
        ['慰问金（低保户）', null, '王建国'],
      ])
      expect(expense?.rows?.map((r) => [r.summary, r.remark])).toEqual([['退还卫生费', '退款原因：重复缴费']])
    })

    it('should draft both parts of a month without entries (本月没有收入/支出), and answer 400 for a bad month', async () => {
      const empty = await api()
        .post(`/api/v1/villages/${V1}/finance-statements`)
        .set('Authorization', secretary)
        .send({ month: '2020-01' })
      expect(empty.status).toBe(201)
      expect(empty.body.disclosures.map((d: { rows: number }) => d.rows)).toEqual([0, 0])
      const part = await t.services?.models.Disclosure.findById(empty.body.disclosures[1].disclosureId).lean()
      expect(part?.body).toContain('本月没有收入，本月没有支出')
      const bad = await api()
        .post(`/api/v1/villages/${V1}/finance-statements`)
        .set('Authorization', secretary)
        .send({ month: '2020-13' })
      expect(bad.status).toBe(400)
    })
  })

  describe('reconciliation after the bill is corrected', () => {
    it('should replace the day report and clear the open issues', async () => {
      t.sim.control.clearBillDifferences()
      const res = await api()
        .post(`/api/v1/villages/${V1}/reconciliations`)
        .set('Authorization', township)
        .send({ date: day })
      expect(res.body).toMatchObject({ status: 'matched', matchedLines: 3, runs: 2, differences: [] })
      expect(await t.services?.pay.reconciliation.openReconciliationIssues(V1, day.slice(0, 7))).toEqual([])
    })
  })

  describe('reconcileYesterdayIfDue', () => {
    it('should wait for 10:00 CST, then reconcile yesterday once', async () => {
      const payments = t.services?.pay
      if (!payments) throw new Error('no services')
      expect(await reconcileYesterdayIfDue(payments, Date.parse('2026-06-02T09:59:00+08:00'), '')).toBeNull()
      expect(await reconcileYesterdayIfDue(payments, Date.parse('2026-06-02T10:30:00+08:00'), '')).toEqual({
        date: '2026-06-01',
        reports: 0,
      })
      expect(
        await reconcileYesterdayIfDue(payments, Date.parse('2026-06-02T23:00:00+08:00'), '2026-06-01'),
      ).toBeNull()
    })
  })
})
