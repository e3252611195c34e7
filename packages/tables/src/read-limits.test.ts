import { describe, expect, it } from 'vitest'
import { TableFileError } from './errors'
import { precheckTableFile, readTableFile } from './read'
import { buildXlsx } from './test-builders'
import { buildZip, replaceParts, worksheetXml, zipParts } from './zip-builders'

async function refusal(promise: Promise<unknown>): Promise<TableFileError> {
  const error: unknown = await promise.then(
    () => null,
    (e: unknown) => e,
  )
  if (!(error instanceof TableFileError)) throw new Error(`expected a TableFileError, got ${String(error)}`)
  return error
}

const SHEET = 'xl/worksheets/sheet1.xml'
const rowsOf = (n: number, from = 1) =>
  Array.from({ length: n }, (_, i) => ({ r: from + i, cells: [[1, `户${from + i}`]] as [number, string][] }))

describe('readTableFile limits', () => {
  it('should stop at the row limit while reading, before the rest of the sheet is parsed', async () => {
    const base = await buildXlsx([{ rows: [['姓名']] }])
    // Rows past the limit are followed by broken XML: reading the whole sheet would fail as unreadable.
    const sheet = worksheetXml(rowsOf(1_200), '<row r="1201"><c r="A1201"><v>')
    const error = await refusal(
      readTableFile(replaceParts(base, [{ name: SHEET, data: sheet }]), {
        filename: 'a.xlsx',
        maxRows: 1_000,
      }),
    )
    expect(error.code).toBe('too_many_rows')
    expect(error.message).toContain('超过 1000 行')
  })

  it('should refuse a single cell far below the row limit by its row number', async () => {
    const base = await buildXlsx([{ rows: [['姓名']] }])
    const sheet = worksheetXml([
      { r: 1, cells: [[1, '姓名']] },
      { r: 1_048_576, cells: [[1, 'x']] },
    ])
    const error = await refusal(
      readTableFile(replaceParts(base, [{ name: SHEET, data: sheet }]), { filename: 'a.xlsx' }),
    )
    expect(error.code).toBe('too_many_rows')
  })

  it('should refuse values beyond the column limit', async () => {
    const base = await buildXlsx([{ rows: [['姓名']] }])
    const sheet = worksheetXml([
      {
        r: 1,
        cells: [
          [1, '姓名'],
          [16_384, '远处'],
        ],
      },
    ])
    const error = await refusal(
      readTableFile(replaceParts(base, [{ name: SHEET, data: sheet }]), { filename: 'a.xlsx' }),
    )
    expect(error.code).toBe('too_many_columns')
  })

  it('should refuse a workbook whose directory declares more than the inflated limit, inflating nothing', async () => {
    const base = await buildXlsx([{ rows: [['姓名'], ['张三']] }])
    const parts = [...zipParts(base)].map(([name, data]) => ({ name, data }))
    // The declared size is checked first: the sheet's real bytes are valid, only the directory says 3 GB.
    const bomb = buildZip(parts.map((p) => (p.name === SHEET ? { ...p, declaredSize: 3_000_000_000 } : p)))
    const error = await refusal(readTableFile(bomb, { filename: 'bomb.xlsx' }))
    expect(error.code).toBe('file_too_large')
    expect(error.message).toContain('解压后内容太大')
  })

  it('should refuse the declared bomb in the precheck too, and leave everything else to the reader', async () => {
    const base = await buildXlsx([{ rows: [['姓名'], ['张三']] }])
    const parts = [...zipParts(base)].map(([name, data]) => ({ name, data }))
    const bomb = buildZip(parts.map((p) => (p.name === SHEET ? { ...p, declaredSize: 3_000_000_000 } : p)))
    expect(() => precheckTableFile(bomb, { filename: 'bomb.xlsx' })).toThrow('解压后内容太大')
    expect(() => precheckTableFile(base, { filename: 'a.xlsx' })).not.toThrow()
    expect(() =>
      precheckTableFile(Buffer.from('PK\u0003\u0004 damaged'), { filename: 'a.xlsx' }),
    ).not.toThrow()
    expect(() => precheckTableFile(Buffer.alloc(0), { filename: 'a.csv' })).toThrow('文件是空的')
  })

  it('should stop inflating a part that inflates past its declared size (sizes can lie)', async () => {
    const base = await buildXlsx([{ rows: [['姓名']] }])
    const whitespace = worksheetXml(rowsOf(2), `${' '.repeat(32 << 20)}</sheetData></worksheet>`)
    const bomb = replaceParts(base, [{ name: SHEET, data: whitespace, declaredSize: 4096 }])
    expect(bomb.length).toBeLessThan(1 << 20)
    const error = await refusal(readTableFile(bomb, { filename: 'bomb.xlsx' }))
    expect(error.code).toBe('file_too_large')
  })

  it('should stop inflating once the whole archive passes the inflated limit', async () => {
    const base = await buildXlsx([{ rows: [['姓名']] }])
    const whitespace = worksheetXml(rowsOf(2), `${' '.repeat(8 << 20)}</sheetData></worksheet>`)
    const bomb = replaceParts(base, [{ name: SHEET, data: whitespace }])
    const error = await refusal(readTableFile(bomb, { filename: 'bomb.xlsx', maxInflatedBytes: 4 << 20 }))
    expect(error.code).toBe('file_too_large')
    const read = await readTableFile(bomb, { filename: 'bomb.xlsx', maxInflatedBytes: 16 << 20 })
    expect(read.sheets[0]?.rows).toEqual([['户1'], ['户2']])
  })

  it('should refuse a shared-strings table far larger than its sheets could use, while reading it', async () => {
    const base = await buildXlsx([{ rows: [['姓名'], ['张三']] }])
    const table = (count: number) =>
      Buffer.from(
        `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="${count}" uniqueCount="${count}">${'<si><t>a</t></si>'.repeat(count)}</sst>`,
      )
    // A sheet of a few cells can use at most 1,000 strings (the floor): 200,000 is a bomb.
    const bomb = replaceParts(base, [{ name: 'xl/sharedStrings.xml', data: table(200_000) }])
    const error = await refusal(readTableFile(bomb, { filename: 'bomb.xlsx' }))
    expect(error.code).toBe('too_many_rows')
    expect(error.message).toContain('文字条目')
    // Unused strings within what the sheets could hold are read as before (the sheet's own strings come first).
    const parts = zipParts(base)
    const own = parts.get('xl/sharedStrings.xml')?.toString() ?? ''
    const padded = own.replace('</sst>', `${'<si><t>a</t></si>'.repeat(900)}</sst>`)
    const read = await readTableFile(
      replaceParts(base, [{ name: 'xl/sharedStrings.xml', data: Buffer.from(padded) }]),
      {
        filename: 'ok.xlsx',
      },
    )
    expect(read.sheets[0]?.rows).toEqual([['姓名'], ['张三']])
  })

  it('should refuse CSV files past the row or column limit', async () => {
    const csv = Buffer.from(['姓名', ...Array.from({ length: 20 }, (_, i) => `户${i}`)].join('\n'))
    expect((await refusal(readTableFile(csv, { filename: 'a.csv', maxRows: 10 }))).code).toBe('too_many_rows')
    const wide = Buffer.from(`姓名${',x'.repeat(200)}\n张三`)
    expect((await refusal(readTableFile(wide, { filename: 'a.csv' }))).code).toBe('too_many_columns')
  })
})
