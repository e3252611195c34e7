import type { TableSchema } from '@cunwu/domain'
import { normalizeLabel } from './normalize'
import { COLUMN_SYNONYMS, VILLAGE_COLUMN_LABELS, VILLAGE_GROUP_COLUMN_LABELS } from './synonyms'

/** Unit of the amounts in a source column: 元 (the default) or 万元 (budget and project tables). */
export type AmountUnit = 'yuan' | 'wan_yuan'

/** Proposed column mapping: schema column key → 0-based source column index, or null when not found. */
export type ColumnMapping = Record<string, number | null>

/** What detectHeader proposes; the secretary confirms or corrects it before importRows. */
export interface HeaderDetection {
  /** 0-based index of the header row in the sheet's rows, or null when no row looks like a header. */
  headerRow: number | null
  /** Schema column key → 0-based source column index, or null. */
  mapping: ColumnMapping
  /** How each mapped column was matched, for the confirmation screen. */
  matchedBy: Record<string, 'label' | 'normalized' | 'synonym' | 'contains'>
  /** Keys of required schema columns that found no source column. */
  unmappedRequired: string[]
  /** 0-based index of a village column (name or division code), or null; township and county rosters. */
  villageColumn: number | null
  /** Amount columns whose header or title says 万元 (default 元 is not listed). */
  amountUnits: Record<string, AmountUnit>
  /** Labels of the header row, by source column index ('' for blank cells). */
  sourceLabels: string[]
  /** Table columns that two visible source columns matched equally well; the first is mapped. @default none */
  ambiguous?: AmbiguousColumn[]
}

/** A table column that two source columns fit equally well (保障金额（甲） and 保障金额（乙））: `chosen` is mapped. */
export interface AmbiguousColumn {
  key: string
  chosen: number
  other: number
}

/** Options of detectHeader and detectSheet. */
export interface DetectOptions {
  /**
   * The rows need a village column (township and county rosters): when no column is labelled as the village, a
   * 村组 column (大榆树村1组) is taken as the village column instead of feeding the group column.
   * @default false
   */
  villageColumn?: boolean
  /**
   * 0-based indexes of columns hidden in Excel (SheetRows.hiddenColumns): a visible column wins over a hidden one
   * that matches as well (保障金额（调整前） hidden, 保障金额（调整后） shown). detectSheets takes each sheet's own.
   * @default none
   */
  hiddenColumns?: readonly number[]
}

/** How many rows from the top are searched for the header (titles, 填报单位, 单位：元 lines come first). */
export const HEADER_SEARCH_ROWS = 30

const SCORE = { label: 1000, normalized: 900, synonym: 800, contains: 400 } as const

interface Candidate {
  key: string
  source: number
  score: number
  by: keyof typeof SCORE
}

/** Scores how well one source label matches one schema column; 0 when it does not. */
function scoreLabel(raw: string, normalized: string, key: string, label: string): Candidate['by'] | null {
  if (raw === label) return 'label'
  const ours = normalizeLabel(label)
  if (normalized === ours) return 'normalized'
  const synonyms = COLUMN_SYNONYMS[key] ?? []
  if (synonyms.includes(normalized)) return 'synonym'
  // 享受补贴面积, 申请人身份证号码(18位): a longer source label that contains our label or a synonym of it.
  const parts = [ours, ...synonyms].filter((s) => s.length >= 2)
  if (parts.some((s) => normalized.includes(s))) return 'contains'
  return null
}

function synonymRank(key: string, normalized: string): number {
  const index = (COLUMN_SYNONYMS[key] ?? []).indexOf(normalized)
  return index === -1 ? 99 : index
}

interface RowMatch {
  mapping: ColumnMapping
  ambiguous: AmbiguousColumn[]
  matchedBy: HeaderDetection['matchedBy']
  villageColumn: number | null
  score: number
  count: number
}

// Bracketed words that tell two columns of one label apart (保障金额（调整前） and 保障金额（调整后））: the current figure
// is the one a notice publishes.
const CURRENT_WORDS = /调整后|变更后|本月|本期|本年|实发|现行|现|新|最新|核定/
const FORMER_WORDS = /调整前|变更前|上月|上期|上年|原|旧|应发/

/** 0 for a header whose brackets say it is the current figure, 2 for a former one, 1 otherwise. */
function recency(label: string): number {
  const bracketed = [...label.normalize('NFKC').matchAll(/[([【]([^)\]】]*)[)\]】]/g)]
    .map((m) => m[1] ?? '')
    .join(' ')
  if (bracketed === '') return 1
  if (FORMER_WORDS.test(bracketed)) return 2
  return CURRENT_WORDS.test(bracketed) ? 0 : 1
}

