import type { Column, ColumnType, TableSchema } from '../catalog/table-schema'
import { SENSITIVE_NUMBER_TYPES } from '../catalog/table-schema'
import { birthDateFromIdNumber } from './id-number'
import { maskBankAccount, maskDate, maskHouseholdNo, maskIdNumber, maskName, maskPhone } from './mask'
import { redactSensitiveNumbers } from './scan'
import { shanghaiDateOf } from '../schedules/dates'

/** Value of one table cell as stored and as presented. */
export type CellValue = string | number | boolean | null

/** One stored row: cells keyed by column key. Keys not in the schema are never presented. */
export type TableRow = Readonly<Record<string, CellValue | undefined>>

/** Who the table is presented to. */
export type TableAudience = 'public' | 'household'

/** Options of presentTableRows. */
export interface PresentTableOptions {
  /**
   * `public`: anyone reading the feed or the board. `household`: the household the rows are about (与我相关);
   * the caller must already have kept only that household's rows.
   */
  audience: TableAudience
  /** Date (YYYY-MM-DD, Asia/Shanghai) at which ages are computed. @default today in Asia/Shanghai */
  asOf?: string
}

/** A column as presented: what the client may render. */
export interface PresentedColumn {
  key: string
  label: string
  type: ColumnType
  /** Whether the values shown are masked. */
  masked: boolean
  unit?: string
  total?: boolean
}

/** Result of presentTableRows. */
export interface PresentedTable {
  columns: PresentedColumn[]
  rows: Record<string, CellValue>[]
  /** Rows left out of the public view because they are about minors. */
  omittedRowCount: number
}

/** Whole years between a birth date and a date, both YYYY-MM-DD. */
function ageOn(birthDate: string, asOf: string): number {
  const years = Number(asOf.slice(0, 4)) - Number(birthDate.slice(0, 4))
  return asOf.slice(5) < birthDate.slice(5) ? years - 1 : years
}

function isDateString(value: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(value)
}

/** Whether the row is shown by the schema's minor rule to be about a person under the adult age. */
function isAboutMinor(schema: TableSchema, row: TableRow, asOf: string): boolean {
  const rule = schema.minorRule
  if (!rule) return false
  return rule.columns.some((key) => {
    const column = schema.columns.find((c) => c.key === key)
    const value = row[key]
    if (!column || value === undefined || value === null) return false
    if (column.type === 'boolean') return value === true
    const text = String(value).trim()
    const birth = column.type === 'id_number' ? birthDateFromIdNumber(text) : isDateString(text) ? text : null
    return birth !== null && ageOn(birth, asOf) < rule.adultAge
  })
}

/**
 * The rows of a table the public is shown, as stored (the rule `presentTableRows` drops rows by): every row but those
 * the schema's minor rule shows to be about a person under the adult age. For figures computed for the public from
 * raw rows (the alignment's public view), so a hidden row counts nothing there either.
 */
export function rowsShownToPublic<R extends TableRow>(
  schema: TableSchema,
  rows: readonly R[],
  asOf: string = shanghaiDateOf(Date.now()),
): R[] {
  return rows.filter((row) => !isAboutMinor(schema, row, asOf))
}

/** Masked form of a cell by column type; types without a masked form are withheld (null). */
function maskCell(type: ColumnType, value: CellValue): CellValue {
  if (value === null) return null
  const text = String(value)
  switch (type) {
    case 'id_number':
      return maskIdNumber(text)
    case 'phone':
      return maskPhone(text)
    case 'bank_account':
      return maskBankAccount(text)
    case 'household_no':
      return maskHouseholdNo(text)
    case 'text':
      return maskName(text)
    case 'date':
      return maskDate(text)
    default:
      return null
  }
}

/** Whether a column is shown masked for the audience. */
function isMaskedFor(column: Column, audience: TableAudience): boolean {
  // Full ID, phone and bank numbers never leave the presenter, whoever asks: the household knows its own.
  if (SENSITIVE_NUMBER_TYPES.includes(column.type)) return true
  return audience === 'public' && column.policy === 'masked'
}

function presentCell(column: Column, value: CellValue | undefined, audience: TableAudience): CellValue {
  const cell = value === undefined ? null : value
  if (isMaskedFor(column, audience)) return maskCell(column.type, cell)
  // Free text is where a secretary may paste an ID or a card number by mistake.
  return typeof cell === 'string' ? redactSensitiveNumbers(cell) : cell
}

/**
 * The one presenter rule for disclosed tables: public columns as-is, masked columns masked by type,
 * never_public columns dropped, rows about minors dropped (public view); the household view shows every
 * column of its own rows but still masks ID, phone and bank numbers. Free text is scrubbed of personal numbers.
 */
export function presentTableRows(
  schema: TableSchema,
  rows: readonly TableRow[],
  options: PresentTableOptions,
): PresentedTable {
  const { audience } = options
  const asOf = options.asOf ?? shanghaiDateOf(Date.now())
  const visible = schema.columns.filter((c) => audience === 'household' || c.policy !== 'never_public')
  const columns = visible.map((c): PresentedColumn => {
    const presented: PresentedColumn = {
      key: c.key,
      label: c.label,
      type: c.type,
      masked: isMaskedFor(c, audience),
    }
    if (c.unit !== undefined) presented.unit = c.unit
    if (c.total !== undefined) presented.total = c.total
    return presented
  })
  const kept = audience === 'public' ? rowsShownToPublic(schema, rows, asOf) : rows
  return {
    columns,
    rows: kept.map((row) =>
      Object.fromEntries(visible.map((c) => [c.key, presentCell(c, row[c.key], audience)])),
    ),
    omittedRowCount: rows.length - kept.length,
  }
}
