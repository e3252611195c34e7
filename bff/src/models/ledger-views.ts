import type { LedgerEntry } from './LedgerEntry.model'

/** A ledger entry as the staff's list shows it: with the reversal (冲销) that corrected it, if any (已冲销). */
export interface LedgerLine {
  entry: LedgerEntry
  reversedBy: LedgerEntry | null
}

/** An entry just booked, with a note for the secretary (its month's statement is already public), or null. */
export interface BookedEntry {
  entry: LedgerEntry
  warning: string | null
}
