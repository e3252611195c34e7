import type {
  ReconciliationDifference,
  ChargeDetailDto,
  ChargeDto,
  ChargePayDto,
  MyChargeDto,
  ReconciliationDto,
  RefundDto,
} from '@cunwu/domain'
import { redactSensitiveNumbers } from '@cunwu/domain'
import type { PaymentRefund } from '../models/PaymentRefund.model'
import type { Reconciliation } from '../models/Reconciliation.model'
import type { ChargeSummary, MyCharge, PayStart, PayerView } from '../models/charge-views'

/**
 * A charge with its counts, for staff lists (the village's secretary, the township and above: the staff audience of
 * docs/scrubbing.md, who see what the secretary typed whole). Households read `presentMyCharge`, scrubbed.
 */
export function presentCharge(s: ChargeSummary): ChargeDto {
  const c = s.charge
  return {
    id: c._id.toHexString(),
    villageCode: c.villageCode,
    title: c.title,
    description: c.description,
    unit: c.unit,
    unitAmountFen: c.unitAmountFen,
    unitLabel: c.unitLabel,
    category: c.category,
    dueDate: c.dueDate,
    basis: { text: c.basis.text, disclosureId: c.basis.disclosureId?.toHexString() ?? null },
    decisionId: c.decisionId?.toHexString() ?? null,
    status: c.status,
    payerCount: c.payers.length,
    paidCount: s.paidCount,
    dueFen: c.payers.reduce((sum, p) => sum + p.amountFen, 0),
    receivedFen: s.receivedFen,
    createdAt: c.createdAt.toISOString(),
  }
}

/** A charge with every payer's status, for the secretary. */
export function presentChargeDetail(d: {
  summary: ChargeSummary
  payers: PayerView[]
  refunds: PaymentRefund[]
}): ChargeDetailDto {
  return {
    ...presentCharge(d.summary),
    payers: d.payers.map((p) => ({
      householdNo: p.householdNo,
      headName: p.headName,
      quantity: p.quantity,
      amountFen: p.amountFen,
      status: p.status,
      paidAt: p.paidAt?.toISOString() ?? null,
      refundedFen: p.refundedFen,
    })),
    refunds: d.refunds.map(presentRefund),
  }
}

/**
 * A household's share of a charge. Every paying household reads it (with `allHouseholds`, the whole village), so the
 * secretary's text goes through the one scrubber (docs/scrubbing.md).
 */
export function presentMyCharge(m: MyCharge): MyChargeDto {
  const scrub = redactSensitiveNumbers
  return {
    chargeId: m.charge._id.toHexString(),
    villageCode: m.charge.villageCode,
    title: scrub(m.charge.title),
    description: scrub(m.charge.description),
    category: m.charge.category,
    householdNo: m.payer.householdNo,
    quantity: m.payer.quantity,
    unitLabel: scrub(m.charge.unitLabel),
    amountFen: m.payer.amountFen,
    dueDate: m.charge.dueDate,
    basis: {
      text: scrub(m.charge.basis.text),
      disclosureId: m.charge.basis.disclosureId?.toHexString() ?? null,
    },
    status: m.status,
    paidAt: m.paidAt?.toISOString() ?? null,
    refundedFen: m.refundedFen,
    pastDue: m.pastDue,
  }
}

/** What the app needs to pay: wx.requestPayment parameters, or the H5 pay page. */
export function presentPayStart(p: PayStart): ChargePayDto {
  return {
    outTradeNo: p.order.outTradeNo,
    amountFen: p.order.amountFen,
    expiresAt: p.order.expiresAt.toISOString(),
    requestPayment: p.requestPayment,
    h5PayUrl: p.h5PayUrl,
  }
}

/** A refund. */
export function presentRefund(r: PaymentRefund): RefundDto {
  return {
    outRefundNo: r.outRefundNo,
    outTradeNo: r.outTradeNo,
    chargeId: r.chargeId.toHexString(),
    householdNo: r.householdNo,
    amountFen: r.amountFen,
    reason: r.reason,
    status: r.status,
    createdAt: r.createdAt.toISOString(),
    endedAt: r.endedAt?.toISOString() ?? null,
  }
}

/** A reconciliation report. */
export function presentReconciliation(r: Reconciliation): ReconciliationDto {
  return {
    id: r._id.toHexString(),
    villageCode: r.villageCode,
    date: r.date,
    status: r.status,
    billHash: r.billHash,
    billLines: r.billLines,
    matchedLines: r.matchedLines,
    billIncomeFen: r.billIncomeFen,
    billRefundFen: r.billRefundFen,
    differences: r.differences.map(presentDifference),
    runAt: r.runAt.toISOString(),
    runs: r.runs,
  }
}

/** One difference between a day's bill and the ledger, as a village's report and the admin's list show it. */
export function presentDifference(d: ReconciliationDifference): ReconciliationDifference {
  return {
    kind: d.kind,
    line: d.line,
    outTradeNo: d.outTradeNo,
    outRefundNo: d.outRefundNo ?? null,
    billFen: d.billFen ?? null,
    ledgerFen: d.ledgerFen ?? null,
    attributed: d.attributed,
    note: d.note,
  }
}
