import type { CellValue, Column } from '@cunwu/domain'
import {
  HOUSEHOLD_NO_RULE,
  isHouseholdNo,
  isMainlandMobile,
  isValidChineseId,
  passesLuhn,
  readIdNumber,
  readTypedDate,
} from '@cunwu/domain'
import type { AmountUnit } from './header'
import { normalizeValue } from './normalize'

/**
 * Cell parsers per column type. Each turns the rendered cell string into the stored value, or explains in
 * plain Chinese what is wrong. Numbers are parsed from their decimal text, never through floats, so
 * 1234.56 元 is exactly 123456 分.
 */

/** Stable codes of cell problems. */
export type CellIssueCode =
  | 'required'
  | 'invalid_integer'
  | 'invalid_decimal'
  | 'invalid_amount'
  | 'too_many_decimals'
  | 'amount_too_large'
  | 'invalid_date'
  | 'impossible_date'
  | 'id_precision_lost'
  | 'id_old_format'
  | 'invalid_id_number'
  | 'id_birth_date'
  | 'id_checksum'
  | 'invalid_phone'
  | 'invalid_bank_account'
  | 'number_precision_lost'
  | 'invalid_household_no'
  | 'negative_amount'
  | 'invalid_enum'
  | 'invalid_boolean'
  | 'text_too_long'

/** A parsed cell or the reason it was refused. */
export type CellResult =
  | { ok: true; value: CellValue; warning?: { code: 'bank_account_luhn' | 'zero_people'; reason: string } }
  | { ok: false; code: CellIssueCode; reason: string }

/** A number read from its text: sign, integer digits and fraction digits. */
export interface DecimalParts {
  negative: boolean
  int: string
  frac: string
}

/** Longest accepted text cell. */
export const MAX_TEXT_LENGTH = 2000

// Separators people put inside numbers (spaces from NFKC of full-width spaces, thin spaces).
const INNER_SPACES = /[\s\u2009\u202f]/g
// Scientific notation is how Excel shows a long number that was stored as a number (digits already lost).
const SCIENTIFIC = /^[+-]?\d+(\.\d+)?e[+-]?\d+$/i

const fail = (code: CellIssueCode, reason: string): CellResult => ({ ok: false, code, reason })

/** Reads "1,234.50", "-3", ".5" into parts; thousands separators only where they group by three. */
export function parseDecimalText(text: string): DecimalParts | null {
  let s = text
  if (/^[+-]?\d{1,3}(,\d{3})+(\.\d*)?$/.test(s)) s = s.replace(/,/g, '')
  const match = /^([+-])?(\d*)(?:\.(\d*))?$/.exec(s)
  if (match === null) return null
  const int = (match[2] ?? '').replace(/^0+(?=\d)/, '')
  const frac = match[3] ?? ''
  if (int === '' && frac === '') return null
  return { negative: match[1] === '-', int: int === '' ? '0' : int, frac }
}

function stripUnit(s: string, units: readonly string[]): { text: string; unit: string | null } {
  for (const unit of units) {
    if (s.endsWith(unit)) return { text: s.slice(0, -unit.length), unit }
  }
  return { text: s, unit: null }
}

/** NFKC (full-width digits, ￥, full-width spaces) only outside printable ASCII, where most cells are. */
function nfkc(raw: string): string {
  return /[^ -~]/.test(raw) ? raw.normalize('NFKC') : raw
}

function numericText(raw: string): string {
  const s = nfkc(raw)
  return /\s/.test(s) ? s.replace(INNER_SPACES, '') : s
}

function partsToNumber(p: DecimalParts): number {
  return Number(`${p.negative ? '-' : ''}${p.int}.${p.frac || '0'}`)
}

function parseInteger(raw: string, column: Column): CellResult {
  const { text } = stripUnit(
    numericText(raw),
    [column.unit ?? '', '人', '户', '个月', '个', '次'].filter(Boolean),
  )
  const p = parseDecimalText(text)
  if (p === null || /[1-9]/.test(p.frac)) return fail('invalid_integer', `不是整数（${raw}）`)
  const value = partsToNumber(p)
  if (!Number.isSafeInteger(value)) return fail('invalid_integer', `数字过大（${raw}）`)
  // A count of people (家庭成员数量) of 0 is almost always a slip; the catalog marks such columns with the unit 人.
  if (value === 0 && column.unit === '人') {
    return { ok: true, value: 0, warning: { code: 'zero_people', reason: `人数为 0，请核对（${raw}）` } }
  }
  return { ok: true, value: value === 0 ? 0 : value }
}

function parseDecimal(raw: string, column: Column): CellResult {
  const { text } = stripUnit(numericText(raw), [column.unit ?? '', '亩', '平方米', '㎡'].filter(Boolean))
  const p = parseDecimalText(text)
  if (p === null || p.int.length > 15) return fail('invalid_decimal', `不是有效数字（${raw}）`)
  const value = partsToNumber(p)
  return { ok: true, value: value === 0 ? 0 : value }
}

