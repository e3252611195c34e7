import { getCatalog } from '@cunwu/domain'
import type { TableSchema } from '@cunwu/domain'
import ExcelJS from 'exceljs'
import { describe, expect, it } from 'vitest'
import { detectHeader } from './header'
import { importRows } from './import'
import { readTableFile } from './read'
import { buildRows } from './test-builders'
import { WRITTEN_HEADER_ROW, writeTableXlsx } from './write'

// Every distinct table schema of the catalog (some items share one).
const TABLES: TableSchema[] = [
  ...new Map(
    getCatalog().items.flatMap((i) => (i.table ? [[i.table.title, i.table] as const] : [])),
  ).values(),
]

describe('writeTableXlsx', () => {
  it('should cover the catalog tables', () => {
    expect(TABLES.length).toBeGreaterThanOrEqual(21)
  })

  it.each(TABLES.map((t) => [t.title, t] as const))(
    'should round-trip %s through write, read and import',
    async (_, schema) => {
      const rows = buildRows(schema, 6)
      const file = await writeTableXlsx(schema, rows, {
        title: `2026年${schema.title}`,
        totals: true,
        blankRows: 20,
      })
      const { sheets } = await readTableFile(file, { filename: 'export.xlsx' })
      const sheetRows = sheets[0]?.rows ?? []
      const header = detectHeader(sheetRows, schema)
      expect(header.headerRow).toBe(WRITTEN_HEADER_ROW)
      expect(Object.values(header.mapping)).toEqual(schema.columns.map((_c, i) => i))
      const result = importRows(sheetRows, schema, header.mapping, { headerRow: WRITTEN_HEADER_ROW })
      if (!result.ok) throw new Error(result.errors.map((e) => e.message).join('\n'))
      expect(result.rows).toEqual(rows)
      expect(result.warnings.filter((w) => w.code === 'total_mismatch')).toEqual([])
      const totalled = schema.columns.some((c) => c.total === true && c !== schema.columns[0])
      expect(result.declaredTotals === null ? {} : result.declaredTotals).toEqual(totalled ? result.sums : {})
    },
  )

  it('should write a template with text formats, drop-downs and required marks', async () => {
    const schema = TABLES.find((t) => t.title === '农村危房改造补助农户名单')
    if (!schema) throw new Error('missing schema')
    const file = await writeTableXlsx(schema, [], { title: '农村危房改造补助农户名单（模板）' })
    const workbook = new ExcelJS.Workbook()
    await workbook.xlsx.load(new Uint8Array(file).buffer)
    const sheet = workbook.worksheets[0]
    if (!sheet) throw new Error('no sheet')
    const header = sheet.getRow(WRITTEN_HEADER_ROW + 1)
    expect(header.getCell(1).value).toBe('*户主姓名')
    expect(header.getCell(2).value).toBe('*家庭成员数量（人）')
    expect(header.getCell(5).value).toBe('补助金额（元）')
    const idColumn = schema.columns.findIndex((c) => c.type === 'id_number') + 1
    expect(sheet.getColumn(idColumn).numFmt).toBe('@')
    const gradeColumn = schema.columns.findIndex((c) => c.key === 'danger_grade') + 1
    expect(sheet.getCell(WRITTEN_HEADER_ROW + 2, gradeColumn).dataValidation).toMatchObject({
      type: 'list',
      formulae: ['"C级,D级"'],
    })
    expect(sheet.getCell(WRITTEN_HEADER_ROW + 501, gradeColumn).dataValidation).toMatchObject({
      type: 'list',
    })

    const { sheets } = await readTableFile(file, { filename: 'template.xlsx' })
    const rows = sheets[0]?.rows ?? []
    const detected = detectHeader(rows, schema)
    expect(detected.headerRow).toBe(WRITTEN_HEADER_ROW)
    expect(detected.unmappedRequired).toEqual([])
    const result = importRows(rows, schema, detected.mapping, { headerRow: WRITTEN_HEADER_ROW })
    expect(result.ok ? [] : result.errors.map((e) => e.code)).toEqual(['no_data_rows'])
  })
})
