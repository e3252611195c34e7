import type { TableSchema } from '@cunwu/domain'

/** One table row as stored or imported: cells by column key (strings, numbers, booleans, Dates, null). */
export type Row = Readonly<Record<string, unknown>>

/** A named figure stated in a disclosure's interpretation, e.g. `{ name: '低保标准', value: 650, unit: '元/月' }`. */
export interface Figure {
  /** Name of the figure; matched across sides after `normalizeTextKey` (spaces, full-width, case ignored). */
  name: string
  /** The number (exact decimal) or the text as written ("650元/月", "1,234.5"). */
  value: number | string
  /** Unit shown after the value; when absent, text after the number in `value` is the unit. */
  unit?: string
}

/** How a village row was paired with a government row, strongest first. */
export type MatchStrategy = 'id_number' | 'household_no_name' | 'name_id_tail' | 'name'

/** Which columns identify the household; defaults come from the schema (see README). */
export interface KeyColumns {
  /** Person or household-head name column. @default first text column with identifiesHousehold, else first required text column */
  name?: string | null
  /** 居民身份证号 column. @default first id_number column */
  idNumber?: string | null
  /** 户号 column. @default first household_no column */
  householdNo?: string | null
  /** 村民小组 column, read where a 户号 names no group. @default the column keyed `group` */
  group?: string | null
}

/** Input of `compareTables`. */
export interface CompareTablesInput {
  /** Table schema of the catalog item (both sides use the same column keys). */
  schema: TableSchema
  /** Rows of the village disclosure. */
  village: readonly Row[]
  /** Government rows for the same village (already filtered to it). */
  government: readonly Row[]
  /** Figures stated by the village; figures are compared only when both lists are given. */
  villageFigures?: readonly Figure[]
  /** Figures stated by the government. */
  governmentFigures?: readonly Figure[]
  /** Who published the government side, as villagers say it: 县里, 镇里, 乡里. @default '政府' */
  governmentSource?: string
  /** Overrides of the identifying columns. */
  keyColumns?: KeyColumns
  /** Compare only these column keys (identifying columns still match). @default every schema column */
  columns?: readonly string[]
}

/** Kind of a discrepancy. */
export type DiscrepancyKind =
  | 'only_in_village'
  | 'only_in_government'
  | 'amount_differs'
  | 'field_differs'
  | 'ambiguous_match'
  | 'total_differs'
  | 'figure_differs'

/** A row on one side, as shown in a discrepancy. Sensitive numbers never appear here. */
export interface RowRef {
  /** 0-based index of the row in the input array of its side. */
  index: number
  /** Display name (normalised, personal numbers redacted), or null when the row has none. */
  name: string | null
  /** Display 户号, or null. */
  householdNo: string | null
}

/** A value as shown in a discrepancy: fen or a count (number), display text (string), or absent (null). */
export type ShownValue = string | number | null

/** One way in which the two sides do not correspond. Every field is always present (null when not applicable). */
export interface Discrepancy {
  kind: DiscrepancyKind
  /** Strategy that paired the rows (amount/field differences) or that found several candidates (ambiguous). */
  matchedBy: MatchStrategy | null
  /** Village rows concerned (sorted by index); empty for totals, figures and only_in_government. */
  village: RowRef[]
  /** Government rows concerned (sorted by index). */
  government: RowRef[]
  /** Column key; null for row-level, headcount and figure discrepancies. */
  column: string | null
  /** Column label (or 记录数 for the headcount). */
  label: string | null
  /** Figure name, for figure_differs. */
  figure: string | null
  /** Village value: fen for amounts, a number for counts, text otherwise; ID/phone/bank numbers masked. */
  villageValue: ShownValue
  /** Government value, same conventions. */
  governmentValue: ShownValue
  /** Government minus village, when both are numbers (fen for amounts; a decimal string for decimals). */
  difference: number | string | null
  /** Plain-Chinese explanation for a villager or township officer; never contains a full personal number. */
  explanation: string
}

/** Per-column totals of the `total` columns compared. */
export interface ColumnTotal {
  column: string
  label: string
  /** Sum on the village side: fen for amount_fen, a decimal string otherwise. */
  village: number | string
  government: number | string
  /** Cells that could not be read as numbers and were left out of the sum. */
  villageUnreadable: number
  governmentUnreadable: number
}

/** Counts of the comparison. */
export interface AlignmentSummary {
  villageRows: number
  governmentRows: number
  /** Pairs of rows matched. */
  matched: number
  onlyInVillage: number
  onlyInGovernment: number
  /** amount_differs discrepancies (cells). */
  amountDiffers: number
  /** field_differs discrepancies (cells). */
  fieldDiffers: number
  /** ambiguous_match discrepancies (groups). */
  ambiguous: number
  /** Village rows inside ambiguous groups (villageRows = matched + onlyInVillage + ambiguousVillageRows). */
  ambiguousVillageRows: number
  ambiguousGovernmentRows: number
  totalDiffers: number
  figureDiffers: number
  /** Sum of the first totalled amount_fen column on the village side, in fen; null when there is none. */
  villageTotalFen: number | null
  governmentTotalFen: number | null
  /** Matched pairs per strategy. */
  matchedBy: Record<MatchStrategy, number>
  /** Totals of every totalled column present on both sides, in schema order. */
  totals: ColumnTotal[]
}

/** Result of `compareTables`. Deterministic: the same input gives byte-identical `JSON.stringify` output. */
export interface AlignmentResult {
  status: 'consistent' | 'inconsistent'
  summary: AlignmentSummary
  discrepancies: Discrepancy[]
}
