import type { Decision } from './Decision.model'

/** A disclosure linked to a decision, with where it stands in review. */
export interface DecisionDisclosureRef {
  id: string
  status: string
  title: string
}

/** What the decisions service derives for the presenter: the links' states and, for one decision, its money. */
export interface DecisionView {
  decision: Decision
  resolutionDisclosure: DecisionDisclosureRef | null
  resultsDisclosure: DecisionDisclosureRef | null
  /** Money moved on the decision's authority, from the ledger; null in lists. */
  money: { raisedFen: number; spentFen: number; charges: { id: string; title: string }[] } | null
}
