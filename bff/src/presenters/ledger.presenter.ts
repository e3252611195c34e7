import type {
  FinanceStatementStatusDto,
  LedgerEntryBookedDto,
  LedgerEntryDto,
  UnattributedBillLinesDto,
} from '@cunwu/domain'
import type { LedgerEntry } from '../models/LedgerEntry.model'
import type { BookedEntry, LedgerLine } from '../models/ledger-views'
import type { UnattributedBillLines } from '../models/UnattributedBillLines.model'
import type { FinanceStatementStatus } from '../services/finance-statements.service'
import { presentDifference } from './pay.presenter'

/** A ledger entry for the village's staff, with the reversal that corrected it (已冲销), if any. */
export function presentLedgerEntry(e: LedgerEntry, reversedBy: LedgerEntry | null = null): LedgerEntryDto {
  return {
    id: e._id.toHexString(),
    villageCode: e.villageCode,
    section: e.section,
    date: e.date,
    amountFen: e.amountFen,
    summary: e.summary,
    category: e.category,
    counterparty: e.counterparty,
    voucherNo: e.voucherNo,
    voucherFileIds: e.voucherFileIds.map((id) => id.toHexString()),
    handler: e.handler,
    remark: e.remark,
    source: e.source,
    sourceRef: e.sourceRef,
    decisionId: e.decisionId?.toHexString() ?? null,
    reversalOf: e.reversalOf?.toHexString() ?? null,
    reversedBy: reversedBy
      ? {
          entryId: reversedBy._id.toHexString(),
          reason: reversedBy.reversalReason ?? '',
          createdAt: reversedBy.createdAt.toISOString(),
        }
      : null,
    createdAt: e.createdAt.toISOString(),
  }
}

/** A line of the staff's ledger list. */
export function presentLedgerLine(l: LedgerLine): LedgerEntryDto {
  return presentLedgerEntry(l.entry, l.reversedBy)
}

/** An entry just booked, with its warning. */
export function presentBookedEntry(b: BookedEntry): LedgerEntryBookedDto {
  return { ...presentLedgerEntry(b.entry), warning: b.warning }
}

/** Where a month's statement stands against the ledger. */
export function presentStatementStatus(s: FinanceStatementStatus): FinanceStatementStatusDto {
  return {
    month: s.month,
    ended: s.ended,
    sections: s.sections.map((x) => ({
      section: x.section,
      disclosureId: x.newest._id.toHexString(),
      version: x.newest.version,
      status: x.newest.status,
      publishedId: x.published?._id.toHexString() ?? null,
      ledgerChanged: x.ledgerChanged,
      reconciliationChanged: x.reconciliationChanged,
    })),
    undrafted: s.undrafted,
    correctionDue: s.correctionDue,
  }
}

/** A day's bill lines no village can be matched to (the admin's view). */
export function presentUnattributed(u: UnattributedBillLines): UnattributedBillLinesDto {
  return {
    date: u.date,
    billHash: u.billHash,
    differences: u.differences.map(presentDifference),
    runAt: u.runAt.toISOString(),
  }
}