/** Converts decimal parts in 元 or 万元 to integer fen, exactly, or explains why not. */
export function partsToFen(p: DecimalParts, unit: AmountUnit): bigint | 'too_many_decimals' {
  const places = unit === 'wan_yuan' ? 6 : 2
  const frac = p.frac.replace(/0+$/, '')
  if (frac.length > places) return 'too_many_decimals'
  const digits = BigInt(p.int + frac.padEnd(places, '0'))
  return p.negative ? -digits : digits
}

function parseAmount(raw: string, defaultUnit: AmountUnit, column: Column): CellResult {
  const cleaned = numericText(raw)
    .replace(/^(人民币|RMB|CNY)/i, '')
    .replace(/^[¥]/, '')
  const { text, unit } = stripUnit(cleaned, ['万元', '万', '元'])
  const amountUnit: AmountUnit =
    unit === '万元' || unit === '万' ? 'wan_yuan' : unit === '元' ? 'yuan' : defaultUnit
  const p = parseDecimalText(text)
  if (p === null) return fail('invalid_amount', `不是有效金额（${raw}）`)
  const fen = partsToFen(p, amountUnit)
  if (fen === 'too_many_decimals') {
    return amountUnit === 'yuan'
      ? fail('too_many_decimals', `金额最多保留两位小数（到分）（${raw}）`)
      : fail('too_many_decimals', `以万元为单位的金额最多保留六位小数（到分）（${raw}）`)
  }
  if (fen > BigInt(Number.MAX_SAFE_INTEGER) || fen < -BigInt(Number.MAX_SAFE_INTEGER)) {
    return fail('amount_too_large', `金额过大（${raw}）`)
  }
  const value = Number(fen)
  if (value < 0 && column.negative !== true) {
    return fail('negative_amount', `金额不能是负数（${raw}）；扣回、退回的钱请另外说明，不要写成负数`)
  }
  return { ok: true, value: value === 0 ? 0 : value }
}

const DATE_HINT = '请写成 2026-03-05 或 2026年3月5日'
// Excel's day 0 is 1899-12-30 (its 1900 leap-year bug only shifts serials before 1900-03-01).
const EXCEL_EPOCH_MS = Date.UTC(1899, 11, 30)
const DAY_MS = 86_400_000
const pad = (n: number): string => String(n).padStart(2, '0')

/**
 * A date cell: the day as people type it, read by @cunwu/domain's `readTypedDate` (the rule of the meeting date and
 * of typed rows; here also past a time of day, 2026-03-05 08:30), or a bare Excel serial; years 1900–2100.
 */
function parseDate(raw: string): CellResult {
  const s = nfkc(raw).replace(/\s+/g, ' ').trim()
  let day = readTypedDate(s, { timeOfDay: true })
  // A date cell exported by a system that lost the date format shows the bare serial (46086 = 2026-03-05).
  const serial = day.ok ? null : /^(\d{5})(?:\.\d+)?$/.exec(s)
  if (serial) {
    const d = new Date(EXCEL_EPOCH_MS + Number(serial[1]) * DAY_MS)
    day = { ok: true, value: `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}` }
  }
  if (!day.ok && day.problem === 'unreadable')
    return fail('invalid_date', `不是有效日期（${raw}），${DATE_HINT}`)
  const year = day.ok ? Number(day.value.slice(0, 4)) : 0
  if (!day.ok || year < 1900 || year > 2100) return fail('impossible_date', `日期不存在（${raw}）`)
  return { ok: true, value: day.value }
}

const AS_TEXT = '请把这一列设为“文本”格式，重新填写后再导入'

/**
 * A long number as systems and people protect it from Excel: `="360999…"` (a formula that yields text, written by
 * county exports into CSV) or a leading apostrophe (`'360999…`, Excel's text prefix). The digits inside.
 */
export function unprotectNumber(raw: string): string {
  const formula = /^=\s*"(.*)"$/.exec(raw)
  if (formula !== null) return (formula[1] ?? '').trim()
  if (raw.startsWith("'") || raw.startsWith('‘') || raw.startsWith('’')) return raw.slice(1).trim()
  return raw
}

function parseIdNumber(raw: string): CellResult {
  const s = numericText(unprotectNumber(raw)).toUpperCase()
  if (SCIENTIFIC.test(s) || (/^\d{18}$/.test(s) && s.endsWith('000') && !isValidChineseId(s))) {
    return fail('id_precision_lost', `身份证号被 Excel 存成了数字，后几位已丢失（${raw}）。${AS_TEXT}`)
  }
  // The rule forms and the JSON API use (`readIdNumber`); the messages here quote the cell.
  const id = readIdNumber(s)
  if (id.ok) return id
  switch (id.problem) {
    case 'id_old_format':
      return fail('id_old_format', `这是 15 位的旧身份证号（${raw}），请换成 18 位身份证号`)
    case 'invalid_id_number':
      return fail('invalid_id_number', `身份证号应为 18 位（${raw}）`)
    case 'id_birth_date':
      return fail('id_birth_date', `身份证号中的出生日期不对（${raw}）`)
    case 'id_checksum':
      return fail('id_checksum', `身份证号校验不通过，可能有数字填错（${raw}）`)
  }
}

