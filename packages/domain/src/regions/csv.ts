import { z } from 'zod'
import { isDivisionCode, levelOfCode, parentCode } from './code'
import type { Region, UrbanRuralCode } from './region'
import { RegionSchema, UrbanRuralCodeSchema } from './region'

/** One problem found in a region CSV. */
export interface RegionCsvError {
  /** 1-based line number in the file (the header is line 1). */
  line: number
  /** Header name of the offending column, or null when the problem is about the whole row or file. */
  column: string | null
  /** What is wrong, in Chinese (shown to county staff). */
  message: string
}

/** Result of parseRegionCsv: either all regions and no errors, or no regions and every error found. */
export interface RegionCsvResult {
  regions: Region[]
  errors: RegionCsvError[]
}

/** Options of parseRegionCsv. */
export interface RegionCsvOptions {
  /** Codes already stored, which rows may name as parents without repeating them in the file. */
  existingCodes?: Iterable<string>
}

const HEADER = ['code', 'name', 'codeYear', 'urbanRuralCode'] as const

/** Splits CSV text into records of fields (RFC 4180 quoting), with the line each record starts on. */
function readCsv(text: string): { line: number; fields: string[] }[] {
  const records: { line: number; fields: string[] }[] = []
  let fields: string[] = []
  let field = ''
  let quoted = false
  let line = 1
  let recordLine = 1
  const src = text.startsWith('\uFEFF') ? text.slice(1) : text
  for (let i = 0; i < src.length; i += 1) {
    const ch = src[i]
    if (quoted) {
      if (ch === '"' && src[i + 1] === '"') {
        field += '"'
        i += 1
      } else if (ch === '"') {
        quoted = false
      } else {
        if (ch === '\n') line += 1
        field += ch
      }
      continue
    }
    if (ch === '"' && field === '') {
      quoted = true
    } else if (ch === ',') {
      fields.push(field)
      field = ''
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && src[i + 1] === '\n') i += 1
      fields.push(field)
      records.push({ line: recordLine, fields })
      fields = []
      field = ''
      line += 1
      recordLine = line
    } else {
      field += ch
    }
  }
  if (field !== '' || fields.length > 0) {
    fields.push(field)
    records.push({ line: recordLine, fields })
  }
  // Blank lines (one empty field) carry no row.
  return records.filter((r) => !(r.fields.length === 1 && (r.fields[0] ?? '').trim() === ''))
}

/**
 * Parses and validates a region CSV (header: code,name,codeYear,urbanRuralCode; any column order). Each row
 * must be a valid region; codes must be unique; every row's parent (derived from its code) must be in the
 * file or in options.existingCodes; all rows must share one codeYear. Nothing is partially accepted: when any
 * row fails, the result has every error and no regions.
 */
export function parseRegionCsv(text: string, options: RegionCsvOptions = {}): RegionCsvResult {
  const records = readCsv(text)
  const errors: RegionCsvError[] = []
  const header = records[0]
  if (!header) return { regions: [], errors: [{ line: 1, column: null, message: '文件为空' }] }
  const names = header.fields.map((f) => f.trim())
  const index = new Map(names.map((n, i) => [n, i]))
  const missing = HEADER.filter((h) => !index.has(h))
  const unexpected = names.filter((n) => !(HEADER as readonly string[]).includes(n))
  if (missing.length > 0 || unexpected.length > 0 || names.length !== HEADER.length) {
    const message = `表头应为 ${HEADER.join(',')}` + (missing.length > 0 ? `，缺少 ${missing.join(',')}` : '')
    return { regions: [], errors: [{ line: header.line, column: null, message }] }
  }

  const cell = (fields: string[], name: (typeof HEADER)[number]): string =>
    (fields[index.get(name) ?? -1] ?? '').trim()
  const parsed: { line: number; region: Region }[] = []
  for (const record of records.slice(1)) {
    const rowErrors: RegionCsvError[] = []
    const add = (column: string | null, message: string): void => {
      rowErrors.push({ line: record.line, column, message })
    }
    if (record.fields.length !== HEADER.length) {
      add(null, `应有 ${HEADER.length} 列，实际 ${record.fields.length} 列`)
      errors.push(...rowErrors)
      continue
    }
    const code = cell(record.fields, 'code')
    const name = cell(record.fields, 'name')
    const yearText = cell(record.fields, 'codeYear')
    const urbanText = cell(record.fields, 'urbanRuralCode')
    if (!isDivisionCode(code)) add('code', `区划代码无效：${code || '（空）'}`)
    if (!/^\d{4}$/.test(yearText)) add('codeYear', `代码年份应为4位年份：${yearText || '（空）'}`)
    let urbanRuralCode: UrbanRuralCode | null = null
    if (urbanText !== '') {
      const urban = UrbanRuralCodeSchema.safeParse(urbanText)
      if (urban.success) urbanRuralCode = urban.data
      else add('urbanRuralCode', `城乡分类代码无效：${urbanText}`)
    }
    if (rowErrors.length === 0) {
      const candidate = {
        code,
        name,
        level: levelOfCode(code),
        parentCode: parentCode(code),
        codeYear: Number(yearText),
        urbanRuralCode,
      }
      const result = RegionSchema.safeParse(candidate)
      if (result.success) {
        parsed.push({ line: record.line, region: result.data })
      } else {
        for (const issue of result.error.issues) {
          const key = issue.path[0]
          add(typeof key === 'string' && key !== 'level' && key !== 'parentCode' ? key : null, issue.message)
        }
      }
    }
    errors.push(...rowErrors)
  }

  const codes = new Map<string, number>()
  for (const { line, region } of parsed) {
    const first = codes.get(region.code)
    if (first !== undefined)
      errors.push({ line, column: 'code', message: `区划代码重复（第${first}行已有）` })
    else codes.set(region.code, line)
  }
  const known = new Set(options.existingCodes ?? [])
  const firstYear = parsed[0]?.region.codeYear
  for (const { line, region } of parsed) {
    if (region.parentCode !== null && !codes.has(region.parentCode) && !known.has(region.parentCode)) {
      errors.push({
        line,
        column: 'code',
        message: `上级区划 ${region.parentCode} 不在文件中，也不在已有区划中`,
      })
    }
    if (region.codeYear !== firstYear) {
      errors.push({
        line,
        column: 'codeYear',
        message: `同一文件的代码年份应一致（首行为 ${firstYear ?? ''}）`,
      })
    }
  }
  if (records.length === 1) errors.push({ line: header.line, column: null, message: '文件中没有区划数据' })

  if (errors.length > 0) return { regions: [], errors: errors.sort((a, b) => a.line - b.line) }
  return { regions: parsed.map((p) => p.region), errors: [] }
}

/**
 * Body of `POST /api/v1/regions/import`: the CSV (header `code,name,codeYear,urbanRuralCode`) and, to overwrite names
 * stored under a newer code year with an older file's, `allowOlderCodeYear: true` (else 409 region_code_year_older).
 */
export const RegionImportSchema = z.object({
  csv: z.string().min(1).max(5_000_000),
  allowOlderCodeYear: z.boolean().default(false),
})
export type RegionImportReq = z.infer<typeof RegionImportSchema>
