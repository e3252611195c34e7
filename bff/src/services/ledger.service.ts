import { Types } from 'mongoose'
import type { Connection } from 'mongoose'
import type { LedgerEntryCreateReq, LedgerSection } from '@cunwu/domain'
import { ErrorCode, periodLabel, shanghaiDateOf } from '@cunwu/domain'
import { AppError, databaseUnavailable, notFound } from '../errors'
import type { Models } from '../models'
import type { LedgerEntry } from '../models/LedgerEntry.model'
import type { BookedEntry, LedgerLine } from '../models/ledger-views'
import type { PaymentOrder } from '../models/PaymentOrder.model'
import type { PaymentRefund } from '../models/PaymentRefund.model'
import type { User } from '../models/User.model'
import type { Actor, AuditService } from './audit.service'
import { isDuplicateKey } from '../lib/db-writes'
import { loadPassedDecision } from './decisions.service'

/** GridFS bucket of scanned vouchers (凭证). */
export const VOUCHER_BUCKET = 'vouchers'

type NewEntry = Omit<LedgerEntry, '_id' | 'createdAt' | 'updatedAt' | 'month'>

/** The catalog items the monthly statement is drafted into, by ledger section. */
export const FINANCE_ITEMS: Partial<Record<LedgerSection, string>> = {
  income: 'village-finance.income',
  expense: 'village-finance.expense',
}

/**
 * The WeChat Pay reference a payment's ledger line carries: the last 4 digits of the transaction id (the payer
 * finds them in their WeChat bill). The full id stays on the payment order, for reconciliation; the ledger line
 * goes into the public finance statement, which carries no 户号 and no full transaction id (docs/wechat-pay.md,
 * "The ledger and the public statement").
 */
export function paymentRemark(transactionId: string): string {
  return `微信支付 交易单号尾号${transactionId.slice(-4)}`
}

/**
 * A 户号 as ledger lines booked before that rule wrote it after the charge's title, e.g. 卫生费（001户）: a number
 * inside, so a title such as 慰问金（低保户） is left alone.
 */
const BOOKED_HOUSEHOLD = /（[^（）]*[0-9０-９][^（）]*户）$/u
/** A full transaction id as those lines wrote it. */
const BOOKED_TRANSACTION = /^微信支付 (\d{8,})$/u

/**
 * The summary and remark of a ledger line as the public statement shows them. Payments and refunds are booked
 * without 户号 and with a masked reference (`bookPayment`, `bookRefund`); lines booked before were not, and lose
 * both here.
 */
export function statementTextOf(e: Pick<LedgerEntry, 'source' | 'summary' | 'remark'>): {
  summary: string
  remark: string
} {
  if (e.source !== 'payment' && e.source !== 'refund') return { summary: e.summary, remark: e.remark }
  const transaction = BOOKED_TRANSACTION.exec(e.remark)?.[1]
  return {
    summary: e.summary.replace(BOOKED_HOUSEHOLD, ''),
    remark: transaction ? paymentRemark(transaction) : e.remark,
  }
}

/**
 * The village ledger. Payments and refunds are booked by the pay callbacks through `bookPayment` and
 * `bookRefund`, exactly once each: the entry's `sourceRef` is unique, so parallel duplicate callbacks race on
 * the index and all but one get a duplicate-key error, which means "already booked".
 */
export class LedgerService {
  constructor(
    private readonly deps: { models: Models; audit: AuditService; conn: Connection; now: () => number },
  ) {}

  /** A date typed by the secretary may not be after today (China time): 422 date_in_future. */
  checkNotFuture(date: string): void {
    if (date > shanghaiDateOf(this.deps.now()))
      throw new AppError(422, ErrorCode.DateInFuture, `记账日期 ${date} 晚于今天，请核对`)
  }

  /**
   * What to tell the secretary who books into months whose finance statement is already public: the public
   * figures no longer match the ledger, and a corrected version is drafted from the statement page. Null otherwise.
   */
  async statementWarning(
    villageCode: string,
    entries: readonly { section: LedgerSection; date: string }[],
    what: string,
  ): Promise<string | null> {
    const months = [
      ...new Set(entries.filter((e) => FINANCE_ITEMS[e.section]).map((e) => e.date.slice(0, 7))),
    ]
    if (months.length === 0) return null
    const published: string[] = await this.deps.models.Disclosure.distinct('period', {
      regionCode: villageCode,
      catalogItemId: { $in: Object.values(FINANCE_ITEMS) },
      period: { $in: months },
      status: 'published',
    })
    if (published.length === 0) return null
    const labels = published.sort().map(periodLabel).join('、')
    return `${labels}的财务公开已经发布，${what}记入后，公开的账目和台账对不上了。请到“月度财务公开”生成更正版，提交审核后公开。`
  }

