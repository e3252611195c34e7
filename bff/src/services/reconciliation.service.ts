import type { ReconciliationDifference } from '@cunwu/domain'
import { ErrorCode, formatYuan, shanghaiDateOf, shanghaiDateTimeOf } from '@cunwu/domain'
import type { WechatPayClient } from '../clients/wechat-pay.client'
import { WechatPayError } from '../clients/wechat-pay.client'
import { AppError, serviceUnavailable } from '../errors'
import type { Models } from '../models'
import type { Reconciliation } from '../models/Reconciliation.model'
import type { UnattributedBillLines } from '../models/UnattributedBillLines.model'

/**
 * WeChat Pay builds the previous day's trade bill after 09:00 (China time) and advises fetching it after 10:00
 * (申请交易账单, docs/wechat-pay.md).
 */
export const BILL_READY_HOUR_CST = 10
/** WeChat Pay answers bill requests for the last three months only (申请交易账单: 仅支持三个月内的账单下载申请). */
export const BILL_KEPT_MONTHS = 3

/** The calendar day `months` months before `date` (YYYY-MM-DD), clamped to the month's last day. */
function monthsBefore(date: string, months: number): string {
  const [y = 0, m = 1, d = 1] = date.split('-').map(Number)
  const first = new Date(Date.UTC(y, m - 1 - months, 1))
  const last = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 0)).getUTCDate()
  first.setUTCDate(Math.min(d, last))
  return first.toISOString().slice(0, 10)
}

/** The day after `date` (YYYY-MM-DD). */
function nextDay(date: string): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10)
}

/**
 * Refuses a bill date WeChat Pay has no bill for yet, or no longer: today or later, yesterday before 10:00 (China
 * time), or older than three months. Reconciling such a day would list every booked payment as missing from the
 * bill, a false difference that the month's statement then publishes.
 */
export function checkBillDate(date: string, now: number): void {
  const today = shanghaiDateOf(now)
  if (date > today)
    throw new AppError(422, ErrorCode.BillNotReady, `${date} 还没到，微信支付还没有这一天的账单，不能对账`)
  const readyOn = nextDay(date)
  const hour = Number(shanghaiDateTimeOf(now).slice(11, 13))
  if (readyOn > today || (readyOn === today && hour < BILL_READY_HOUR_CST))
    throw new AppError(
      422,
      ErrorCode.BillNotReady,
      `${date} 的微信支付账单要到 ${readyOn} 上午 10 点以后才能下载，请到时再对账`,
    )
  const earliest = monthsBefore(today, BILL_KEPT_MONTHS)
  if (date < earliest)
    throw new AppError(
      422,
      ErrorCode.BillExpired,
      `微信支付只提供最近三个月的账单（${earliest} 以后），${date} 的账单已无法下载`,
    )
}

/** One detail line of a WeChat Pay trade bill (ALL), amounts in fen. */
export interface BillLine {
  kind: 'payment' | 'refund'
  time: string
  outTradeNo: string
  outRefundNo: string | null
  /** Order amount for payments, refund amount for refunds. */
  amountFen: number
  attach: string
}

/** A parsed trade bill. */
export interface TradeBill {
  hash: string
  lines: BillLine[]
}

/** 元 with up to two decimals (possibly negative) to fen, without floating-point rounding surprises. */
export function yuanToFen(text: string): number {
  const m = /^(-)?(\d+)(?:\.(\d{1,2}))?$/.exec(text.trim())
  if (!m) throw new Error(`not an amount: ${text}`)
  const fen = Number(m[2]) * 100 + Number((m[3] ?? '').padEnd(2, '0'))
  return m[1] ? -fen : fen
}

/**
 * Parses the ALL trade bill CSV: a header, detail lines, a summary header and a summary line; every field
 * starts with a backtick; amounts in 元. Columns are found by their header names, not positions.
 */
export function parseTradeBill(csv: string): BillLine[] {
  const rows = csv.split(/\r?\n/).filter((l) => l.length > 0)
  const header = rows[0]?.split(',').map((h) => h.replace(/^\uFEFF/, '').trim())
  if (!header) return []
  const col = (name: string) => {
    const i = header.indexOf(name)
    if (i < 0) throw new Error(`trade bill without column ${name}`)
    return i
  }
  const iTime = col('交易时间')
  const iNo = col('商户订单号')
  const iState = col('交易状态')
  const iTotal = col('订单金额')
  const iRefundNo = col('商户退款单号')
  const iRefund = col('退款金额')
  const iAttach = col('商户数据包')
  const out: BillLine[] = []
  for (let r = 1; r < rows.length; r++) {
    const row = rows[r] ?? ''
    if (row.startsWith('总交易单数')) break
    // Fields are not quoted in trade bills; descriptions with commas would shift columns, so we count them.
    const f = row.split(',').map((v) => (v.startsWith('`') ? v.slice(1) : v))
    if (f.length !== header.length)
      throw new Error(`trade bill line ${r + 1} has ${f.length} fields, expected ${header.length}`)
    const state = f[iState] ?? ''
    const refund = state === 'REFUND'
    out.push({
      kind: refund ? 'refund' : 'payment',
      time: f[iTime] ?? '',
      outTradeNo: f[iNo] ?? '',
      outRefundNo: refund ? (f[iRefundNo] ?? '') : null,
      amountFen: yuanToFen((refund ? f[iRefund] : f[iTotal]) ?? ''),
      attach: f[iAttach] ?? '',
    })
  }
  return out
}

