import type { Column, TableSchema } from '../catalog/table-schema'
import type { TableRow } from '../privacy/present'
import { normalizeHouseholdNo, normalizeName } from './normalize'

/**
 * Which table rows are about which household of the village roster (户籍名册). A row is a household's only when
 * it is provably so (docs/households.md): its 户号 and its name agree with the roster, or, in a table without a
 * 户号, its name belongs to exactly one household of the roster. A 户号 alone proves nothing: a typo or a row
 * copied from another list would show one family's entry to another.
 */

/** One household of the village roster. */
export interface RosterHousehold {
  /** 户号 as written on the roster. */
  householdNo: string
  /** 户主 name. */
  headName: string
  /** Other members' names. @default [] */
  memberNames?: readonly string[]
}

/** A roster prepared for matching: built once per village by `indexRoster`. */
export interface RosterIndex {
  /** Normalised 户号 → the household's normalised names. */
  readonly namesByNo: ReadonlyMap<string, ReadonlySet<string>>
  /** Normalised 户号 → the roster's 户主 name as written. */
  readonly headByNo: ReadonlyMap<string, string>
  /** Normalised name → normalised 户号 of every household with a person of that name. */
  readonly nosByName: ReadonlyMap<string, ReadonlySet<string>>
}

/** Where a table row came from: its spreadsheet row (1-based, as Excel shows it) and, with several, its sheet. */
export interface RowSource {
  row: number
  sheet?: string
}

/** A row whose name contradicts the roster for its 户号. */
export interface RosterMismatch {
  /** Row number as the secretary counts it (1-based): the spreadsheet row when the rows were imported. */
  row: number
  /** The worksheet the row came from, when rows of several sheets were imported together. */
  sheet?: string
  /** 户号 as written in the table. */
  householdNo: string
  /** The 户主 of that 户号 on the roster. */
  rosterName: string
  /** The name written in the table. */
  tableName: string
  /** The same in plain Chinese, e.g. 第3行：户号002在户籍名册上是李秀英，表中为黄春生. */
  message: string
}

/** Prepares a village roster for matching (normalised 户号 and names, both directions). */
export function indexRoster(roster: readonly RosterHousehold[]): RosterIndex {
  const namesByNo = new Map<string, Set<string>>()
  const headByNo = new Map<string, string>()
  const nosByName = new Map<string, Set<string>>()
  for (const h of roster) {
    const no = normalizeHouseholdNo(h.householdNo)
    if (no === '') continue
    const names = namesByNo.get(no) ?? new Set<string>()
    namesByNo.set(no, names)
    if (!headByNo.has(no)) headByNo.set(no, h.headName.trim())
    for (const raw of [h.headName, ...(h.memberNames ?? [])]) {
      const name = normalizeName(raw)
      if (name === '') continue
      names.add(name)
      const nos = nosByName.get(name) ?? new Set<string>()
      nos.add(no)
      nosByName.set(name, nos)
    }
  }
  return { namesByNo, headByNo, nosByName }
}

/** The columns that identify a household in a table: its name column and its 户号 column, when it has them. */
function identifyingColumns(table: TableSchema): { name: Column | null; no: Column | null } {
  const identifying = table.columns.filter((c) => c.identifiesHousehold === true)
  return {
    name: identifying.find((c) => c.type === 'text') ?? null,
    no: identifying.find((c) => c.type === 'household_no') ?? null,
  }
}

function cellText(row: TableRow, column: Column | null): string {
  if (!column) return ''
  const value = row[column.key]
  return typeof value === 'string' || typeof value === 'number' ? String(value).trim() : ''
}

/**
 * Keys stored with a disclosure to find candidate rows for a household quickly (`no:<户号>`, `name:<姓名>`,
 * normalised). A candidate is only a candidate: `rowOwner` decides against the roster.
 */
export function householdKeysOf(table: TableSchema | null, rows: readonly TableRow[] | null): string[] {
  if (!table || !rows) return []
  const { name, no } = identifyingColumns(table)
  const keys = new Set<string>()
  for (const row of rows) {
    const n = cellText(row, no)
    if (n !== '') keys.add(householdNoKey(n))
    const person = cellText(row, name)
    if (person !== '') keys.add(householdNameKey(person))
  }
  return [...keys]
}

/** The stored lookup key of a 户号. */
export function householdNoKey(householdNo: string): string {
  return `no:${normalizeHouseholdNo(householdNo)}`
}

/** The stored lookup key of a person's name. */
export function householdNameKey(name: string): string {
  return `name:${normalizeName(name)}`
}

/**
 * The normalised 户号 of the roster household a row provably belongs to, or null. With a 户号 in the row, the
 * row's name must be one of that household's names; without one (no 户号 column, or left blank), the name must
 * belong to exactly one household of the roster.
 */
export function rowOwner(table: TableSchema, row: TableRow, roster: RosterIndex): string | null {
  const columns = identifyingColumns(table)
  const person = normalizeName(cellText(row, columns.name))
  if (person === '') return null
  const writtenNo = cellText(row, columns.no)
  if (writtenNo !== '') {
    const no = normalizeHouseholdNo(writtenNo)
    return roster.namesByNo.get(no)?.has(person) === true ? no : null
  }
  const nos = roster.nosByName.get(person)
  if (!nos || nos.size !== 1) return null
  const [only] = nos
  return only ?? null
}

/** The rows provably about one household of the roster (与我相关), in table order. */
export function rowsOfHousehold<R extends TableRow>(
  table: TableSchema,
  rows: readonly R[],
  householdNo: string,
  roster: RosterIndex,
): R[] {
  const no = normalizeHouseholdNo(householdNo)
  if (no === '') return []
  return rows.filter((row) => rowOwner(table, row, roster) === no)
}

/**
 * Rows whose name contradicts the roster for their 户号 (the 户号 is on the roster, the name is not one of that
 * household's): shown to the secretary at import and on save, to be fixed or confirmed before submitting. `sources`
 * gives each row's spreadsheet row (and sheet) when the rows were imported, so the messages point where the
 * secretary looks in the file; otherwise rows are counted from 1 as the editor shows them.
 */
export function findRosterMismatches(
  table: TableSchema,
  rows: readonly TableRow[],
  roster: RosterIndex,
  sources?: readonly RowSource[],
): RosterMismatch[] {
  const columns = identifyingColumns(table)
  if (!columns.name || !columns.no) return []
  const out: RosterMismatch[] = []
  rows.forEach((row, i) => {
    const writtenNo = cellText(row, columns.no)
    const tableName = cellText(row, columns.name)
    if (writtenNo === '' || tableName === '') return
    const no = normalizeHouseholdNo(writtenNo)
    const names = roster.namesByNo.get(no)
    if (!names || names.has(normalizeName(tableName))) return
    const rosterName = roster.headByNo.get(no) ?? ''
    const source = sources?.[i]
    const line = source?.row ?? i + 1
    const sheet = source?.sheet
    out.push({
      row: line,
      ...(sheet === undefined ? {} : { sheet }),
      householdNo: writtenNo,
      rosterName,
      tableName,
      message: `${sheet === undefined ? '' : `工作表「${sheet}」`}第${line}行：户号${writtenNo}在户籍名册上是${rosterName}，表中为${tableName}`,
    })
  })
  return out
}