  /** Inserts an entry unless one with the same sourceRef exists; true when this call created it. */
  async insertOnce(entry: NewEntry): Promise<boolean> {
    try {
      await this.deps.models.LedgerEntry.create({ ...entry, month: entry.date.slice(0, 7) })
      return true
    } catch (err) {
      if (isDuplicateKey(err)) return false
      throw err
    }
  }

  /**
   * Books a confirmed payment as income (once per order): the charge's title, the 户主 who paid (names are
   * public on statements as on other village lists) and the masked reference; no 户号 (never public).
   */
  async bookPayment(
    order: PaymentOrder,
    charge: { title: string; category: string; decisionId?: Types.ObjectId | null },
    headName: string,
    paidAt: Date,
    transactionId: string,
  ): Promise<boolean> {
    return this.insertOnce({
      villageCode: order.villageCode,
      section: 'income',
      date: shanghaiDateOf(paidAt),
      amountFen: order.amountFen,
      summary: charge.title,
      category: charge.category,
      counterparty: headName,
      voucherNo: '',
      voucherFileIds: [],
      handler: '',
      remark: paymentRemark(transactionId),
      source: 'payment',
      sourceRef: `payment:${order.outTradeNo}`,
      outTradeNo: order.outTradeNo,
      outRefundNo: null,
      decisionId: charge.decisionId ?? null,
      createdBy: null,
    })
  }

  /**
   * Books a completed refund as an expense (once per refund): amounts in the statement are never negative. No 户号,
   * as for payments.
   */
  async bookRefund(
    refund: PaymentRefund,
    charge: { title: string; category: string; decisionId?: Types.ObjectId | null },
    headName: string,
    successAt: Date,
  ): Promise<boolean> {
    return this.insertOnce({
      villageCode: refund.villageCode,
      section: 'expense',
      date: shanghaiDateOf(successAt),
      amountFen: refund.amountFen,
      summary: `退还${charge.title}`,
      category: `退还${charge.category}`.slice(0, 20),
      counterparty: headName,
      voucherNo: '',
      voucherFileIds: [],
      handler: '',
      remark: `退款原因：${refund.reason}`,
      source: 'refund',
      sourceRef: `refund:${refund.outRefundNo}`,
      outTradeNo: refund.outTradeNo,
      outRefundNo: refund.outRefundNo,
      decisionId: charge.decisionId ?? null,
      createdBy: null,
    })
  }

  /** Adds an entry typed in by the secretary; warns when its month's statement is already public. */
  async create(
    villageCode: string,
    req: LedgerEntryCreateReq,
    user: User,
    actor: Actor,
  ): Promise<BookedEntry> {
    this.checkNotFuture(req.date)
    const vouchers = await this.checkVouchers(villageCode, req.voucherFileIds)
    const decisionId = await this.checkDecision(villageCode, req.decisionId)
    const id = new Types.ObjectId()
    const doc = await this.deps.models.LedgerEntry.create({
      _id: id,
      ...this.manualEntry(
        villageCode,
        req,
        vouchers,
        user,
        'manual',
        `manual:${id.toHexString()}`,
        decisionId,
      ),
      month: req.date.slice(0, 7),
    })
    await this.deps.audit.record(actor, {
      action: 'ledger.create',
      targetType: 'ledger_entry',
      targetId: doc.id,
      regionCode: villageCode,
      data: { section: req.section, amountFen: req.amountFen },
    })
    return { entry: doc.toObject(), warning: await this.statementWarning(villageCode, [req], '这笔账') }
  }

  /**
   * Corrects a wrong entry typed in or imported (冲销): books the opposite amount on the same day, section and
   * category, linked to the original; both stay in the ledger, the original shows 已冲销, and sums net out. Once
   * per entry (the reversal's sourceRef is unique: a second one is 409 already_reversed). WeChat payments and
   * refunds are booked from WeChat Pay and corrected by a refund, not here.
   */
  async reverse(
    villageCode: string,
    id: string,
    reason: string,
    user: User,
    actor: Actor,
  ): Promise<BookedEntry> {
    const original = await this.deps.models.LedgerEntry.findOne({ _id: id, villageCode }).lean()
    if (!original) throw notFound('账目')
    if (original.source === 'reversal')
      throw new AppError(
        422,
        ErrorCode.NotReversible,
        '这是一笔冲销，不能再冲销；冲销错了的，请重新记一笔正确的账',
      )
    if (original.source === 'payment' || original.source === 'refund')
      throw new AppError(
        422,
        ErrorCode.NotReversible,
        '微信缴费和退款由系统按微信支付自动入账，不能冲销；收错的钱请在收费页办理退款',
      )
    let doc
    try {
      doc = await this.deps.models.LedgerEntry.create({
        villageCode,
        section: original.section,
        date: original.date,
        month: original.month,
        amountFen: -original.amountFen,
        summary: `冲销：${original.summary}`,
        category: original.category,
        counterparty: original.counterparty,
        voucherNo: '',
        voucherFileIds: [],
        handler: '',
        remark: `冲销原因：${reason}`,
        source: 'reversal',
        sourceRef: `reversal:${original._id.toHexString()}`,
        outTradeNo: null,
        outRefundNo: null,
        decisionId: original.decisionId ?? null,
        reversalOf: original._id,
        reversalReason: reason,
        createdBy: user._id,
      })
    } catch (err) {
      if (isDuplicateKey(err)) throw new AppError(409, ErrorCode.AlreadyReversed, '这笔账已经冲销过了')
      throw err
    }
    await this.deps.audit.record(actor, {
      action: 'ledger.reverse',
      targetType: 'ledger_entry',
      targetId: original._id.toHexString(),
      regionCode: villageCode,
      data: { reversal: doc.id, amountFen: original.amountFen, reason },
    })
    return {
      entry: doc.toObject(),
      warning: await this.statementWarning(villageCode, [original], '这笔冲销'),
    }
  }

