import type { CellValue, Figure } from '@cunwu/domain'

/**
 * The five kinds of cross-village finding:
 * - `duplicate_person`: one ID number on the lists of two or more villages for the same item and period, or on two
 *   lists that exclude each other (低保 and 特困供养) in the same period;
 * - `above_standard`: an amount above what the county's published standard allows for the row;
 * - `listed_after_exit`: a person whose membership ended (去世, 户口迁出) still listed in a later period;
 * - `shared_account`: one bank/一卡通 account on rows of two different households;
 * - `duplicate_in_village`: the same person twice on one village's list.
 */
export type CrossCheckKind =
  'duplicate_person' | 'above_standard' | 'listed_after_exit' | 'shared_account' | 'duplicate_in_village'

export const CROSS_CHECK_KINDS: readonly CrossCheckKind[] = [
  'duplicate_person',
  'above_standard',
  'listed_after_exit',
  'shared_account',
  'duplicate_in_village',
]

/** One village's full rows of one catalog item and period (a published disclosure). */
export interface CrossCheckList {
  /** The stored list (disclosure id): rows are referred to by list and index. */
  listId: string
  villageCode: string
  catalogItemId: string
  period: string
  rows: readonly Readonly<Record<string, CellValue | undefined>>[]
}

/** Why a membership ended, when it bears on entitlement. */
export type ExitReason = 'died' | 'moved_out'

/** A person who left a village's roster, with the date (YYYY-MM-DD, Asia/Shanghai). */
export interface RosterExit {
  villageCode: string
  name: string
  householdNo: string
  reason: ExitReason
  endedOn: string
}

/**
 * Named figures the county or a township published for a catalog item and period. A township's bind only its own
 * villages; a period's bind the periods within it (`standardFor`).
 */
export interface PublishedStandard {
  /** The county or township that published them. */
  regionCode: string
  catalogItemId: string
  period: string
  figures: readonly Figure[]
}

/** A row a finding involves. */
export interface CrossCheckRowRef {
  listId: string
  villageCode: string
  catalogItemId: string
  rowIndex: number
}

/** A person a finding across villages names: the village, the name as normalised, and the item they are on. */
export interface CrossCheckMention {
  villageCode: string
  name: string
  catalogItemId: string
}

/**
 * What a finding across villages rests on, kept with it so each viewer's explanation names only the people and
 * villages the viewer may see (`explainFor`): one ID on lists of one item (`items` of one) or of two items that
 * exclude each other, or one account of several households (`households`: a village code per household).
 */
export type CrossCheckFacts =
  | { kind: 'same_id'; tail: string; period: string; items: string[]; mentions: CrossCheckMention[] }
  | {
      kind: 'shared_account'
      tail: string
      period: string
      households: string[]
      mentions: CrossCheckMention[]
    }

/** A finding: what is wrong, with the rows involved and a plain Chinese explanation. */
export interface CrossCheckResult {
  kind: CrossCheckKind
  /** The item (or `a+b` for two lists that exclude each other). */
  catalogItemId: string
  period: string
  /** Stable per (kind, item, period): re-runs produce the same subject, so findings are updated, not duplicated. */
  subject: string
  villageCodes: string[]
  rows: CrossCheckRowRef[]
  /** The explanation for a viewer who sees every village of the finding (the county). */
  explanation: string
  /** For findings across villages: what other viewers' explanations are written from. */
  facts: CrossCheckFacts | null
}

export interface CrossCheckInput {
  lists: readonly CrossCheckList[]
  standards?: readonly PublishedStandard[]
  exits?: readonly RosterExit[]
  /** Village names for explanations; the code is shown when a name is missing. */
  villageNames?: ReadonlyMap<string, string>
}
