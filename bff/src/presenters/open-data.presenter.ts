import type {
  CatalogItem,
  OpenDataDistribution,
  OpenDataIndexDto,
  OpenDataset,
  PresentedTableDto,
  TableFileFormat,
} from '@cunwu/domain'
import { OPEN_DATA_LICENSE } from '@cunwu/domain'
import ExcelJS from 'exceljs'
import type { Disclosure } from '../models/Disclosure.model'
import { presentTable } from './disclosure.presenter'

/** A cell of an exported table: text, a number, or empty. */
export type ExportCell = string | number | null

/** One table to write as a file: the header labels and the rows, already through the privacy presenter. */
export interface ExportSheet {
  name: string
  header: string[]
  rows: ExportCell[][]
}

/** Characters that make a spreadsheet read a text cell as a formula (`docs/open-data.md`, OWASP CSV Injection). */
const FORMULA_START = /^[=+\-@\t\r\n]/

/**
 * Defangs a text cell that a spreadsheet would run as a formula (=HYPERLINK(…), +cmd, @SUM…): prefixed with a
 * single quote, which Excel and WPS show as text. Numbers stay numbers (a negative amount is no formula).
 */
export function neutraliseFormula(value: ExportCell): ExportCell {
  return typeof value === 'string' && FORMULA_START.test(value) ? `'${value}` : value
}

/** The header label of a presented column: its label with the unit, amounts in 元. */
function headerOf(column: PresentedTableDto['columns'][number]): string {
  const unit = column.type === 'amount_fen' ? '元' : column.unit
  return unit ? `${column.label}（${unit}）` : column.label
}

function cellOf(type: string, value: unknown): ExportCell {
  if (value === null || value === undefined || value === '') return null
  if (type === 'amount_fen' && typeof value === 'number') return value / 100
  if (typeof value === 'number') return value
  if (typeof value === 'boolean') return value ? '是' : '否'
  return String(value)
}

/** The columns and rows of a presented (public) table, ready to write. */
export function sheetOfTable(table: PresentedTableDto, name = table.title): ExportSheet {
  return {
    name,
    header: table.columns.map(headerOf),
    rows: table.rows.map((row) => table.columns.map((c) => cellOf(c.type, row[c.key]))),
  }
}

/** Excel limits a worksheet name to 31 characters and forbids []:*?/\ in it. */
function worksheetName(name: string): string {
  return name.replace(/[[\]:*?/\\]/g, ' ').slice(0, 31) || 'Sheet1'
}

function workbookOf(sheet: ExportSheet): ExcelJS.Workbook {
  const workbook = new ExcelJS.Workbook()
  const ws = workbook.addWorksheet(worksheetName(sheet.name))
  ws.addRow(sheet.header.map(neutraliseFormula))
  for (const row of sheet.rows) ws.addRow(row.map(neutraliseFormula))
  ws.getRow(1).font = { bold: true }
  ws.columns.forEach((c) => {
    c.width = 14
  })
  return workbook
}

/**
 * Part of every download's and the index's ETag: raised when the bytes written for the same versions change (2:
 * CSV lines end in CRLF, and the index lists an .xlsx of each dataset), so a copy cached before is not kept as current.
 */
export const EXPORT_REVISION = 2

/** Media types of the two formats. */
export const TABLE_FILE_TYPES: Record<TableFileFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
}

/**
 * Writes a sheet as CSV (UTF-8 with a BOM so Excel on Windows reads Chinese correctly; RFC 4180 quoting) or .xlsx;
 * every cell, the header included, goes through neutraliseFormula.
 */
export async function writeSheet(sheet: ExportSheet, format: TableFileFormat): Promise<Buffer> {
  const workbook = workbookOf(sheet)
  if (format === 'xlsx') return Buffer.from(await workbook.xlsx.writeBuffer())
  const csv = await workbook.csv.writeBuffer({
    formatterOptions: { writeBOM: true, rowDelimiter: '\r\n', includeEndRowDelimiter: true },
  })
  return Buffer.from(csv)
}