/**
 * Matches one candidate header row: greedy by score so every source and schema column is used once. `alternatives`
 * gives more labels a source column may be read as (a two-row header: 保障金额（月） for 月 under 保障金额); the best
 * scoring one counts.
 */
function matchRow(
  row: readonly string[],
  schema: TableSchema,
  options: DetectOptions,
  alternatives: readonly (readonly string[])[] = [],
): RowMatch {
  const normalized = row.map(normalizeLabel)
  const candidates: Candidate[] = []
  schema.columns.forEach((column) => {
    row.forEach((first, source) => {
      let best: Candidate | null = null
      for (const raw of [first, ...(alternatives[source] ?? [])]) {
        if (raw === '') continue
        const label = raw === first ? (normalized[source] ?? '') : normalizeLabel(raw)
        const by = scoreLabel(raw, label, column.key, column.label)
        if (by === null) continue
        const rank = by === 'synonym' ? synonymRank(column.key, label) : 0
        const score = SCORE[by] - rank
        if (best === null || score > best.score) best = { key: column.key, source, score, by }
      }
      if (best !== null) candidates.push(best)
    })
  })
  const order = new Map(schema.columns.map((c, i) => [c.key, i]))
  const hidden = new Set(options.hiddenColumns ?? [])
  const shown = (c: Candidate): number => (hidden.has(c.source) ? 1 : 0)
  const current = (c: Candidate): number => recency(row[c.source] ?? '')
  candidates.sort(
    (a, b) =>
      b.score - a.score ||
      shown(a) - shown(b) ||
      (order.get(a.key) ?? 0) - (order.get(b.key) ?? 0) ||
      current(a) - current(b) ||
      a.source - b.source,
  )
  const mapping: ColumnMapping = Object.fromEntries(schema.columns.map((c) => [c.key, null]))
  const matchedBy: HeaderDetection['matchedBy'] = {}
  const usedSources = new Set<number>()
  let score = 0
  let count = 0
  const winners = new Map<string, Candidate>()
  for (const c of candidates) {
    if (mapping[c.key] !== null || usedSources.has(c.source)) continue
    mapping[c.key] = c.source
    matchedBy[c.key] = c.by
    usedSources.add(c.source)
    winners.set(c.key, c)
    score += c.score
    count += 1
  }
  // A visible column left over that fits a mapped column exactly as well as the one taken: say so (re-probe N4).
  const ambiguous: AmbiguousColumn[] = []
  for (const c of candidates) {
    const won = winners.get(c.key)
    if (won === undefined || won === c || usedSources.has(c.source) || hidden.has(c.source)) continue
    if (c.score !== won.score || current(c) !== current(won) || ambiguous.some((a) => a.key === c.key))
      continue
    ambiguous.push({ key: c.key, chosen: won.source, other: c.source })
  }
  const villageLabels = new Set(VILLAGE_COLUMN_LABELS.map(normalizeLabel))
  const village = normalized.findIndex((label, i) => !usedSources.has(i) && villageLabels.has(label))
  if (village === -1 && options.villageColumn === true) {
    const groupLabels = new Set(VILLAGE_GROUP_COLUMN_LABELS.map(normalizeLabel))
    const villageGroup = normalized.findIndex((label) => groupLabels.has(label))
    if (villageGroup !== -1) {
      // The cell names the village first; the group column is optional and is left unmapped rather than
      // filled with village names.
      for (const [key, source] of Object.entries(mapping)) {
        if (source !== villageGroup) continue
        mapping[key] = null
        delete matchedBy[key]
        count -= 1
      }
      return { mapping, ambiguous, matchedBy, villageColumn: villageGroup, score, count }
    }
  }
  return { mapping, ambiguous, matchedBy, villageColumn: village === -1 ? null : village, score, count }
}

/** Finds amount columns in 万元: from their own header, or from a 单位：万元 line above the header. */
export function detectAmountUnits(
  rows: readonly (readonly string[])[],
  headerRow: number,
  schema: TableSchema,
  mapping: ColumnMapping,
): Record<string, AmountUnit> {
  const above = rows.slice(0, headerRow).flat().join(' ').normalize('NFKC')
  const sheetInWan = /单位[:：]?\s*万元/.test(above)
  const header = rows[headerRow] ?? []
  const units: Record<string, AmountUnit> = {}
  for (const column of schema.columns) {
    const source = mapping[column.key]
    if (column.type !== 'amount_fen' || source === null || source === undefined) continue
    const label = (header[source] ?? '').normalize('NFKC')
    const own = /万元/.test(label) ? 'wan_yuan' : /元/.test(label) ? 'yuan' : null
    if ((own ?? (sheetInWan ? 'wan_yuan' : 'yuan')) === 'wan_yuan') units[column.key] = 'wan_yuan'
  }
  return units
}

