/** Sheet selection: the sheets of a workbook an import uses (detectSheets), and why the others are not. */
import type { TableSchema } from '@cunwu/domain'
import type { DetectOptions, HeaderDetection } from './header'
import { detectHeader } from './header'

/** The sheet of a workbook that best fits a schema, with its header detection. */
export interface SheetDetection {
  /** Index into the sheets array. */
  sheetIndex: number
  detection: HeaderDetection
}

/** Why a sheet of a workbook is or is not imported (docs/spreadsheet-imports.md, "Workbooks with several sheets"). */
export type SheetUse =
  /** Its rows are imported. */
  | 'used'
  /** Named as instructions or an example (填表说明, 示例, 样表). */
  | 'instructions'
  /** Hidden in Excel (lookup lists of county exports). */
  | 'hidden'
  /** No header with the table's columns. */
  | 'no_header'
  /** A header, but other required columns than the sheet used (a summary, another list). */
  | 'other_columns'
  /** Not chosen: the mapping request named another sheet. */
  | 'not_chosen'
  /**
   * Same columns as a used sheet, but the same households (an ID number, or a 户号 with the same name), or both named
   * as periods (2026年5月) or one as a total (总表, 汇总): another month or a summary of the same list, not more rows.
   */
  | 'overlaps'

/** One sheet of a workbook as an import reports it. */
export interface SheetReport {
  name: string
  /** Rows below its header (or every row when it has none), blank rows at the end not counted. */
  dataRows: number
  use: SheetUse
  /** With `overlaps`: the used sheet it shares households or a period with. */
  overlapsWith?: string
}

/** What detectSheets found: the sheets whose rows are imported, in workbook order, and a report of every sheet. */
export interface SheetsDetection {
  used: SheetDetection[]
  sheets: SheetReport[]
}

// Sheet names of instructions and examples that a template puts before or after its table.
const INSTRUCTION_SHEET = /说明|示例|样表|样例|范例|填表须知|填报须知|instructions?|example|readme/i

/** Whether a sheet's name says it holds instructions or an example rather than the table. */
export function isInstructionSheet(name: string): boolean {
  return INSTRUCTION_SHEET.test(name.normalize('NFKC'))
}

// Sheet names of a period (2026年6月, 5月, 第二季度, 上半年) or a total of the others (总表, 汇总).
const PERIOD_SHEET = /\d+\s*月|[一二三四五六七八九十]+月|季度|\d{4}\s*年|上半年|下半年|全年/
const TOTAL_SHEET = /总表|汇总|合计|总名单|全村/

/** Whether a sheet's name says it is one period of a list kept one sheet per month, quarter or year. */
export function isPeriodSheet(name: string): boolean {
  const folded = name.normalize('NFKC')
  // 2026年一组, 2026年二组: one year's sheets per 村民小组, not periods.
  return PERIOD_SHEET.test(folded) && !/组|队|社/.test(folded)
}

/** Whether a sheet's name says it is a total of the others (总表, 汇总). */
export function isTotalSheet(name: string): boolean {
  return TOTAL_SHEET.test(name.normalize('NFKC'))
}

/**
 * The households a sheet's rows name, as keys: `id:` and the ID number, `hh:` and the 户号 with the name (the
 * columns the schema marks as identifying the household). Used to tell a sheet of more households from another
 * copy of the same ones.
 */
function householdKeys(
  rows: readonly (readonly string[])[],
  schema: TableSchema,
  detection: HeaderDetection,
): Set<string> {
  const keys = new Set<string>()
  if (detection.headerRow === null) return keys
  const at = (type: string): number | null => {
    const column = schema.columns.find((c) => c.type === type && c.identifiesHousehold === true)
    return column === undefined ? null : (detection.mapping[column.key] ?? null)
  }
  const id = at('id_number')
  const household = at('household_no')
  const name = at('text')
  const fold = (v: string): string => v.normalize('NFKC').replace(/\s+/g, '').toUpperCase()
  for (let r = detection.headerRow + 1; r < rows.length; r++) {
    const row = rows[r] ?? []
    const idValue = id === null ? '' : fold(row[id] ?? '').replace(/^=?"?'?|"$/g, '')
    if (/^\d{17}[\dX]$/.test(idValue)) keys.add(`id:${idValue}`)
    const hh = household === null ? '' : fold(row[household] ?? '').replace(/^0+(?=\d)/, '')
    const person = name === null ? '' : fold(row[name] ?? '')
    if (hh !== '' && person !== '') keys.add(`hh:${hh}\u0000${person}`)
  }
  return keys
}

/**
 * The required table columns a sheet's header maps, as one key: sheets of one table map the same ones. Optional
 * columns are left out: a group sheet whose 户号 or 身份证号 column was left blank and deleted is still the same
 * table (its rows have that column empty), and the columns both sheets map are the same columns.
 */
