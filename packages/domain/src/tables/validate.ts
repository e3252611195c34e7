import type { Column, TableSchema } from '../catalog/table-schema'
import { HOUSEHOLD_NO_RULE, isHouseholdNo } from '../households/normalize'
import { ID_NUMBER_PROBLEM_MESSAGES, isMainlandMobile, readIdNumber } from '../privacy'
import type { CellValue, TableRow } from '../privacy'
import { readTypedDate, TYPED_DATE_HINT } from '../text/dates'

/** One problem with one cell, for the row/column error list shown to the secretary. */
export interface TableCellError {
  /** 1-based row number as the secretary sees it. */
  row: number
  /** Column key, or null for a problem with the row as a whole. */
  column: string | null
  /** Column label, for display. */
  label: string | null
  message: string
}

/** Result of validating typed rows (entered by form or produced by an import). */
export type TableValidation =
  { ok: true; rows: TableRow[] } | { ok: false; errors: TableCellError[]; errorCount: number }

const MAX_ERRORS = 200

/**
 * Largest amount a cell holds, in fen: 1 万亿元. Every amount below it is shown to the fen (yuan with two decimals
 * stay exact in a double), and no village or county line comes near it; a larger one is a typing slip.
 */
export const MAX_AMOUNT_FEN = 100_000_000_000_000
/** Largest magnitude of any other number in a cell or a named figure (people, 亩, standards): 1 万亿. */
export const MAX_PLAIN_NUMBER = 1_000_000_000_000

/** Checks one typed cell; returns the normalised value or an error message. */
function checkCell(column: Column, value: unknown): { value: CellValue } | { error: string } {
  if (value === undefined || value === null || value === '') {
    return column.required ? { error: '必填' } : { value: null }
  }
  switch (column.type) {
    case 'amount_fen':
    case 'integer':
      if (typeof value !== 'number' || !Number.isSafeInteger(value)) {
        return { error: column.type === 'amount_fen' ? '金额应为整数（单位：分）' : '应为整数' }
      }
      if (column.type === 'amount_fen' && value < 0) return { error: '金额不能为负数' }
      if (Math.abs(value) > (column.type === 'amount_fen' ? MAX_AMOUNT_FEN : MAX_PLAIN_NUMBER))
        return { error: column.type === 'amount_fen' ? '金额过大，请核对' : '数字过大，请核对' }
      return { value }
    case 'decimal':
      if (typeof value !== 'number' || !Number.isFinite(value)) return { error: '应为数字' }
      if (Math.abs(value) > MAX_PLAIN_NUMBER) return { error: '数字过大，请核对' }
      return { value }
    case 'boolean':
      if (typeof value !== 'boolean') return { error: '应为 是 或 否' }
      return { value }
    default:
      break
  }
  if (typeof value !== 'string') return { error: '应为文字' }
  const text = value.trim()
  switch (column.type) {
    case 'date': {
      // A day as people type it (2026-12-7, full-width digits, 2026年12月7日: readTypedDate, the meeting date's
      // rule), stored as YYYY-MM-DD. One whose day does not exist (2026-02-30) is said to be so, not to be written
      // wrong, in the words of the spreadsheet import (@cunwu/tables values.ts).
      const day = readTypedDate(text)
      if (day.ok) return { value: day.value }
      return day.problem === 'impossible'
        ? { error: `日期不存在（${text}）` }
        : { error: `日期${TYPED_DATE_HINT}` }
    }
    case 'id_number': {
      // The same rule as imports: full-width digits, spaces and a lower-case x are the same number.
      const id = readIdNumber(text)
      return id.ok ? { value: id.value } : { error: ID_NUMBER_PROBLEM_MESSAGES[id.problem] }
    }
    case 'phone': {
      const digits = text.replace(/[\s-]/g, '')
      return isMainlandMobile(digits) || /^0\d{9,11}$/.test(digits)
        ? { value: digits }
        : { error: '电话号码无效' }
    }
    case 'bank_account': {
      // 一卡通 accounts are often passbook numbers, which carry no Luhn check digit: only the shape is checked.
      const digits = text.replace(/[\s-]/g, '')
      return /^\d{10,25}$/.test(digits) ? { value: digits } : { error: '银行账号应为 10 到 25 位数字' }
    }
    case 'household_no':
      return isHouseholdNo(text) ? { value: text } : { error: HOUSEHOLD_NO_RULE }
    case 'enum':
      return column.enumValues?.includes(text)
        ? { value: text }
        : { error: `应为：${column.enumValues?.join('、')}` }
    default:
      return text.length <= 500 ? { value: text } : { error: '内容过长（最多 500 字）' }
  }
}

/** Validates rows against a table schema: every error by row and column, and no rows at all if any fails. */
export function validateTableRows(schema: TableSchema, rows: readonly unknown[]): TableValidation {
  const errors: TableCellError[] = []
  let errorCount = 0
  const out: TableRow[] = []
  const known = new Set(schema.columns.map((c) => c.key))
  rows.forEach((raw, index) => {
    const rowNo = index + 1
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
      errorCount++
      if (errors.length < MAX_ERRORS)
        errors.push({ row: rowNo, column: null, label: null, message: '行数据格式不正确' })
      return
    }
    const cells: Record<string, unknown> = { ...raw }
    const row: Record<string, CellValue> = {}
    for (const key of Object.keys(cells)) {
      if (!known.has(key)) {
        errorCount++
        if (errors.length < MAX_ERRORS)
          errors.push({ row: rowNo, column: key, label: null, message: '不是该表的列' })
      }
    }
    for (const column of schema.columns) {
      const result = checkCell(column, cells[column.key])
      if ('error' in result) {
        errorCount++
        if (errors.length < MAX_ERRORS) {
          errors.push({ row: rowNo, column: column.key, label: column.label, message: result.error })
        }
      } else {
        row[column.key] = result.value
      }
    }
    out.push(row)
  })
  return errorCount > 0 ? { ok: false, errors, errorCount } : { ok: true, rows: out }
}

/** Sums the columns marked `total`; amounts stay integers in fen. */
export function tableTotals(schema: TableSchema, rows: readonly TableRow[]): Record<string, number> {
  const totals: Record<string, number> = {}
  for (const column of schema.columns) {
    if (!column.total) continue
    let sum = 0
    for (const row of rows) {
      const v = row[column.key]
      if (typeof v === 'number') sum += v
    }
    totals[column.key] = column.type === 'decimal' ? Math.round(sum * 1e6) / 1e6 : sum
  }
  return totals
}
