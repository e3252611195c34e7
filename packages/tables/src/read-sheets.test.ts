import { findCatalogItem } from '@cunwu/domain'
import ExcelJS from 'exceljs'
import { describe, expect, it } from 'vitest'
import { TableFileError } from './errors'
import { importRows } from './import'
import { precheckTableFile, readTableFile } from './read'
import { detectSheet } from './sheets'
import { buildXlsx } from './test-builders'
import { replaceParts } from './zip-builders'

/**
 * What the reader gives beyond the cells' own values (docs/spreadsheet-imports.md, "What the reader gives"):
 * formatted runs joined, merged ranges filled, hidden rows and columns listed, blank formatted rows not counted,
 * ISO date cells, and the files it refuses with their own message (an open CSV quote, an OLE file).
 */

const SHEET = 'xl/worksheets/sheet1.xml'
const HEAD =
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' +
  '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'

async function refusal(promise: Promise<unknown>): Promise<TableFileError> {
  const error: unknown = await promise.then(
    () => null,
    (e: unknown) => e,
  )
  if (!(error instanceof TableFileError)) throw new Error(`expected a TableFileError, got ${String(error)}`)
  return error
}

/** An .xlsx whose first worksheet (and shared strings, when given) are the raw XML given. */
async function rawXlsx(sheet: string, sharedStrings?: string): Promise<Buffer> {
  const base = await buildXlsx([{ rows: [['占位']] }])
  return replaceParts(base, [
    { name: SHEET, data: Buffer.from(HEAD + sheet + '</worksheet>') },
    ...(sharedStrings === undefined
      ? []
      : [
          {
            name: 'xl/sharedStrings.xml',
            data: Buffer.from(
              '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' +
                '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">' +
                sharedStrings +
                '</sst>',
            ),
          },
        ]),
  ])
}

async function rowsOf(file: Buffer, maxRows?: number): Promise<string[][]> {
  const { sheets } = await readTableFile(file, { filename: 'a.xlsx', ...(maxRows ? { maxRows } : {}) })
  return sheets[0]?.rows ?? []
}

const dibao = findCatalogItem('social-assistance.dibao.approval')?.table
if (!dibao) throw new Error('catalog table missing')

