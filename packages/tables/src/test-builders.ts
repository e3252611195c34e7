import type { CellValue, Column, TableSchema } from '@cunwu/domain'
import { findCatalogItem, idCheckCharacter } from '@cunwu/domain'
import ExcelJS from 'exceljs'

/** Test factories: real .xlsx and GBK files built in memory (used by the *.test.ts files and the bench). */

/** The table of a catalog item, for tests (throws when the item has none). */
export function tableOf(id: string): TableSchema {
  const table = findCatalogItem(id)?.table
  if (!table) throw new Error(`no table for ${id}`)
  return table
}

/** A valid 18-digit ID number for a birth date and sequence number. */
export function buildIdNumber(birth: string, sequence: number, area = '360999'): string {
  const first17 = `${area}${birth.replace(/-/g, '')}${String(sequence % 1000).padStart(3, '0')}`
  return `${first17}${idCheckCharacter(first17) ?? ''}`
}

/** One worksheet to build: cell values row by row, merges like 'A1:H1', number formats by address. */
export interface SheetSpec {
  name?: string
  rows: ExcelJS.CellValue[][]
  merges?: string[]
  numFmts?: Record<string, string>
  state?: 'visible' | 'hidden'
}

/** Builds an .xlsx file with exceljs from sheet specs. */
export async function buildXlsx(sheets: SheetSpec[]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook()
  sheets.forEach((spec, i) => {
    const sheet = workbook.addWorksheet(spec.name ?? `Sheet${i + 1}`, { state: spec.state ?? 'visible' })
    spec.rows.forEach((values, r) => {
      values.forEach((value, c) => {
        if (value === null || value === undefined) return
        sheet.getCell(r + 1, c + 1).value = value
      })
    })
    for (const [address, fmt] of Object.entries(spec.numFmts ?? {})) sheet.getCell(address).numFmt = fmt
    for (const range of spec.merges ?? []) sheet.mergeCells(range)
  })
  return Buffer.from(await workbook.xlsx.writeBuffer())
}

let gbkTable: Map<string, number[]> | null = null

/**
 * Encodes text as GBK/GB18030 two-byte sequences (what Chinese Excel writes for "CSV (逗号分隔)"). Node has no
 * GBK encoder, so the table is the inverse of its GB18030 decoder.
 */
export function encodeGbk(text: string): Uint8Array {
  if (gbkTable === null) {
    gbkTable = new Map()
    const decoder = new TextDecoder('gb18030')
    for (let lead = 0x81; lead <= 0xfe; lead += 1) {
      for (let trail = 0x40; trail <= 0xfe; trail += 1) {
        if (trail === 0x7f) continue
        const ch = decoder.decode(new Uint8Array([lead, trail]))
        if (ch.length === 1 && ch !== '\ufffd' && !gbkTable.has(ch)) gbkTable.set(ch, [lead, trail])
      }
    }
  }
  const bytes: number[] = []
  for (const ch of text) {
    const code = ch.codePointAt(0) ?? 0
    if (code < 0x80) {
      bytes.push(code)
      continue
    }
    const pair = gbkTable.get(ch)
    if (pair === undefined) throw new Error(`not encodable in GBK: ${ch}`)
    bytes.push(...pair)
  }
  return new Uint8Array(bytes)
}

/** A sample value of a column's type, varied by i, as importRows returns it. */
export function buildValue(column: Column, i: number): CellValue {
  switch (column.type) {
    case 'text':
      return `${column.label.slice(0, 4)}${i + 1}`
    case 'integer':
      return (i % 7) + 1
    case 'decimal':
      return Number(((i % 50) * 1.37 + 0.5).toFixed(2))
    case 'amount_fen':
      return 12_345 + i * 101
    case 'date':
      return `2026-${String((i % 12) + 1).padStart(2, '0')}-${String((i % 28) + 1).padStart(2, '0')}`
    case 'id_number':
      return buildIdNumber(`19${50 + (i % 50)}-0${(i % 9) + 1}-1${i % 10}`, i)
    case 'phone':
      return `1380013${String(i % 10_000).padStart(4, '0')}`
    case 'bank_account':
      return `6217${String(i).padStart(15, '0')}`
    case 'household_no':
      return `360999${String(i).padStart(6, '0')}`
    case 'enum': {
      const values = column.enumValues ?? ['']
      return values[i % values.length] ?? ''
    }
    case 'boolean':
      return i % 2 === 0
  }
}

/** Rows for a schema: every column filled in even rows, only required ones in odd rows. */
export function buildRows(schema: TableSchema, count: number): Record<string, CellValue>[] {
  return Array.from({ length: count }, (_, i) =>
    Object.fromEntries(
      schema.columns.map((c) => [c.key, c.required || i % 2 === 0 ? buildValue(c, i) : null]),
    ),
  )
}