/** Characters Windows forbids in file names, each as its full-width form (a masked 138****5678 stays readable). */
const FILENAME_FORBIDDEN: Record<string, string> = {
  '\\': '＼',
  '/': '／',
  ':': '：',
  '*': '＊',
  '?': '？',
  '"': '＂',
  '<': '＜',
  '>': '＞',
  '|': '｜',
}

/**
 * `attachment` with a Chinese file name (RFC 6266 / RFC 8187 `filename*`) and an ASCII fallback. The name is made
 * one Windows can save (forbidden characters as their full-width forms, control characters dropped), then
 * percent-encoded to RFC 8187's attr-char, which `encodeURIComponent` leaves `!'()*` outside of.
 */
export function attachmentHeader(filename: string, asciiFallback: string): string {
  const savable = filename
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u001f\u007f]/g, '')
    .replace(/[\\/:*?"<>|]/g, (c) => FILENAME_FORBIDDEN[c] ?? '_')
  const encoded = encodeURIComponent(savable).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  )
  return `attachment; filename="${asciiFallback}"; filename*=UTF-8''${encoded}`
}

/** A catalog item and period across a region's villages: each village's current public disclosure. */
export interface DatasetInput {
  item: CatalogItem
  period: string
  parts: { disclosure: Disclosure; villageName: string }[]
  updatedAt: Date
}

/** The public (privacy-presented) table of one village's part. */
function publicTableOf(item: CatalogItem, d: Disclosure): PresentedTableDto | null {
  return presentTable(item, d.rows, 'public')
}

/** One row per village row, preceded by the village's division code and name (the columns of the public view). */
export function sheetOfDataset(dataset: DatasetInput): ExportSheet {
  const tables = dataset.parts.map((p) => ({ part: p, table: publicTableOf(dataset.item, p.disclosure) }))
  const first = tables.find((t) => t.table)?.table
  const columns = first?.columns ?? []
  const rows: ExportCell[][] = []
  for (const { part, table } of tables) {
    if (!table) continue
    for (const row of table.rows) {
      rows.push([
        part.disclosure.regionCode,
        part.villageName,
        ...columns.map((c) => cellOf(c.type, row[c.key])),
      ])
    }
  }
  return {
    name: `${dataset.item.name}${dataset.period}`,
    header: ['区划代码', '村（社区）', ...columns.map(headerOf)],
    rows,
  }
}

/** The download path of a dataset's file. */
export function datasetPath(
  regionCode: string,
  itemId: string,
  period: string,
  format: TableFileFormat = 'csv',
): string {
  return `/api/v1/regions/${regionCode}/open-data/${itemId}.${format}?period=${encodeURIComponent(period)}`
}

/** The open-data index of a region in the manner of DCAT/CKAN (`docs/open-data.md`). */
export function presentOpenDataIndex(regionCode: string, datasets: DatasetInput[]): OpenDataIndexDto {
  return {
    regionCode,
    datasets: datasets.map((ds): OpenDataset => {
      const title = `${ds.item.name}（${ds.period}）`
      return {
        identifier: `${regionCode}/${ds.item.id}/${ds.period}`,
        title,
        catalogItemId: ds.item.id,
        catalogItemName: ds.item.name,
        period: ds.period,
        villages: ds.parts.length,
        rows: ds.parts.reduce((n, p) => n + (publicTableOf(ds.item, p.disclosure)?.rowCount ?? 0), 0),
        modified: ds.updatedAt.toISOString(),
        license: OPEN_DATA_LICENSE,
        keywords: [ds.item.name, '村务公开'],
        // CSV for programs; .xlsx for Excel and WPS, which read a 12-digit 区划代码 in a CSV as a number (3.61E+11).
        distributions: [
          {
            title: `${title}.csv`,
            format: 'CSV',
            mediaType: 'text/csv',
            downloadURL: datasetPath(regionCode, ds.item.id, ds.period),
          },
          {
            title: `${title}.xlsx`,
            format: 'XLSX',
            mediaType: TABLE_FILE_TYPES.xlsx as OpenDataDistribution['mediaType'],
            downloadURL: datasetPath(regionCode, ds.item.id, ds.period, 'xlsx'),
          },
        ],
      }
    }),
  }
}