function parsePhone(raw: string): CellResult {
  const s = nfkc(unprotectNumber(raw)).replace(/[\s\-—()]/g, '')
  const digits = s.replace(/^(\+86|0086)/, '')
  if (isMainlandMobile(digits)) return { ok: true, value: digits }
  // Landline: area code 010-0999 (3-4 digits with the 0) and a 7-8 digit number.
  if (/^0\d{9,11}$/.test(digits)) return { ok: true, value: digits }
  return fail('invalid_phone', `不是有效的电话号码（${raw}），手机号为 11 位，固定电话要带区号`)
}

function parseBankAccount(raw: string): CellResult {
  const s = nfkc(unprotectNumber(raw)).replace(/[\s-]/g, '')
  if (SCIENTIFIC.test(s)) {
    return fail('number_precision_lost', `账号被 Excel 存成了数字，后几位已丢失（${raw}）。${AS_TEXT}`)
  }
  if (!/^\d{10,30}$/.test(s)) return fail('invalid_bank_account', `账号应为 10 到 30 位数字（${raw}）`)
  // Luhn is only a hint: 一卡通 accounts are often passbook (存折) or social security card accounts that have
  // no Luhn check digit, so a failure cannot be an error; 16-19 digit card numbers (62…, 4…, 5…) usually do.
  if (/^(62|4|5)\d{14,17}$/.test(s) && !passesLuhn(s)) {
    return {
      ok: true,
      value: s,
      warning: { code: 'bank_account_luhn', reason: `银行卡号校验不通过，请核对是否填错（${raw}）` },
    }
  }
  return { ok: true, value: s }
}

/**
 * A 户号 is kept as written (its group prefix 一组- is information); it is accepted by `isHouseholdNo`, the rule
 * typed and JSON rows follow too (docs/households.md: 一组-001, 001号, 户号：001 all read as 1).
 */
function parseHouseholdNo(raw: string): CellResult {
  const s = numericText(unprotectNumber(raw))
  if (SCIENTIFIC.test(s)) {
    return fail('number_precision_lost', `户号被 Excel 存成了数字，后几位已丢失（${raw}）。${AS_TEXT}`)
  }
  if (!isHouseholdNo(s)) return fail('invalid_household_no', `${HOUSEHOLD_NO_RULE}（${raw}）`)
  return { ok: true, value: s }
}

function parseEnum(raw: string, column: Column): CellResult {
  const allowed = column.enumValues ?? []
  if (allowed.includes(raw)) return { ok: true, value: raw }
  const wanted = normalizeValue(raw)
  const found = allowed.find((v) => normalizeValue(v) === wanted)
  if (found !== undefined) return { ok: true, value: found }
  return fail('invalid_enum', `只能填 ${allowed.join('、')}（${raw}）`)
}

const TRUE_WORDS = new Set(['是', 'y', 'yes', 'true', '1', '√', '✓', '✔', '有'])
const FALSE_WORDS = new Set(['否', 'n', 'no', 'false', '0', '×', '✗', '✘', '无'])

function parseBoolean(raw: string): CellResult {
  const s = raw.normalize('NFKC').trim().toLowerCase()
  if (TRUE_WORDS.has(s)) return { ok: true, value: true }
  if (FALSE_WORDS.has(s)) return { ok: true, value: false }
  return fail('invalid_boolean', `只能填“是”或“否”（${raw}）`)
}

/** Parses one non-blank cell for its column; amounts default to 元 unless the header said 万元. */
export function parseCell(raw: string, column: Column, amountUnit: AmountUnit = 'yuan'): CellResult {
  switch (column.type) {
    case 'text':
      if (raw.length > MAX_TEXT_LENGTH) return fail('text_too_long', `内容过长（超过 ${MAX_TEXT_LENGTH} 字）`)
      return { ok: true, value: raw }
    case 'integer':
      return parseInteger(raw, column)
    case 'decimal':
      return parseDecimal(raw, column)
    case 'amount_fen':
      return parseAmount(raw, amountUnit, column)
    case 'date':
      return parseDate(raw)
    case 'id_number':
      return parseIdNumber(raw)
    case 'phone':
      return parsePhone(raw)
    case 'bank_account':
      return parseBankAccount(raw)
    case 'household_no':
      return parseHouseholdNo(raw)
    case 'enum':
      return parseEnum(raw, column)
    case 'boolean':
      return parseBoolean(raw)
  }
}
