import { describe, expect, it } from 'vitest'
import { renderDate, renderNumber } from './cell'
import { TableFileError } from './errors'
import { readTableFile } from './read'
import { buildXlsx, encodeGbk } from './test-builders'
import { replaceParts } from './zip-builders'

async function refusal(promise: Promise<unknown>): Promise<TableFileError> {
  const error: unknown = await promise.then(
    () => null,
    (e: unknown) => e,
  )
  if (!(error instanceof TableFileError)) throw new Error(`expected a TableFileError, got ${String(error)}`)
  return error
}

describe('renderNumber', () => {
  it('should drop binary float noise', () => {
    expect(renderNumber(0.1 + 0.2)).toBe('0.3')
    expect(renderNumber(1234.5)).toBe('1234.5')
    expect(renderNumber(105.55 * 3)).toBe('316.65')
    expect(renderNumber(-0.07)).toBe('-0.07')
    expect(renderNumber(42)).toBe('42')
  })

  it('should show integers past 15 digits in scientific notation, like Excel', () => {
    expect(renderNumber(Number('110101199003071234'))).toBe('1.10101199003071E+17')
    expect(renderNumber(6222021234567890)).toBe('6.22202123456789E+15')
    expect(renderNumber(123456789012345)).toBe('123456789012345')
  })
})

describe('renderDate', () => {
  it('should read the wall clock Excel stored, not shift it to UTC+8', () => {
    expect(renderDate(new Date(Date.UTC(2026, 2, 5)))).toBe('2026-03-05')
    expect(renderDate(new Date(Date.UTC(2026, 2, 5, 23, 30)))).toBe('2026-03-05 23:30')
    expect(renderDate(new Date(Date.UTC(2026, 2, 5, 23, 59, 59, 999.6)))).toBe('2026-03-06')
    expect(renderDate(new Date(Date.UTC(1899, 11, 30, 8, 15)))).toBe('08:15')
  })
})