function requiredKeys(detection: HeaderDetection, schema: TableSchema): string {
  return schema.columns
    .filter((c) => c.required && (detection.mapping[c.key] ?? null) !== null)
    .map((c) => c.key)
    .sort()
    .join(',')
}

/** A sheet as detection reads it: its cells, and whether Excel hides it or some of its columns. */
export interface WorkbookSheet {
  name?: string
  rows: readonly (readonly string[])[]
  hidden?: boolean
  hiddenColumns?: readonly number[]
}

/**
 * Picks the sheets to import: the visible sheet, not named as instructions or an example, whose header maps the most
 * schema columns (ties: the one with more rows), and with it every other such sheet whose header maps the same
 * required columns, whatever optional ones it has or lacks (a village that keeps one sheet per 村民小组, one of them
 * without the 户号 column). Hidden and instruction sheets are used only when no other sheet has a header. Every sheet
 * is reported with its use.
 */
export function detectSheets(
  sheets: readonly WorkbookSheet[],
  schema: TableSchema,
  options: DetectOptions = {},
): SheetsDetection {
  const found = sheets.map((sheet, sheetIndex) => {
    const own =
      sheet.hiddenColumns === undefined ? options : { ...options, hiddenColumns: sheet.hiddenColumns }
    const detection = detectHeader(sheet.rows, schema, own)
    const mapped = Object.values(detection.mapping).filter((v) => v !== null).length
    const aside = sheet.hidden === true || isInstructionSheet(sheet.name ?? '')
    const dataRows = Math.max(0, sheet.rows.length - (detection.headerRow ?? -1) - 1)
    return { sheetIndex, detection, mapped, aside, dataRows }
  })
  const withHeader = found.filter((f) => f.detection.headerRow !== null)
  const pool = withHeader.some((f) => !f.aside) ? withHeader.filter((f) => !f.aside) : withHeader
  let best: (typeof found)[number] | null = null
  for (const f of pool) {
    if (best === null || f.mapped > best.mapped || (f.mapped === best.mapped && f.dataRows > best.dataRows))
      best = f
  }
  const keys = best === null ? '' : requiredKeys(best.detection, schema)
  const matching =
    best === null
      ? []
      : pool.filter((f) => f === best || (f.dataRows > 0 && requiredKeys(f.detection, schema) === keys))
  // Sheets with the same columns are imported together only when they are more households (one sheet per 村民小组),
  // not another month or a 总表 of the same ones: the sheet with the most rows first, then each that shares no
  // household with the ones taken and is not a second period or a total (docs/spreadsheet-imports.md).
  const overlaps = new Map<(typeof found)[number], string>()
  let used = matching
  if (matching.length > 1) {
    const nameOf = (f: (typeof found)[number]): string => sheets[f.sheetIndex]?.name ?? ''
    const taken: { f: (typeof found)[number]; keys: Set<string> }[] = []
    const order = [...matching].sort((a, b) => b.dataRows - a.dataRows || a.sheetIndex - b.sheetIndex)
    for (const f of order) {
      const own = householdKeys(sheets[f.sheetIndex]?.rows ?? [], schema, f.detection)
      const name = nameOf(f)
      const clash = taken.find(
        (t) =>
          isTotalSheet(name) ||
          isTotalSheet(nameOf(t.f)) ||
          (isPeriodSheet(name) && isPeriodSheet(nameOf(t.f))) ||
          [...own].some((k) => t.keys.has(k)),
      )
      if (clash === undefined) taken.push({ f, keys: own })
      else overlaps.set(f, nameOf(clash.f))
    }
    used = matching.filter((f) => !overlaps.has(f))
  }
  const reports: SheetReport[] = found.map((f) => {
    const sheet = sheets[f.sheetIndex]
    const other = overlaps.get(f)
    if (other !== undefined)
      return {
        name: sheet?.name ?? `Sheet${f.sheetIndex + 1}`,
        dataRows: f.dataRows,
        use: 'overlaps',
        overlapsWith: other,
      }
    const use: SheetUse = used.includes(f)
      ? 'used'
      : sheet?.hidden === true
        ? 'hidden'
        : isInstructionSheet(sheet?.name ?? '')
          ? 'instructions'
          : f.detection.headerRow === null
            ? 'no_header'
            : 'other_columns'
    return { name: sheet?.name ?? `Sheet${f.sheetIndex + 1}`, dataRows: f.dataRows, use }
  })
  return {
    used: used.map(({ sheetIndex, detection }) => ({ sheetIndex, detection })),
    sheets: reports,
  }
}

/**
 * The first sheet detectSheets would import, or null when no sheet has a recognisable header.
 */
export function detectSheet(
  sheets: readonly WorkbookSheet[],
  schema: TableSchema,
  options: DetectOptions = {},
): SheetDetection | null {
  return detectSheets(sheets, schema, options).used[0] ?? null
}
