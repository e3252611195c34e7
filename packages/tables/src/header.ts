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
}

/** Options of detectHeader and detectSheet. */
export interface DetectOptions {
  /**
   * The rows need a village column (township and county rosters): when no column is labelled as the village, a
   * 村组 column (大榆树村1组) is taken as the village column instead of feeding the group column.
   * @default false
   */
  villageColumn?: boolean
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
  matchedBy: HeaderDetection['matchedBy']
  villageColumn: number | null
  score: number
  count: number
}

/** Matches one candidate header row: greedy by score so every source and schema column is used once. */
function matchRow(row: readonly string[], schema: TableSchema, options: DetectOptions): RowMatch {
  const normalized = row.map(normalizeLabel)
  const candidates: Candidate[] = []
  schema.columns.forEach((column) => {
    row.forEach((raw, source) => {
      if (raw === '') return
      const by = scoreLabel(raw, normalized[source] ?? '', column.key, column.label)
      if (by === null) return
      const rank = by === 'synonym' ? synonymRank(column.key, normalized[source] ?? '') : 0
      candidates.push({ key: column.key, source, score: SCORE[by] - rank, by })
    })
  })
  const order = new Map(schema.columns.map((c, i) => [c.key, i]))
  candidates.sort(
    (a, b) => b.score - a.score || (order.get(a.key) ?? 0) - (order.get(b.key) ?? 0) || a.source - b.source,
  )
  const mapping: ColumnMapping = Object.fromEntries(schema.columns.map((c) => [c.key, null]))
  const matchedBy: HeaderDetection['matchedBy'] = {}
  const usedSources = new Set<number>()
  let score = 0
  let count = 0
  for (const c of candidates) {
    if (mapping[c.key] !== null || usedSources.has(c.source)) continue
    mapping[c.key] = c.source
    matchedBy[c.key] = c.by
    usedSources.add(c.source)
    score += c.score
    count += 1
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
      return { mapping, matchedBy, villageColumn: villageGroup, score, count }
    }
  }
  return { mapping, matchedBy, villageColumn: village === -1 ? null : village, score, count }
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
  let best: (RowMatch & { index: number }) | null = null
  const limit = Math.min(rows.length, HEADER_SEARCH_ROWS)
  for (let index = 0; index < limit; index += 1) {
    const row = rows[index] ?? []
    // A title row is one merged cell; a header has at least two labels.
    if (row.filter((c) => c !== '').length < 2) continue
    const match = matchRow(row, schema, options)
    if (match.count === 0) continue
    if (
      best === null ||
      match.count > best.count ||
      (match.count === best.count && match.score > best.score)
    ) {
      best = { ...match, index }
    }
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
    sourceLabels: best === null ? [] : [...(rows[best.index] ?? [])],
  }
}

/** The sheet of a workbook that best fits a schema, with its header detection. */
export interface SheetDetection {
  /** Index into the sheets array. */
  sheetIndex: number
  detection: HeaderDetection
}

/**
 * Picks the sheet whose header maps the most schema columns (visible sheets first: county exports hide their
 * lookup lists), or null when no sheet has a recognisable header.
 */
export function detectSheet(
  sheets: readonly { rows: readonly (readonly string[])[]; hidden?: boolean }[],
  schema: TableSchema,
  options: DetectOptions = {},
): SheetDetection | null {
  let best: (SheetDetection & { mapped: number }) | null = null
  sheets.forEach((sheet, sheetIndex) => {
    const detection = detectHeader(sheet.rows, schema, options)
    if (detection.headerRow === null) return
    // Hidden sheets only win when no visible sheet has a header at all.
    const mapped =
      Object.values(detection.mapping).filter((v) => v !== null).length - (sheet.hidden === true ? 1000 : 0)
    if (best === null || mapped > best.mapped) best = { sheetIndex, detection, mapped }
  })
  if (best === null) return null
  const { sheetIndex, detection } = best
  return { sheetIndex, detection }
}