/** Which village a bill line belongs to: our order numbers carry the village code, so does attach. */
export function villageOfLine(line: BillLine): string | null {
  const m = /^P(\d{12})/.exec(line.outTradeNo)
  if (m?.[1]) return m[1]
  return /^\d{12}$/.test(line.attach) ? line.attach : null
}

/** An amount in a difference's note, as the app writes amounts (`formatYuan`: 5,060.00 元). */
function fenLabel(fen: number): string {
  return `${formatYuan(fen)} 元`
}

/**
 * Daily reconciliation against WeChat Pay's trade bill: download (hash checked by the client), compare line by
 * line with the village's ledger entries from payments and refunds, and store one report per village and day
 * (a re-run replaces it). A difference blocks nothing; it is listed, and the finance statement shows it.
 */
export class ReconciliationService {
  constructor(
    private readonly deps: {
      models: Models
      client: () => WechatPayClient | null
      now: () => number
    },
  ) {}

  private async fetchBill(date: string): Promise<TradeBill | null> {
    const client = this.deps.client()
    if (!client) throw serviceUnavailable('微信支付暂未开通')
    let bill: { csv: string; hash: string } | null
    try {
      bill = await client.tradeBill(date)
    } catch (err) {
      if (!(err instanceof WechatPayError)) throw err
      throw new AppError(502, ErrorCode.PayUnavailable, '暂时无法从微信支付下载账单，请稍后再试', true, {
        wechat: err.code,
      })
    }
    return bill ? { hash: bill.hash, lines: parseTradeBill(bill.csv) } : null
  }

  /**
   * Compares one village's day with the (already downloaded) bill and stores the report. Lines no village can be
   * matched to are not the village's: they go into the day's merchant-level report (`recordUnattributed`).
   */
  async reconcileWith(villageCode: string, date: string, bill: TradeBill | null): Promise<Reconciliation> {
    const entries = await this.deps.models.LedgerEntry.find(
      { villageCode, date, source: { $in: ['payment', 'refund'] } },
      { _id: 0, source: 1, amountFen: 1, outTradeNo: 1, outRefundNo: 1 },
    ).lean()
    const payments = new Map<string, number>()
    const refunds = new Map<string, { outTradeNo: string; amountFen: number }>()
    for (const e of entries) {
      if (e.source === 'payment' && e.outTradeNo) payments.set(e.outTradeNo, e.amountFen)
      if (e.source === 'refund' && e.outRefundNo)
        refunds.set(e.outRefundNo, { outTradeNo: e.outTradeNo ?? '', amountFen: e.amountFen })
    }
    const differences: ReconciliationDifference[] = []
    const lines = (bill?.lines ?? []).filter((l) => villageOfLine(l) === villageCode)
    let matched = 0
    let billIncomeFen = 0
    let billRefundFen = 0
    const extras: BillLine[] = []
    const attributed = true
    for (const line of lines) {
      if (line.kind === 'payment') {
        billIncomeFen += line.amountFen
        const booked = payments.get(line.outTradeNo)
        payments.delete(line.outTradeNo)
        if (booked === undefined) extras.push(line)
        else if (booked === line.amountFen) matched++
        else {
          differences.push({
            kind: 'amount',
            line: 'payment',
            outTradeNo: line.outTradeNo,
            outRefundNo: null,
            billFen: line.amountFen,
            ledgerFen: booked,
            attributed,
            note: `账单金额 ${fenLabel(line.amountFen)}，台账金额 ${fenLabel(booked)}`,
          })
        }
      } else {
        billRefundFen += line.amountFen
        const key = line.outRefundNo ?? ''
        const booked = refunds.get(key)
        refunds.delete(key)
        if (!booked) extras.push(line)
        else if (booked.amountFen === line.amountFen) matched++
        else {
          differences.push({
            kind: 'amount',
            line: 'refund',
            outTradeNo: line.outTradeNo,
            outRefundNo: key,
            billFen: line.amountFen,
            ledgerFen: booked.amountFen,
            attributed,
            note: `退款账单金额 ${fenLabel(line.amountFen)}，台账金额 ${fenLabel(booked.amountFen)}`,
          })
        }
      }
    }
    differences.push(...(await this.extraDifferences(extras)))
    for (const [outTradeNo, fen] of payments) {
      differences.push({
        kind: 'missing',
        line: 'payment',
        outTradeNo,
        outRefundNo: null,
        billFen: null,
        ledgerFen: fen,
        attributed: true,
        note: '台账已入账，账单无此笔',
      })
    }
    for (const [outRefundNo, r] of refunds) {
      differences.push({
        kind: 'missing',
        line: 'refund',
        outTradeNo: r.outTradeNo,
        outRefundNo,
        billFen: null,
        ledgerFen: r.amountFen,
        attributed: true,
        note: '台账已记退款，账单无此笔',
      })
    }
    const status = differences.length > 0 ? 'differences' : bill && lines.length > 0 ? 'matched' : 'no_bill'
    const report = await this.deps.models.Reconciliation.findOneAndUpdate(
      { villageCode, date },
      {
        $set: {
          month: date.slice(0, 7),
          status,
          billHash: bill?.hash ?? null,
          billLines: lines.length,
          matchedLines: matched,
          billIncomeFen,
          billRefundFen,
          differences,
          runAt: new Date(this.deps.now()),
        },
        $inc: { runs: 1 },
      },
      { upsert: true, returnDocument: 'after' },
    ).lean()
    if (!report) throw new Error('reconciliation report was not stored')
    return report
  }