  /** Entries of a village, newest first, by month and section, each with its reversal if it was reversed. */
  async list(
    villageCode: string,
    q: { month?: string | undefined; section?: LedgerSection | undefined; limit: number },
  ): Promise<LedgerLine[]> {
    const entries = await this.deps.models.LedgerEntry.find({
      villageCode,
      ...(q.month ? { month: q.month } : {}),
      ...(q.section ? { section: q.section } : {}),
    })
      .sort({ date: -1, createdAt: -1 })
      .limit(q.limit)
      .lean()
    const reversals = await this.deps.models.LedgerEntry.find({
      villageCode,
      reversalOf: { $in: entries.map((e) => e._id) },
    }).lean()
    const byOriginal = new Map(reversals.map((r) => [r.reversalOf?.toHexString() ?? '', r]))
    return entries.map((entry) => ({ entry, reversedBy: byOriginal.get(entry._id.toHexString()) ?? null }))
  }

  /**
   * Money moved on a decision's authority: raised is income booked against it net of refunds of its charges, spent
   * the other expenses booked against it.
   */
  async totalsForDecision(
    villageCode: string,
    decisionId: Types.ObjectId,
  ): Promise<{ raisedFen: number; spentFen: number }> {
    const entries = await this.deps.models.LedgerEntry.find(
      { villageCode, decisionId },
      { section: 1, amountFen: 1, source: 1 },
    ).lean()
    let raisedFen = 0
    let spentFen = 0
    for (const e of entries) {
      if (e.section === 'income') raisedFen += e.amountFen
      else if (e.section === 'expense' && e.source === 'refund') raisedFen -= e.amountFen
      else if (e.section === 'expense') spentFen += e.amountFen
    }
    return { raisedFen, spentFen }
  }

  /** Every entry of a month, oldest first (for the statement). */
  async monthEntries(villageCode: string, month: string): Promise<LedgerEntry[]> {
    return this.deps.models.LedgerEntry.find({ villageCode, month }).sort({ date: 1, createdAt: 1 }).lean()
  }

  async checkVouchers(villageCode: string, ids: readonly string[]): Promise<Types.ObjectId[]> {
    if (ids.length === 0) return []
    const db = this.deps.conn.db
    if (!db) throw databaseUnavailable()
    const objectIds = ids.map((id) => new Types.ObjectId(id))
    const found = await db
      .collection(`${VOUCHER_BUCKET}.files`)
      .countDocuments({ _id: { $in: objectIds }, 'metadata.villageCode': villageCode })
    if (found !== new Set(ids).size)
      throw new AppError(422, ErrorCode.UnprocessableEntity, '凭证文件不存在，请重新上传')
    return objectIds
  }

  /** The decision an entry is booked against: a passed decision of the same village (422 otherwise), or none. */
  async checkDecision(villageCode: string, id: string | null): Promise<Types.ObjectId | null> {
    if (id === null) return null
    return (await loadPassedDecision(this.deps.models, villageCode, id))._id
  }

  manualEntry(
    villageCode: string,
    req: LedgerEntryCreateReq,
    vouchers: Types.ObjectId[],
    user: User,
    source: 'manual' | 'import',
    sourceRef: string,
    decisionId: Types.ObjectId | null,
  ): NewEntry {
    return {
      villageCode,
      section: req.section,
      date: req.date,
      amountFen: req.amountFen,
      summary: req.summary,
      category: req.category,
      counterparty: req.counterparty,
      voucherNo: req.voucherNo,
      voucherFileIds: vouchers,
      handler: req.handler,
      remark: req.remark,
      source,
      sourceRef,
      outTradeNo: null,
      outRefundNo: null,
      decisionId,
      createdBy: user._id,
    }
  }
}