/**
 * Finds the header row among the first rows of a sheet and proposes which source column feeds each schema
 * column: exact label, then normalised label, then a known synonym, then a label containing ours.
 */
export function detectHeader(
  rows: readonly (readonly string[])[],
  schema: TableSchema,
  options: DetectOptions = {},
): HeaderDetection {
  let best: (RowMatch & { index: number; labels: string[] }) | null = null
  const better = (match: RowMatch): boolean =>
    best === null || match.count > best.count || (match.count === best.count && match.score > best.score)
  const limit = Math.min(rows.length, HEADER_SEARCH_ROWS)
  for (let index = 0; index < limit; index += 1) {
    const row = rows[index] ?? []
    // A title row is one merged cell; a header has at least two labels.
    if (row.filter((c) => c !== '').length < 2) continue
    const match = matchRow(row, schema, options)
    if (match.count > 0 && better(match)) best = { ...match, index, labels: [...row] }
    // A two-row header: group labels on this row (保障金额, 家庭情况, merged over their columns), the column labels
    // on the next (月, 年; 人数, 身份证号). Only taken when it maps more than either row alone.
    const lower = rows[index + 1]
    if (lower === undefined || !looksLikeLabels(lower)) continue
    const combined = combineHeaderRows(row, lower)
    const two = matchRow(combined.labels, schema, options, combined.alternatives)
    const alone = Math.max(match.count, matchRow(lower, schema, options).count)
    if (two.count > alone && better(two)) best = { ...two, index: index + 1, labels: combined.labels }
  }
  const empty: ColumnMapping = Object.fromEntries(schema.columns.map((c) => [c.key, null]))
  const mapping = best?.mapping ?? empty
  return {
    headerRow: best?.index ?? null,
    mapping,
    matchedBy: best?.matchedBy ?? {},
    unmappedRequired: schema.columns.filter((c) => c.required && mapping[c.key] === null).map((c) => c.key),
    villageColumn: best?.villageColumn ?? null,
    amountUnits: best === null ? {} : detectAmountUnits(rows, best.index, schema, mapping),
    sourceLabels: best === null ? [] : best.labels,
    ...(best === null || best.ambiguous.length === 0 ? {} : { ambiguous: best.ambiguous }),
  }
}

/** Whether a row can be the lower row of a two-row header: two labels or more, none of them a number. */
function looksLikeLabels(row: readonly string[]): boolean {
  const cells = row.filter((c) => c !== '')
  return cells.length >= 2 && !cells.some((c) => /^[\d.,+\-\s%元]+$/.test(c.normalize('NFKC')))
}

/**
 * The labels of a two-row header, by column: the lower row's label, or the upper one's where the lower is blank
 * (姓名 merged over both rows); alternatives `upper（lower）` read the lower label within its group (保障金额（月）).
 * A group label merged over several columns is written in its first column only, so it carries to the right over
 * the columns whose upper cell is blank and whose lower cell is not.
 */
export function combineHeaderRows(
  upper: readonly string[],
  lower: readonly string[],
): { labels: string[]; alternatives: string[][] } {
  const width = Math.max(upper.length, lower.length)
  const labels: string[] = []
  const alternatives: string[][] = []
  let group = ''
  for (let c = 0; c < width; c += 1) {
    const up = upper[c] ?? ''
    const low = lower[c] ?? ''
    if (up !== '') group = low === '' ? '' : up
    else if (low === '') group = ''
    const over = up !== '' ? up : group
    labels.push(low !== '' ? (over !== '' && over !== low ? `${over}（${low}）` : low) : up)
    alternatives.push(low !== '' && over !== '' && over !== low ? [low] : [])
  }
  return { labels, alternatives }
}

const HEAVENLY_STEMS = '甲乙丙丁戊己庚辛壬癸'

/**
 * Whether a row is a 栏次 row of column numbers under the header, as government forms print it: 1 2 3 4 5, or
 * 甲 乙 1 2 3 (stems for the descriptive columns, numbers for the others), optionally after a 栏次 label. At least
 * three numbered cells, in order, nothing else.
 */
export function isColumnNumberRow(row: readonly string[]): boolean {
  const cells = row.filter((c) => c !== '').map((c) => c.normalize('NFKC').replace(/\s+/g, ''))
  if (cells[0] === '栏次' || cells[0] === '栏号') cells.shift()
  if (cells.length < 3) return false
  let at = 0
  let stems = 0
  while (at < cells.length && cells[at] === HEAVENLY_STEMS[stems]) {
    at += 1
    stems += 1
  }
  let next = 1
  for (; at < cells.length; at += 1) {
    if (cells[at] !== String(next)) return false
    next += 1
  }
  return true
}