describe('readTableFile: what Excel shows', () => {
  it('should join every formatted run of an inline string, without phonetic runs', async () => {
    // As exceljs's streaming writer and POI SXSSF export: t="inlineStr" with a <r> per run (the surname in red).
    const file = await rawXlsx(
      '<sheetData>' +
        '<row r="1"><c r="A1" t="inlineStr"><is><t>户主姓名</t></is></c><c r="B1" t="inlineStr"><is><t>户号</t></is></c></row>' +
        '<row r="2"><c r="A2" t="inlineStr"><is><r><rPr><color rgb="FFFF0000"/></rPr><t>王</t></r><r><t>建国</t></r>' +
        '<rPh sb="0" eb="1"><t>おう</t></rPh></is></c>' +
        '<c r="B2" t="inlineStr"><is><r><t>00</t></r><r><rPr><b/></rPr><t>2</t></r></is></c></row>' +
        '<row r="3"><c r="A3" t="inlineStr"><is>\n  <r>\n    <t>张桂兰</t>\n  </r>\n  <r>\n    <t>（新增）</t>\n  </r>\n</is></c></row>' +
        '</sheetData>',
    )
    expect(await rowsOf(file)).toEqual([
      ['户主姓名', '户号'],
      ['王建国', '002'],
      ['张桂兰（新增）', ''],
    ])
  })

  it('should join the runs of a shared string and leave out its phonetic guide', async () => {
    const file = await rawXlsx(
      '<sheetData><row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c></row></sheetData>',
      '<si><t>王建国</t><rPh sb="0" eb="3"><t>おうけんこく</t></rPh><phoneticPr fontId="1"/></si>' +
        '<si><r><t>00</t></r><r><rPr><b/></rPr><t>2</t></r></si>' +
        '<si><r><t xml:space="preserve">张 </t></r><r><t>三</t></r><rPh sb="0" eb="1"><t>ちょう</t></rPh></si>',
    )
    expect(await rowsOf(file)).toEqual([['王建国', '002', '张 三']])
  })

  it('should read t="d" cells as the ISO dates they hold', async () => {
    const file = await rawXlsx(
      '<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>日期</t></is></c></row>' +
        '<row r="2"><c r="A2" s="0" t="d"><v>2026-03-01T00:00:00</v></c></row>' +
        '<row r="3"><c r="A3" t="d"><v>2026-03-02</v></c></row>' +
        '<row r="4"><c r="A4" t="d"><v>2026-03-02T08:30:00Z</v></c></row>' +
        '<row r="5"><c r="A5" t="d"><v>1899-12-30T08:15:00</v></c></row>' +
        '<row r="6"><c r="A6" t="d"><v>2026-02-30</v></c></row>' +
        '<row r="7"><c r="A7" t="d"><f>A3</f><v>2026-03-02</v></c></row>' +
        '</sheetData>',
    )
    expect((await rowsOf(file)).map((r) => r[0])).toEqual([
      '日期',
      '2026-03-01',
      '2026-03-02',
      '2026-03-02 08:30',
      '08:15',
      // Not a date: left as written, for the checks to refuse.
      '2026-02-30',
      '2026-03-02',
    ])
  })

  it('should give every cell of a merged range its top-left value, in data and header rows', async () => {
    const workbook = new ExcelJS.Workbook()
    const sheet = workbook.addWorksheet('花名册')
    sheet.getRow(1).values = ['2026年低保发放花名册']
    sheet.getRow(2).values = ['户主姓名', '家庭情况', null, '保障金额（元）', '村民小组']
    sheet.getRow(3).values = [null, '保障人数', '身份证号码', null, null]
    const body = [
      ['王建国', 2, '360999196503121235', 1200, '一组'],
      ['李秀英', 1, '360999195505051117', 600, null],
      ['张桂兰', 3, '360999196001012004', 1500, null],
      ['刘志强', 2, '360999196001012012', 1200, '二组'],
      ['陈海燕', 2, '360999196001012020', 1200, null],
    ]
    body.forEach((values, i) => (sheet.getRow(4 + i).values = values))
    // A title merged over far more columns than hold values, a group label over two columns, labels over both
    // header rows, 村民小组 over each group's rows and past the last row with a value.
    for (const range of ['A1:Z1', 'B2:C2', 'A2:A3', 'D2:D3', 'E2:E3', 'E4:E6', 'E7:E12'])
      sheet.mergeCells(range)
    const rows = await rowsOf(Buffer.from(await workbook.xlsx.writeBuffer()))
    expect(rows).toEqual([
      Array<string>(5).fill('2026年低保发放花名册'),
      ['户主姓名', '家庭情况', '家庭情况', '保障金额（元）', '村民小组'],
      ['户主姓名', '保障人数', '身份证号码', '保障金额（元）', '村民小组'],
      ['王建国', '2', '360999196503121235', '1200', '一组'],
      ['李秀英', '1', '360999195505051117', '600', '一组'],
      ['张桂兰', '3', '360999196001012004', '1500', '一组'],
      ['刘志强', '2', '360999196001012012', '1200', '二组'],
      ['陈海燕', '2', '360999196001012020', '1200', '二组'],
    ])
  })

  it('should fill merged ranges listed before the rows too, and refuse overlapping ones that would fill too much', async () => {
    const early = await rawXlsx(
      '<mergeCells count="1"><mergeCell ref="A1:A2"/></mergeCells><sheetData>' +
        '<row r="1"><c r="A1" t="inlineStr"><is><t>一组</t></is></c><c r="B1"><v>1</v></c></row>' +
        '<row r="2"><c r="B2"><v>2</v></c></row></sheetData>',
    )
    expect(await rowsOf(early)).toEqual([
      ['一组', '1'],
      ['一组', '2'],
    ])
    const cells = Array.from(
      { length: 20 },
      (_, r) => `<row r="${r + 1}"><c r="A${r + 1}"><v>1</v></c><c r="B${r + 1}"><v>2</v></c></row>`,
    )
    const overlapping = Array<string>(200).fill('<mergeCell ref="A1:B20"/>').join('')
    const hostile = await rawXlsx(
      `<sheetData>${cells.join('')}</sheetData><mergeCells>${overlapping}</mergeCells>`,
    )
    expect((await refusal(readTableFile(hostile, { filename: 'a.xlsx' }))).code).toBe('unreadable_file')
  })

  it('should keep 10,000 merged ranges listed before the rows, and refuse one more as a damaged file', async () => {
    const sheetData =
      '<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>一组</t></is></c><c r="B1"><v>1</v></c></row>' +
      '<row r="2"><c r="B2"><v>2</v></c></row></sheetData>'
    // Single cells far from the data: each is a range kept until the rows are read, and fills nothing.
    const early = (n: number) =>
      `<mergeCells count="${n + 1}"><mergeCell ref="A1:A2"/>${Array.from(
        { length: n },
        (_, i) => `<mergeCell ref="Z${i + 10}"/>`,
      ).join('')}</mergeCells>`
    expect(await rowsOf(await rawXlsx(early(9_999) + sheetData))).toEqual([
      ['一组', '1'],
      ['一组', '2'],
    ])
    const error = await refusal(
      readTableFile(await rawXlsx(early(10_000) + sheetData), { filename: 'a.xlsx' }),
    )
    expect(error.code).toBe('unreadable_file')
    expect(error.message).toBe(
      '无法读取这个 .xlsx 文件，文件可能已损坏。请用 Excel 或 WPS 打开后“另存为” .xlsx 格式再上传',
    )
  })

  it('should list hidden rows and columns, and match a visible column before a hidden one of the same label', async () => {
    const workbook = new ExcelJS.Workbook()
    const sheet = workbook.addWorksheet('Sheet1')
    sheet.getRow(1).values = [
      '户主姓名',
      '保障人数',
      '保障金额（调整前）',
      '保障金额（调整后）',
      '户号',
      '备注',
    ]
    sheet.getRow(2).values = ['王建国', 2, 900, 1200, '001']
    sheet.getRow(3).values = ['李秀英', 1, 450, 600, '002', '已停保']
    sheet.getRow(4).values = ['张桂兰', 3, 1125, 1500, '003']
    sheet.getRow(3).hidden = true
    sheet.getColumn(3).hidden = true
    // A hidden column past the last value is not listed.
    sheet.getColumn(9).hidden = true
    const file = Buffer.from(await workbook.xlsx.writeBuffer())
    const { sheets } = await readTableFile(file, { filename: 'a.xlsx' })
    const [read] = sheets
    expect(read?.hiddenRows).toEqual([2])
    expect(read?.hiddenColumns).toEqual([2])
    // The rows stay as they are (row numbers match Excel); the import skips and reports the hidden ones.
    expect(read?.rows[2]?.[0]).toBe('李秀英')
    const found = detectSheet(sheets, dibao)
    expect(found?.detection.mapping.amount).toBe(3)
  })

  it('should not count rows that carry only formatting against the row limit', async () => {
    // 30 rows of data, then a border carried down to row 2,500 (Excel writes <c r="A2500" s="1"/>).
    const data = Array.from(
      { length: 31 },
      (_, i) =>
        `<row r="${i + 1}"><c r="A${i + 1}" t="inlineStr"><is><t>${i === 0 ? '户主姓名' : `村民${i}`}</t></is></c></row>`,
    )
    const styled = Array.from(
      { length: 2_500 - 32 },
      (_, i) =>
        `<row r="${i + 33}" s="1" customFormat="1"><c r="A${i + 33}" s="1"/><c r="B${i + 33}" s="1"/></row>`,
    )
    const file = await rawXlsx(`<sheetData>${data.join('')}${styled.join('')}</sheetData>`)
    const rows = await rowsOf(file, 1_000)
    expect(rows).toHaveLength(31)
    expect(rows[30]).toEqual(['村民30'])
    // A value below the limit still refuses the sheet.
    const late = await rawXlsx(
      `<sheetData>${data.join('')}${styled.join('')}<row r="2501"><c r="A2501"><v>1</v></c></row></sheetData>`,
    )
    const error = await refusal(readTableFile(late, { filename: 'a.xlsx', maxRows: 1_000 }))
    expect(error.code).toBe('too_many_rows')
    expect(error.message).toContain('有内容的行超过 1000 行')
  })
})