describe('readTableFile', () => {
  describe('xlsx', () => {
    it('should render titles, merged cells, rich text, formulas, dates and numbers faithfully', async () => {
      const file = await buildXlsx([
        {
          name: '名册',
          rows: [
            ['2026年耕地地力保护补贴发放名册'],
            ['填报单位：枫林村', null, null, '单位：元'],
            ['序号', ' 户主姓名 ', '补贴面积(亩)', '补贴金额（元）', '发放日期', '身份证号'],
            [
              1,
              { richText: [{ text: '张' }, { text: '三', font: { bold: true } }] },
              3.25,
              342.88,
              new Date(Date.UTC(2026, 2, 5)),
              '11010519491231002X',
            ],
            [2, '李四', 0.1 + 0.2, { formula: 'C5*105.5', result: 31.65 }, 46086, 110101194912310020],
            [
              3,
              { text: '王五', hyperlink: 'https://example.com' },
              1,
              { formula: '1/0', result: { error: '#DIV/0!' } },
              null,
              '\u3000 36099919 \u3000',
            ],
            ['合计', null, { formula: 'SUM(C4:C6)', result: 4.55 }, null, null, null],
          ],
          merges: ['A1:F1', 'A2:C2', 'E5:F5'],
          numFmts: { E4: 'yyyy"年"m"月"d"日"' },
        },
        { name: '字典', rows: [['是'], ['否']], state: 'hidden' },
      ])
      const { format, sheets } = await readTableFile(file, { filename: '名册.xlsx' })
      expect(format).toBe('xlsx')
      expect(sheets.map((s) => [s.name, s.hidden])).toEqual([
        ['名册', false],
        ['字典', true],
      ])
      const rows = sheets[0]?.rows ?? []
      // Merged ranges read their top-left value in every cell (A1:F1, A2:C2), as Excel shows it across them.
      expect(rows[0]).toEqual(Array<string>(6).fill('2026年耕地地力保护补贴发放名册'))
      expect(rows[1]).toEqual([
        '填报单位：枫林村',
        '填报单位：枫林村',
        '填报单位：枫林村',
        '单位：元',
        '',
        '',
      ])
      expect(rows[2]?.[1]).toBe('户主姓名')
      expect(rows[3]).toEqual(['1', '张三', '3.25', '342.88', '2026-03-05', '11010519491231002X'])
      // E5:F5 merged: the numeric ID in F5 is hidden under the merge; E5 (a bare serial) shows across both.
      expect(rows[4]).toEqual(['2', '李四', '0.3', '31.65', '46086', '46086'])
      // Streaming keeps a formula's error result only as "an error", not which one.
      expect(rows[5]).toEqual(['3', '王五', '1', '#公式错误', '', '36099919'])
      expect(rows[6]).toEqual(['合计', '', '4.55', '', '', ''])
    })

    it('should read cached formula results of 0 and blank as Excel shows them, and rows or cells without r', async () => {
      const base = await buildXlsx([{ rows: [['姓名']] }])
      const sheet = Buffer.from(
        [
          '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>',
          '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>',
          '<row><c t="inlineStr"><is><t> 甲 &amp; 乙 </t></is></c><c><f>B2*0</f><v>0</v></c>',
          '<c t="str"><f>IF(1,"","x")</f><v></v></c><c t="e"><f>1/0</f><v>#DIV/0!</v></c><c><f>A9</f></c></row>',
          '<row r="3"><c r="B3"><v>5</v></c><c t="b"><v>1</v></c></row>',
          '<row><c><v>7</v></c></row>',
          '</sheetData></worksheet>',
        ].join(''),
      )
      const file = replaceParts(base, [{ name: 'xl/worksheets/sheet1.xml', data: sheet }])
      const rows = (await readTableFile(file, { filename: 'a.xlsx' })).sheets[0]?.rows
      expect(rows).toEqual([
        ['甲 & 乙', '0', '', '#公式错误', '#公式错误'],
        ['', '', '', '', ''],
        ['', '5', 'TRUE', '', ''],
        ['7', '', '', '', ''],
      ])
    })

    it('should show an ID number stored as a number the way Excel does, with its lost digits visible', async () => {
      const file = await buildXlsx([{ rows: [['身份证号'], [110101194912310020]] }])
      const { sheets } = await readTableFile(file, {
        mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      })
      expect(sheets[0]?.rows[1]).toEqual(['1.1010119491231E+17'])
    })

    it('should keep leading blank rows so row numbers match Excel', async () => {
      const file = await buildXlsx([{ rows: [[], [], [null, '姓名', '金额'], [null, '张三', 1]] }])
      const { sheets } = await readTableFile(file, { filename: 'a.XLSX' })
      expect(sheets[0]?.rows).toEqual([
        ['', '', ''],
        ['', '', ''],
        ['', '姓名', '金额'],
        ['', '张三', '1'],
      ])
    })
  })

  describe('csv', () => {
    const text =
      '耕地地力保护补贴发放名册,,\r\n户主姓名,补贴面积,补贴金额\r\n张三,3.25,"1,234.50"\r\n"李""四""",1,"多\n行"\r\n'
    const expected = [
      ['耕地地力保护补贴发放名册', '', ''],
      ['户主姓名', '补贴面积', '补贴金额'],
      ['张三', '3.25', '1,234.50'],
      ['李"四"', '1', '多\n行'],
    ]

    it('should read UTF-8 with a BOM', async () => {
      const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')])
      const { format, sheets } = await readTableFile(bytes, { filename: '名册.csv' })
      expect(format).toBe('csv')
      expect(sheets).toEqual([
        { name: '名册', hidden: false, rows: expected, hiddenRows: [], hiddenColumns: [] },
      ])
    })

    it('should read UTF-8 without a BOM', async () => {
      const { sheets } = await readTableFile(Buffer.from(text, 'utf8'), { mimeType: 'text/csv' })
      expect(sheets[0]?.rows).toEqual(expected)
    })

    it('should read GBK, as saved by Chinese Excel', async () => {
      const bytes = encodeGbk(text)
      expect([...encodeGbk('你好')]).toEqual([0xc4, 0xe3, 0xba, 0xc3])
      expect(() => new TextDecoder('utf-8', { fatal: true }).decode(bytes)).toThrow()
      const { sheets } = await readTableFile(bytes, {
        filename: 'C:\\导出\\名册.csv',
        mimeType: 'application/vnd.ms-excel',
      })
      expect(sheets[0]?.name).toBe('名册')
      expect(sheets[0]?.rows).toEqual(expected)
    })

    it('should read tab-separated UTF-16 (Excel "Unicode text")', async () => {
      const body = Buffer.from('户主姓名\t补贴金额\n张三\t12.5\n', 'utf16le')
      const bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), body])
      const { sheets } = await readTableFile(bytes, { filename: 'a.csv' })
      expect(sheets[0]?.rows).toEqual([
        ['户主姓名', '补贴金额'],
        ['张三', '12.5'],
      ])
    })
  })

  describe('refusals', () => {
    it('should refuse old .xls files with unsupported_file_type', async () => {
      const ole = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0, 0])
      const error = await refusal(readTableFile(ole, { filename: '名册.xls' }))
      expect(error.code).toBe('unsupported_file_type')
      expect(error.message).toContain('另存为')
    })

    it('should refuse an HTML table named .xls', async () => {
      const html = Buffer.from('<html><table><tr><td>姓名</td></tr></table></html>')
      expect((await refusal(readTableFile(html, { filename: 'export.xls' }))).code).toBe(
        'unsupported_file_type',
      )
    })

    it('should refuse other file types by name and by MIME type', async () => {
      const pdf = Buffer.from('%PDF-1.7\n')
      expect((await refusal(readTableFile(pdf, { filename: 'a.pdf' }))).code).toBe('unsupported_file_type')
      expect((await refusal(readTableFile(pdf, { mimeType: 'application/pdf' }))).code).toBe(
        'unsupported_file_type',
      )
      const docx = await buildXlsx([{ rows: [['x']] }])
      expect((await refusal(readTableFile(docx, { filename: 'a.docx' }))).code).toBe('unsupported_file_type')
      const docxMime = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'
      expect((await refusal(readTableFile(docx, { mimeType: docxMime }))).code).toBe('unsupported_file_type')
      // A nameless upload as octet-stream is tried as a workbook.
      expect((await readTableFile(docx, { mimeType: 'application/octet-stream' })).format).toBe('xlsx')
    })

    it('should refuse files over the size limit with file_too_large', async () => {
      const bytes = Buffer.alloc(2048, 0x41)
      const error = await refusal(readTableFile(bytes, { filename: 'a.csv', maxBytes: 1024 }))
      expect(error.code).toBe('file_too_large')
      expect(error.message).toContain('文件太大')
    })

    it('should refuse damaged and empty files with unreadable_file', async () => {
      const broken = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(100, 7)])
      expect((await refusal(readTableFile(broken, { filename: 'a.xlsx' }))).code).toBe('unreadable_file')
      expect((await refusal(readTableFile(Buffer.from('a,b'), { filename: 'a.xlsx' }))).code).toBe(
        'unreadable_file',
      )
      expect((await refusal(readTableFile(Buffer.alloc(0), { filename: 'a.csv' }))).code).toBe(
        'unreadable_file',
      )
    })

    it('should refuse sheets over the row limit with too_many_rows', async () => {
      const csv = Buffer.from('a\n'.repeat(11))
      expect((await refusal(readTableFile(csv, { filename: 'a.csv', maxRows: 10 }))).code).toBe(
        'too_many_rows',
      )
      const xlsx = await buildXlsx([{ rows: Array.from({ length: 11 }, () => ['a']) }])
      expect((await refusal(readTableFile(xlsx, { filename: 'a.xlsx', maxRows: 10 }))).code).toBe(
        'too_many_rows',
      )
    })
  })
})
