import type { Column, TableSchema } from '../catalog/table-schema'
import type { TableRow } from '../privacy/present'
import { groupColumn } from '../catalog/items/columns'
import {
  groupsAgree,
  householdGroupOf,
  normalizeGroup,
  normalizeHouseholdNo,
  normalizeName,
} from './normalize'

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

/** One household of a prepared roster. */
export interface RosterEntry {
  /** `householdKey` of its 户号: the household's identity in the village. */
  readonly key: string
  /** Its 村民小组 (`householdGroupOf` its 户号), '' when the 户号 names none. */
  readonly group: string
  /** Normalised names (户主 and members). */
  readonly names: ReadonlySet<string>
  /** The roster's 户主 name as written. */
  readonly head: string
}

/** A roster prepared for matching: built once per village by `indexRoster`. */
export interface RosterIndex {
  /** Normalised 户号 serial (`normalizeHouseholdNo`) → the households with that serial (one per 村民小组). */
  readonly bySerial: ReadonlyMap<string, readonly RosterEntry[]>
  /** Normalised name → the keys of every household with a person of that name. */
  readonly keysByName: ReadonlyMap<string, ReadonlySet<string>>
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

/**
 * The identity of a household in its village, from its 户号: the normalised serial, after its 村民小组 when the 户号
 * names one (`1|3` for 一组-003; `3` for 003), since serials restart at 001 in each group.
 */
export function householdKey(householdNo: string): string {
  const serial = normalizeHouseholdNo(householdNo)
  const group = householdGroupOf(householdNo)
  return group === '' || serial === '' ? serial : `${group}|${serial}`
}

/** Prepares a village roster for matching (normalised 户号 and names, both directions). */
export function indexRoster(roster: readonly RosterHousehold[]): RosterIndex {
  const entries = new Map<string, { key: string; group: string; names: Set<string>; head: string }>()
  const bySerial = new Map<string, RosterEntry[]>()
  const keysByName = new Map<string, Set<string>>()
  for (const h of roster) {
    const serial = normalizeHouseholdNo(h.householdNo)
    if (serial === '') continue
    const key = householdKey(h.householdNo)
    let entry = entries.get(key)
    if (!entry) {
      entry = { key, group: householdGroupOf(h.householdNo), names: new Set(), head: h.headName.trim() }
      entries.set(key, entry)
      const list = bySerial.get(serial) ?? []
      list.push(entry)
      bySerial.set(serial, list)
    }
    for (const raw of [h.headName, ...(h.memberNames ?? [])]) {
      const name = normalizeName(raw)
      if (name === '') continue
      entry.names.add(name)
      const keys = keysByName.get(name) ?? new Set<string>()
      keys.add(key)
      keysByName.set(name, keys)
    }
  }
  return { bySerial, keysByName }
}

/**
 * The roster households a 户号 may denote: the same serial, and the same 村民小组 unless one side names none (the
 * group from the 户号, else `group`, a 村民小组 cell beside it).
 */
export function rosterCandidates(roster: RosterIndex, householdNo: string, group = ''): RosterEntry[] {
  const wanted = householdGroupOf(householdNo) || normalizeGroup(group)
  const list = roster.bySerial.get(normalizeHouseholdNo(householdNo)) ?? []
  return list.filter((h) => groupsAgree(h.group, wanted))
}

/** The roster household a member's or proxy's 户号 names, when it names exactly one. */
export function rosterHousehold(roster: RosterIndex, householdNo: string): RosterEntry | null {
  const exact = roster.bySerial
    .get(normalizeHouseholdNo(householdNo))
    ?.find((h) => h.key === householdKey(householdNo))
  if (exact) return exact
  const candidates = rosterCandidates(roster, householdNo)
  return candidates.length === 1 ? (candidates[0] ?? null) : null
}

/** The columns that identify a household in a table: its name column and its 户号 column, when it has them. */
function identifyingColumns(table: TableSchema): {
  name: Column | null
  no: Column | null
  group: Column | null
} {
  const identifying = table.columns.filter((c) => c.identifiesHousehold === true)
  return {
    name: identifying.find((c) => c.type === 'text') ?? null,
    no: identifying.find((c) => c.type === 'household_no') ?? null,
    group: table.columns.find((c) => c.key === groupColumn.key) ?? null,
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
 * The key (`householdKey`) of the roster household a row provably belongs to, or null. With a 户号 in the row, the
 * row's name must be one of that household's names, and exactly one household of that 户号 (in the row's 村民小组,
 * when the row or the roster names one) may have it; without one (no 户号 column, or left blank), the name must
 * belong to exactly one household of the roster.
 */
export function rowOwner(table: TableSchema, row: TableRow, roster: RosterIndex): string | null {
  const columns = identifyingColumns(table)
  const person = normalizeName(cellText(row, columns.name))
  if (person === '') return null
  const writtenNo = cellText(row, columns.no)
  if (writtenNo !== '') {
    const owners = rosterCandidates(roster, writtenNo, cellText(row, columns.group)).filter((h) =>
      h.names.has(person),
    )
    return owners.length === 1 ? (owners[0]?.key ?? null) : null
  }
  const keys = roster.keysByName.get(person)
  if (!keys || keys.size !== 1) return null
  const [only] = keys
  return only ?? null
}

/** The rows provably about one household of the roster (与我相关), in table order. */
export function rowsOfHousehold<R extends TableRow>(
  table: TableSchema,
  rows: readonly R[],
  householdNo: string,
  roster: RosterIndex,
): R[] {
  const household = rosterHousehold(roster, householdNo)
  if (!household) return []
  return rows.filter((row) => rowOwner(table, row, roster) === household.key)
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
    const candidates = rosterCandidates(roster, writtenNo, cellText(row, columns.group))
    const person = normalizeName(tableName)
    if (candidates.length === 0 || candidates.some((h) => h.names.has(person))) return
    const rosterName = candidates[0]?.head ?? ''
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