describe('readTableFile: rows and cells a damaged file repeats', () => {
  const cell = (ref: string, text: string) => `<c r="${ref}" t="inlineStr"><is><t>${text}</t></is></c>`
  const row = (r: number, cells: string, hidden = false) =>
    `<row r="${r}"${hidden ? ' hidden="1"' : ''}>${cells}</row>`

  it('should refuse a row number written twice rather than let the second replace the first', async () => {
    const file = await rawXlsx(
      `<sheetData>${row(1, cell('A1', '户主姓名') + cell('B1', '保障金额'))}` +
        `${row(2, cell('A2', '王建国') + cell('B2', '1200'))}${row(2, cell('A2', '李秀英') + cell('B2', '600'))}</sheetData>`,
    )
    const error = await refusal(readTableFile(file, { filename: 'a.xlsx' }))
    expect(error.code).toBe('unreadable_file')
    expect(error.message).toBe(
      '工作表「Sheet1」第 2 行在文件里出现了两次，文件可能已损坏。请用 Excel 或 WPS 打开后“另存为” .xlsx 格式再上传',
    )
  })

  it('should refuse rows out of order, which could repeat a hidden row far from the first', async () => {
    const file = await rawXlsx(
      `<sheetData>${row(1, cell('A1', '户主姓名'))}${row(2, cell('A2', '王建国'), true)}` +
        `${row(3, cell('A3', '张桂兰'))}${row(2, cell('A2', '李秀英'), true)}</sheetData>`,
    )
    const error = await refusal(readTableFile(file, { filename: 'a.xlsx' }))
    expect(error.code).toBe('unreadable_file')
    expect(error.message).toBe(
      '工作表「Sheet1」的行没有按顺序排列（第 2 行排在第 3 行之后），文件可能已损坏。请用 Excel 或 WPS 打开后“另存为” .xlsx 格式再上传',
    )
  })

  it('should refuse a cell written twice or out of order and a row 0, and read rows and cells in order as before', async () => {
    const twice = await rawXlsx(
      `<sheetData>${row(1, cell('A1', '户主姓名') + cell('B1', '保障金额'))}` +
        `${row(2, cell('A2', '王建国') + cell('B2', '1200') + cell('B2', '12000'))}</sheetData>`,
    )
    const error = await refusal(readTableFile(twice, { filename: 'a.xlsx' }))
    expect(error.message).toBe(
      '工作表「Sheet1」第 2 行 B 列在文件里出现了两次，文件可能已损坏。请用 Excel 或 WPS 打开后“另存为” .xlsx 格式再上传',
    )
    const backwards = await rawXlsx(
      `<sheetData>${row(1, cell('A1', '户主姓名'))}${row(2, cell('C2', '1200') + cell('A2', '王建国'))}</sheetData>`,
    )
    expect((await refusal(readTableFile(backwards, { filename: 'a.xlsx' }))).message).toContain(
      '第 2 行的格没有按顺序排列（A 列排在 C 列之后）',
    )
    const zero = await rawXlsx(`<sheetData>${row(0, cell('A1', '户主姓名'))}</sheetData>`)
    expect((await refusal(readTableFile(zero, { filename: 'a.xlsx' }))).message).toContain('有一行的行号是 0')
    const ordered = await rawXlsx(
      `<sheetData>${row(1, cell('A1', '户主姓名') + cell('C1', '保障金额'))}${row(3, cell('B3', '王建国'), true)}` +
        `<row><c t="inlineStr"><is><t>李秀英</t></is></c><c><v>600</v></c></row></sheetData>`,
    )
    const { sheets } = await readTableFile(ordered, { filename: 'a.xlsx' })
    expect(sheets[0]?.rows).toEqual([
      ['户主姓名', '', '保障金额'],
      ['', '', ''],
      ['', '王建国', ''],
      ['李秀英', '600', ''],
    ])
    expect(sheets[0]?.hiddenRows).toEqual([2])
  })
})

