import type { CellValue, Column, TableSchema } from '@cunwu/domain'
import ExcelJS from 'exceljs'

/** Options of writeTableXlsx. */
export interface WriteTableOptions {
  /** Title in the merged first row, e.g. 2026年耕地地力保护补贴发放名册. */
  title: string
  /** Worksheet name. @default the schema title, cut to Excel's 31 characters */
  sheetName?: string
  /** Add a 合计 row for the `total` columns (exports; the importer skips it and cross-checks it). @default false */
  totals?: boolean
  /** Rows that get drop-down lists and text formats beyond the data (room to type into a template). @default 500 */
  blankRows?: number
}

/** Rows above the header in files we write: the title and a one-line hint. */
export const WRITTEN_HEADER_ROW = 2

const TEXT_TYPES = new Set<Column['type']>([
  'text',
  'id_number',
  'phone',
  'bank_account',
  'household_no',
  'enum',
])
const WIDTHS: Partial<Record<Column['type'], number>> = {
  id_number: 22,
  bank_account: 24,
  phone: 15,
  date: 12,
  amount_fen: 14,
  household_no: 14,
}

/** Header text: label, unit in brackets, and * for required columns (normalizeLabel strips both on import). */
function headerText(column: Column): string {
  const unit = column.type === 'amount_fen' ? '元' : column.unit
  const withUnit =
    unit === undefined
      ? column.label
      : column.label.endsWith('）')
        ? `${column.label.slice(0, -1)}，${unit}）`
        : `${column.label}（${unit}）`
  return column.required ? `*${withUnit}` : withUnit
}

function toCell(column: Column, value: CellValue | undefined): ExcelJS.CellValue {
  if (value === null || value === undefined || value === '') return null
  switch (column.type) {
    case 'amount_fen':
      return typeof value === 'number' ? value / 100 : String(value)
    case 'integer':
    case 'decimal':
      return typeof value === 'number' ? value : String(value)
    case 'date': {
      const match = typeof value === 'string' ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(value) : null
      // Excel serials are wall-clock days; exceljs writes a Date's UTC fields, so build it in UTC.
      return match === null
        ? String(value)
        : new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])))
    }
    case 'boolean':
      return typeof value === 'boolean' ? (value ? '是' : '否') : String(value)
    default:
      return String(value)
  }
}

function numFmt(column: Column): string | undefined {
  if (column.type === 'amount_fen') return '#,##0.00'
  if (column.type === 'date') return 'yyyy-mm-dd'
  // Text format keeps Excel from turning ID and account numbers into 1.10101E+17 when the secretary types.
  if (TEXT_TYPES.has(column.type)) return '@'
  return undefined
}

function dropDown(column: Column): ExcelJS.DataValidation | null {
  const values =
    column.type === 'boolean' ? ['是', '否'] : column.type === 'enum' ? (column.enumValues ?? []) : []
  // Excel limits an inline list to 255 characters.
  if (values.length === 0 || values.join(',').length > 250) return null
  return {
    type: 'list',
    allowBlank: !column.required,
    formulae: [`"${values.join(',')}"`],
    showErrorMessage: true,
    errorTitle: '请从列表中选择',
    error: `只能填 ${values.join('、')}`,
  }
}

/**
 * Writes rows of a schema to an .xlsx workbook (title row, hint row, header, data, optional 合计 row), with text
 * formats and drop-down lists; with no rows it is the template the secretary downloads (下载模板).
 */
export async function writeTableXlsx(
  schema: TableSchema,
  rows: readonly Readonly<Record<string, CellValue | undefined>>[],
  options: WriteTableOptions,
): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook()
  workbook.creator = '村务通'
  const sheetName = (options.sheetName ?? schema.title).replace(/[\\/?*[\]:]/g, ' ').slice(0, 31)
  const sheet = workbook.addWorksheet(sheetName, {
    views: [{ state: 'frozen', ySplit: WRITTEN_HEADER_ROW + 1 }],
  })
  const columns = schema.columns
  const width = columns.length

  sheet.getCell(1, 1).value = options.title
  sheet.getCell(1, 1).font = { bold: true, size: 16 }
  sheet.getCell(1, 1).alignment = { horizontal: 'center' }
  sheet.getCell(2, 1).value =
    '带 * 的列必须填写；金额以元为单位，最多两位小数；日期写成 2026-03-05；身份证号、账号请保持文本格式'
  sheet.getCell(2, 1).font = { color: { argb: 'FF808080' }, size: 10 }
  if (width > 1) {
    sheet.mergeCells(1, 1, 1, width)
    sheet.mergeCells(2, 1, 2, width)
  }

  const header = sheet.getRow(WRITTEN_HEADER_ROW + 1)
  columns.forEach((column, i) => {
    const cell = header.getCell(i + 1)
    cell.value = headerText(column)
    cell.font = { bold: true, color: column.required ? { argb: 'FFC00000' } : undefined }
    cell.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true }
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFF2F2F2' } }
    const sheetColumn = sheet.getColumn(i + 1)
    sheetColumn.width = Math.max(WIDTHS[column.type] ?? 10, Math.min(30, headerText(column).length * 2 + 2))
    const fmt = numFmt(column)
    if (fmt !== undefined) sheetColumn.numFmt = fmt
  })

  const first = WRITTEN_HEADER_ROW + 2
  rows.forEach((record, r) => {
    const row = sheet.getRow(first + r)
    columns.forEach((column, i) => {
      const value = toCell(column, record[column.key])
      if (value === null) return
      const cell = row.getCell(i + 1)
      cell.value = value
      const fmt = numFmt(column)
      if (fmt !== undefined) cell.numFmt = fmt
    })
  })

  let next = first + rows.length
  if (options.totals === true && rows.length > 0) {
    const row = sheet.getRow(next)
    row.getCell(1).value = '合计'
    row.font = { bold: true }
    columns.forEach((column, i) => {
      if (column.total !== true || i === 0) return
      const letter = sheet.getColumn(i + 1).letter
      const sum = rows.reduce((s, record) => {
        const v = record[column.key]
        return typeof v === 'number' ? s + v : s
      }, 0)
      const cached = column.type === 'amount_fen' ? sum / 100 : Number(sum.toPrecision(15))
      // A live SUM so edits in Excel update the total; the cached result is what importers read.
      row.getCell(i + 1).value = { formula: `SUM(${letter}${first}:${letter}${next - 1})`, result: cached }
      const fmt = numFmt(column)
      if (fmt !== undefined) row.getCell(i + 1).numFmt = fmt
    })
    next += 1
  }

  const lastTyped = next + (options.blankRows ?? 500) - 1
  columns.forEach((column, i) => {
    const validation = dropDown(column)
    if (validation === null) return
    for (let r = first; r <= lastTyped; r += 1) sheet.getCell(r, i + 1).dataValidation = validation
  })

  return Buffer.from(await workbook.xlsx.writeBuffer())
}