  /** The extra lines' differences, saying why each is extra: an order we know but never booked, or not ours. */
  private async extraDifferences(extras: readonly BillLine[]): Promise<ReconciliationDifference[]> {
    if (extras.length === 0) return []
    const known = new Set(
      (
        await this.deps.models.PaymentOrder.find(
          { outTradeNo: { $in: extras.map((l) => l.outTradeNo) } },
          { outTradeNo: 1 },
        ).lean()
      ).map((o) => o.outTradeNo),
    )
    return extras.map((line) => {
      const attributed = villageOfLine(line) !== null
      return {
        kind: 'extra',
        line: line.kind,
        outTradeNo: line.outTradeNo,
        outRefundNo: line.outRefundNo,
        billFen: line.amountFen,
        ledgerFen: null,
        attributed,
        note: known.has(line.outTradeNo)
          ? '账单有此笔，台账未入账'
          : attributed
            ? '账单有此笔，本村无此订单'
            : '账单有此笔，无法确定所属村',
      }
    })
  }

  /** Stores (replacing) the day's bill lines no village can be matched to, once for the merchant. */
  async recordUnattributed(date: string, bill: TradeBill | null): Promise<UnattributedBillLines> {
    const lines = (bill?.lines ?? []).filter((l) => villageOfLine(l) === null)
    const report = await this.deps.models.UnattributedBillLines.findOneAndUpdate(
      { date },
      {
        $set: {
          billHash: bill?.hash ?? null,
          differences: await this.extraDifferences(lines),
          runAt: new Date(this.deps.now()),
        },
      },
      { upsert: true, returnDocument: 'after' },
    ).lean()
    if (!report) throw new Error('unattributed bill lines were not stored')
    return report
  }

  /** The days with bill lines no village can be matched to, newest first (the admin's view). */
  async listUnattributed(q: { month?: string | undefined; limit: number }): Promise<UnattributedBillLines[]> {
    return this.deps.models.UnattributedBillLines.find({
      'differences.0': { $exists: true },
      ...(q.month ? { date: { $regex: `^${q.month}-` } } : {}),
    })
      .sort({ date: -1 })
      .limit(q.limit)
      .lean()
  }

  /** Reconciles one village's day on demand (downloads the bill); only a day WeChat Pay has a bill for. */
  async run(villageCode: string, date: string): Promise<Reconciliation> {
    checkBillDate(date, this.deps.now())
    const bill = await this.fetchBill(date)
    await this.recordUnattributed(date, bill)
    return this.reconcileWith(villageCode, date, bill)
  }

  /** Reconciles a whole day: one download, one report per village with bill lines or booked payments. */
  async runDay(date: string, now = this.deps.now()): Promise<Reconciliation[]> {
    checkBillDate(date, now)
    const bill = await this.fetchBill(date)
    await this.recordUnattributed(date, bill)
    const villages = new Set<string>(
      await this.deps.models.LedgerEntry.distinct('villageCode', {
        date,
        source: { $in: ['payment', 'refund'] },
      }),
    )
    for (const line of bill?.lines ?? []) {
      const v = villageOfLine(line)
      if (v) villages.add(v)
    }
    const reports: Reconciliation[] = []
    for (const v of villages) reports.push(await this.reconcileWith(v, date, bill))
    return reports
  }

  /** Stored reports of a village, newest first. */
  async list(
    villageCode: string,
    q: { month?: string | undefined; limit: number },
  ): Promise<Reconciliation[]> {
    return this.deps.models.Reconciliation.find({ villageCode, ...(q.month ? { month: q.month } : {}) })
      .sort({ date: -1 })
      .limit(q.limit)
      .lean()
  }

  /** The differences still listed for a village's month (the latest report of each day), for the finance disclosure. */
  async openReconciliationIssues(
    villageCode: string,
    month: string,
  ): Promise<(ReconciliationDifference & { date: string })[]> {
    const reports = await this.deps.models.Reconciliation.find({ villageCode, month, status: 'differences' })
      .sort({ date: 1 })
      .lean()
    // Reports stored before unattributed lines were kept apart may hold them: they are not this village's.
    return reports.flatMap((r) =>
      r.differences.filter((d) => d.attributed !== false).map((d) => ({ ...d, date: r.date })),
    )
  }
}