describe('readTableFile: refusals with their own message', () => {
  const header = '日期,摘要,收款单位（个人）,金额,备注\r\n2026-03-01,慰问金,张三,500,\r\n'

  it('should refuse a CSV whose quote stays open to the end, naming where it opened', async () => {
    const text =
      header +
      '2026-03-02,慰问金,李四,500,"李四代领\r\n' +
      '2026-03-03,慰问金,王五,500,王五 身份证360999196503121235\r\n' +
      '2026-03-04,慰问金,赵六,500,电话13800138000\r\n'
    const error = await refusal(readTableFile(Buffer.from(text), { filename: '支出.csv' }))
    expect(error.code).toBe('unreadable_file')
    expect(error.message).toContain('第 3 行 E 列的引号')
    expect(error.message).toContain('没有闭合')
  })

  it('should refuse a CSV whose quoted field swallowed whole rows up to a later quote', async () => {
    const text =
      header +
      '2026-03-02,慰问金,李四,500,"李四代领\r\n' +
      '2026-03-03,慰问金,王五,500,王五\r\n' +
      '2026-03-04,慰问金,赵六,500,"电话"\r\n'
    const error = await refusal(readTableFile(Buffer.from(text), { filename: '支出.csv' }))
    expect(error.code).toBe('unreadable_file')
    expect(error.message).toContain('第 3 行 E 列')
  })

  it('should read a properly closed multi-line cell holding a list with many commas, and warn about it (re-probe N6)', async () => {
    const expense = findCatalogItem('village-finance.expense')?.table
    if (!expense) throw new Error('no expense table')
    const text =
      '\ufeff日期,凭证号,摘要,支出类别,收款单位（个人）,金额（元）,备注\r\n' +
      '2026-03-01,1,慰问金,慰问,王五,500,\r\n' +
      '2026-03-03,3,购买办公用品,办公,文具店,120,"共7项：\r\n纸,笔,墨,订书机,胶水,文件夹,剪刀"\r\n' +
      '2026-03-04,4,慰问金,慰问,赵六,500,\r\n'
    const sheet = (await readTableFile(Buffer.from(text), { filename: '支出.csv' })).sheets[0]
    expect(sheet?.rows).toHaveLength(4)
    expect(sheet?.rows[2]?.[6]).toBe('共7项：\r\n纸,笔,墨,订书机,胶水,文件夹,剪刀')
    expect(sheet?.longCells).toEqual([{ row: 2, column: 6 }])
    const found = detectSheet([sheet!], expense)
    const result = importRows(sheet!.rows, expense, found!.detection.mapping, {
      headerRow: found!.detection.headerRow ?? 0,
      longCells: sheet!.longCells ?? [],
    })
    if (!result.ok) throw new Error(result.errors.map((e) => e.message).join('; '))
    expect(result.rowCount).toBe(3)
    expect(result.warnings.map((w) => [w.code, w.message])).toEqual([
      [
        'multiline_cell',
        '第 3 行 G 列（备注）：这一格有好几行，其中一行像是一整行数据；请核对后面的行有没有被并进这一格',
      ],
    ])
  })

  it('should read a UTF-16 CSV saved without a byte order mark, in either byte order (re-probe N10)', async () => {
    const text = '户主姓名,保障金额\r\n王建国,1200\r\n'
    for (const bytes of [Buffer.from(text, 'utf16le'), Buffer.from(text, 'utf16le').swap16()]) {
      const rows = (await readTableFile(bytes, { filename: '名单.csv' })).sheets[0]?.rows
      expect(rows).toEqual([
        ['户主姓名', '保障金额'],
        ['王建国', '1200'],
      ])
    }
  })

  it('should still read quoted fields on several lines that hold no rows', async () => {
    const text = header + '2026-03-02,慰问金,李四,500,"住址：云溪村, 三组\r\n15号, 代领"\r\n'
    const rows = (await readTableFile(Buffer.from(text), { filename: '支出.csv' })).sheets[0]?.rows
    expect(rows?.[2]?.[4]).toBe('住址：云溪村, 三组\r\n15号, 代领')
  })

  it('should refuse an OLE file named .xlsx (old .xls renamed, or a password) before parsing it', () => {
    const ole = Buffer.concat([
      Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]),
      Buffer.alloc(504),
    ])
    let error: unknown = null
    try {
      precheckTableFile(ole, { filename: '名册.xlsx' })
    } catch (e) {
      error = e
    }
    expect(error).toBeInstanceOf(TableFileError)
    expect((error as TableFileError).message).toContain('旧版 .xls 文件改了扩展名')
  })
})
