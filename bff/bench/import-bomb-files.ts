// The spreadsheet files of the import bench (bff/bench/import-bombs.bench.ts), built once and cached in the OS temp
// folder: a county roster, a million one-cell rows, an inflation bomb with true or lying sizes, a shared-strings bomb.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import zlib from 'node:zlib'
import ExcelJS from 'exceljs'
import { DEMO_REGIONS } from '@cunwu/domain'
import { buildXlsx } from '../../packages/tables/src/test-builders'
import { buildZip, zipParts } from '../../packages/tables/src/zip-builders'
import { buildIdNumber } from '../src/testing/factories'

/** Where the files are kept between runs. */
export const BENCH_FILES_DIR = path.join(os.tmpdir(), 'cunwu-import-bench')
const dir = BENCH_FILES_DIR
const MB = 1024 * 1024

export async function rosterFile(rows: number): Promise<string> {
  const file = path.join(dir, `roster-${rows}.xlsx`)
  if (fs.existsSync(file)) return file
  const villages = DEMO_REGIONS.filter((r) => r.level === 'village')
  const writer = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: `${file}.tmp`, useSharedStrings: true })
  const sheet = writer.addWorksheet('名册')
  sheet.addRow(['2026年耕地地力保护补贴发放名册']).commit()
  sheet
    .addRow(['村名', '户主姓名', '户号', '补贴面积（亩）', '补贴金额（元）', '身份证号', '村民小组'])
    .commit()
  for (let i = 0; i < rows; i += 1) {
    const v = villages[i % villages.length] ?? { code: '', name: '' }
    const short = v.name.replace(/村委会$/, '村').replace(/社区居委会$/, '社区')
    const village = i % 3 === 0 ? v.code : i % 3 === 1 ? short : `${short}${1 + (i % 9)}组`
    const area = 1 + (i % 12)
    const birth = `1965-${String(1 + (Math.floor(i / 27_972) % 12)).padStart(2, '0')}-${String(1 + (Math.floor(i / 999) % 28)).padStart(2, '0')}`
    sheet
      .addRow([
        village,
        `户主${i}`,
        String(Math.floor(i / villages.length) + 1).padStart(5, '0'),
        area,
        area * 125,
        buildIdNumber(birth, (i % 999) + 1),
        `第${1 + (i % 9)}组`,
      ])
      .commit()
  }
  sheet.commit()
  await writer.commit()
  fs.renameSync(`${file}.tmp`, file)
  return file
}

export async function millionFile(): Promise<string> {
  const file = path.join(dir, 'million.xlsx')
  if (fs.existsSync(file)) return file
  const writer = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: `${file}.tmp` })
  const sheet = writer.addWorksheet('Sheet1')
  for (let i = 1; i <= 1_000_000; i += 1) sheet.addRow([i]).commit()
  sheet.commit()
  await writer.commit()
  fs.renameSync(`${file}.tmp`, file)
  return file
}

/**
 * `base` (an .xlsx) with the part `name` replaced by `head`, `unit` repeated `times` times, then `tail`, deflated as
 * it is written (the inflated part never sits in memory); the part's declared size may be set to lie.
 */
async function withInflatingPart(
  base: Buffer,
  name: string,
  content: { head: Buffer; unit: Buffer; times: number; tail: Buffer },
  declaredSize: number | null = null,
): Promise<Buffer> {
  const { head, unit, times, tail } = content
  const deflate = zlib.createDeflateRaw({ level: 9 })
  const chunks: Buffer[] = []
  deflate.on('data', (c: Buffer) => chunks.push(c))
  const ended = new Promise((resolve) => deflate.on('end', resolve))
  let crc = zlib.crc32(head)
  let size = head.length
  deflate.write(head)
  for (let i = 0; i < times; i += 1) {
    crc = zlib.crc32(unit, crc)
    size += unit.length
    if (!deflate.write(unit)) await new Promise((resolve) => deflate.once('drain', resolve))
  }
  crc = zlib.crc32(tail, crc)
  size += tail.length
  deflate.end(tail)
  await ended
  const part = {
    name,
    data: Buffer.alloc(0),
    deflated: { body: Buffer.concat(chunks), crc, size },
    ...(declaredSize === null ? {} : { declaredSize }),
  }
  return buildZip([...zipParts(base)].map(([n, data]) => (n === name ? part : { name: n, data })))
}

/** A workbook whose one sheet is 3 GB of whitespace between a header row and the end of the sheet. */
export async function bombFile(declaredSize: number | null): Promise<string> {
  const file = path.join(dir, declaredSize === null ? 'bomb.xlsx' : `liar-${declaredSize}.xlsx`)
  if (fs.existsSync(file)) return file
  const base = await buildXlsx([{ rows: [['村名', '户主姓名', '补贴金额']] }])
  const head = Buffer.from(
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>村名</t></is></c></row>',
  )
  const tail = Buffer.from('</sheetData></worksheet>')
  const unit = Buffer.alloc(MB, 0x20)
  const content = { head, unit, times: 3 * 1024, tail }
  fs.writeFileSync(file, await withInflatingPart(base, 'xl/worksheets/sheet1.xml', content, declaredSize))
  return file
}

/** A workbook of one header row whose shared-strings table inflates to 300 MB of one-letter strings. */
export async function stringsBombFile(): Promise<string> {
  const file = path.join(dir, 'strings.xlsx')
  if (fs.existsSync(file)) return file
  const base = await buildXlsx([{ rows: [['村名', '户主姓名', '补贴金额']] }])
  const head = Buffer.from(
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">',
  )
  const unit = Buffer.from('<si><t>a</t></si>'.repeat(65_536))
  const tail = Buffer.from('</sst>')
  const times = Math.floor((300 * MB - head.length - 1) / unit.length)
  fs.writeFileSync(file, await withInflatingPart(base, 'xl/sharedStrings.xml', { head, unit, times, tail }))
  return file
}
