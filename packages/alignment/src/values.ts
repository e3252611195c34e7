import { formatYuan, isCalendarDay, readTypedDate, shanghaiDateOf } from '@cunwu/domain'
import { normalizeText, normalizeTextKey } from './normalize'

/**
 * Parsing of typed cells. Every parser returns a tagged result instead of throwing: a cell that cannot be read
 * is still compared (as text) and reported, never silently dropped.
 */

/** A parsed cell: a comparable canonical value, empty, or unreadable (kept as display text). */
export type Parsed<T> =
  { ok: true; value: T } | { ok: false; empty: true } | { ok: false; empty: false; raw: string }

const EMPTY = { ok: false, empty: true } as const

function unreadable(raw: string): { ok: false; empty: false; raw: string } {
  return { ok: false, empty: false, raw }
}

/** Display text of any cell value (dates as ISO strings); '' for null/undefined. */
export function cellText(value: unknown): string {
  if (value === null || value === undefined) return ''
  if (typeof value === 'string') return normalizeText(value)
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? 'Invalid Date' : value.toISOString()
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint')
    return String(value)
  return normalizeText(JSON.stringify(value) ?? '')
}

const YUAN_PATTERN = /^([+-])?(\d+)(?:\.(\d*))?$/
// "1234.5", "1,234.50": the form most 元 strings take, read without normalisation.
const PLAIN_YUAN = /^(?:\d{1,3}(?:,\d{3})+|\d{1,15})(?:\.\d{1,2})?$/

/**
 * Fen of a 元 string in the plain form ("1,234.50", "1234.5"), read without allocating; null for any other
 * string. Up to 15 integer digits are read digit by digit (exact); longer ones as Number(...) of the digits.
 */
export function plainYuanFen(value: string): number | null {
  if (!PLAIN_YUAN.test(value)) return null
  let yuan = 0
  let digits = 0
  let dot = -1
  for (let i = 0; i < value.length; i += 1) {
    const c = value.charCodeAt(i)
    if (c === 46) {
      dot = i
      break
    }
    if (c !== 44) {
      yuan = yuan * 10 + (c - 48)
      digits += 1
    }
  }
  if (digits > 15) {
    const text = value.replace(/,/g, '')
    const at = text.indexOf('.')
    yuan = Number(at < 0 ? text : text.slice(0, at))
  }
  if (dot < 0) return yuan * 100
  // One or two decimals: "5" is 50 fen, "05" is 5 fen.
  const tenths = value.charCodeAt(dot + 1) - 48
  const hundredths = dot + 2 < value.length ? value.charCodeAt(dot + 2) - 48 : 0
  return yuan * 100 + (tenths * 10 + hundredths)
}

/**
 * Parses an amount into integer fen. A number must be a safe integer and is taken as fen (the stored form of
 * amount_fen columns). A string is taken as 元 as printed on a notice: "1,234.50", "¥1234.5", "1234.50元",
 * "１２３４" (full-width), "-50" — thousands separators, currency signs and a trailing 元 are ignored; more than two
 * decimals are accepted only when the extra digits are zeros. Anything else is unreadable.
 */
export function parseAmountFen(value: unknown): Parsed<number> {
  if (value === null || value === undefined) return EMPTY
  if (typeof value === 'number') {
    return Number.isSafeInteger(value) ? { ok: true, value } : unreadable(String(value))
  }
  if (typeof value === 'bigint') {
    const n = Number(value)
    return Number.isSafeInteger(n) ? { ok: true, value: n } : unreadable(String(value))
  }
  if (typeof value !== 'string') return unreadable(cellText(value))
  const plain = plainYuanFen(value)
  if (plain !== null) return { ok: true, value: plain }
  const display = normalizeText(value)
  if (display === '') return EMPTY
  const text = display
    .replace(/[\s,]/g, '')
    .replace(/^(?:人民币|RMB|CNY)/i, '')
    .replace(/^([+-]?)[¥$]/, '$1')
    .replace(/元(?:整)?$/, '')
  const m = YUAN_PATTERN.exec(text)
  if (!m) return unreadable(display)
  const decimals = (m[3] ?? '').replace(/0+$/, '')
  if (decimals.length > 2) return unreadable(display)
  const fen = Number(m[2] ?? '') * 100 + Number(decimals.padEnd(2, '0'))
  if (!Number.isSafeInteger(fen)) return unreadable(display)
  return { ok: true, value: m[1] === '-' && fen !== 0 ? -fen : fen }
}

/** A decimal kept exact as a scaled integer: value = units / 10^scale. */
export interface Decimal {
  units: number
  scale: number
}

const DECIMAL_PATTERN = /^([+-])?(\d+)(?:\.(\d+))?$/
const PLAIN_DECIMAL = /^\d{1,9}(?:\.\d{1,6})?$/
const UNIT_KEYS = new Map<string, string>()

function unitKey(unit: string): string {
  let key = UNIT_KEYS.get(unit)
  if (key === undefined) {
    key = normalizeTextKey(unit)
    if (UNIT_KEYS.size < 1000) UNIT_KEYS.set(unit, key)
  }
  return key
}

/**
 * Reads a decimal string in the plain form ("12", "3.50": up to 9 digits, up to 6 decimals) into `into`, without
 * allocating; trailing fraction zeros are dropped. Returns false, leaving `into` alone, for any other string.
 */
export function readPlainDecimal(value: string, into: Decimal): boolean {
  if (!PLAIN_DECIMAL.test(value)) return false
  let units = 0
  let scale = 0
  let pendingZeros = 0
  let fraction = false
  for (let i = 0; i < value.length; i += 1) {
    const c = value.charCodeAt(i)
    if (c === 46) {
      fraction = true
      continue
    }
    const digit = c - 48
    if (!fraction) {
      units = units * 10 + digit
    } else if (digit === 0) {
      pendingZeros += 1
    } else {
      units = units * 10 ** (pendingZeros + 1) + digit
      scale += pendingZeros + 1
      pendingZeros = 0
    }
  }
  into.units = units
  into.scale = scale
  return true
}

/**
 * Parses an integer or decimal cell (e.g. 3.25 亩, "3人", "1,200") exactly, as a scaled integer. A trailing unit is
 * ignored when it is the column's unit; `integer` columns reject fractions.
 */
export function parseDecimal(value: unknown, unit?: string, integer = false): Parsed<Decimal> {
  if (value === null || value === undefined) return EMPTY
  let text: string
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return unreadable(String(value))
    text = String(value)
    if (/e/i.test(text)) text = value.toFixed(10)
  } else if (typeof value === 'string') {
    const d: Decimal = { units: 0, scale: 0 }
    if (readPlainDecimal(value, d) && (!integer || d.scale === 0)) return { ok: true, value: d }
    text = normalizeText(value)
    if (text === '') return EMPTY
  } else {
    return unreadable(cellText(value))
  }
  const display = text
  let compact = text.replace(/[\s,]/g, '')
  if (unit) {
    const u = unitKey(unit)
    if (u !== '' && compact.toUpperCase().endsWith(u)) compact = compact.slice(0, compact.length - u.length)
  }
  const m = DECIMAL_PATTERN.exec(compact)
  if (!m) return unreadable(display)
  const fraction = (m[3] ?? '').replace(/0+$/, '')
  if (integer && fraction !== '') return unreadable(display)
  const units = Number(`${m[2] ?? ''}${fraction}`)
  if (!Number.isSafeInteger(units)) return unreadable(display)
  return { ok: true, value: { units: m[1] === '-' && units !== 0 ? -units : units, scale: fraction.length } }
}

/** Canonical string of a decimal ("3.25", "-0.5", "12"). */
export function formatDecimal(d: Decimal): string {
  const negative = d.units < 0
  const digits = String(Math.abs(d.units)).padStart(d.scale + 1, '0')
  const int = digits.slice(0, digits.length - d.scale)
  const frac = d.scale > 0 ? `.${digits.slice(digits.length - d.scale)}` : ''
  return `${negative ? '-' : ''}${int}${frac}`
}

/** Rescales a decimal to `scale` decimal places (scale ≥ d.scale). */
export function rescale(d: Decimal, scale: number): number {
  return d.units * 10 ** (scale - d.scale)
}

/** Sum (or difference) of decimals, exact while the scaled integers stay below 2^53. */
export function addDecimals(values: readonly Decimal[]): Decimal {
  let scale = 0
  for (const v of values) if (v.scale > scale) scale = v.scale
  let units = 0
  for (const v of values) units += rescale(v, scale)
  return normalizeDecimal({ units, scale })
}

function normalizeDecimal(d: Decimal): Decimal {
  let { units, scale } = d
  while (scale > 0 && units % 10 === 0) {
    units /= 10
    scale -= 1
  }
  return { units, scale }
}

function isoDay(year: number, month: number, day: number): string | null {
  if (!isCalendarDay(year, month, day) || year < 1000 || year > 9999) return null
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`
}

function shanghaiDayOfEpoch(ms: number): string | null {
  if (!Number.isFinite(ms)) return null
  const day = shanghaiDateOf(ms)
  // Four-digit years only, as for dates typed into a cell.
  return /^[1-9]\d{3}-/.test(day) && day.length === 10 ? day : null
}

const LOCAL_DATETIME = /^(\d{4})-(\d{1,2})-(\d{1,2})[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?$/
const ZONED_DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})$/i

/**
 * Parses a date cell to its calendar day in Asia/Shanghai (YYYY-MM-DD; UTC+8, no daylight saving since 1991).
 * Accepts a day as people type it (YYYY-MM-DD, YYYY/M/D, YYYY.M.D, YYYY年M月D日, YYYYMMDD: @cunwu/domain's
 * `readTypedDate`, the one rule of typed dates; years from 1000), a local date-time without zone (already
 * Shanghai time), an ISO date-time with Z or an offset, a Date, or epoch milliseconds as a number.
 */
export function parseShanghaiDay(value: unknown): Parsed<string> {
  if (value === null || value === undefined) return EMPTY
  if (value instanceof Date) {
    const day = shanghaiDayOfEpoch(value.getTime())
    return day ? { ok: true, value: day } : unreadable(cellText(value))
  }
  if (typeof value === 'number') {
    const day = shanghaiDayOfEpoch(value)
    return day ? { ok: true, value: day } : unreadable(String(value))
  }
  if (typeof value !== 'string') return unreadable(cellText(value))
  const text = normalizeText(value)
  if (text === '') return EMPTY
  const typed = readTypedDate(text)
  if (typed.ok) return typed.value >= '1000' ? { ok: true, value: typed.value } : unreadable(text)
  if (typed.problem === 'impossible') return unreadable(text)
  const m = LOCAL_DATETIME.exec(text)
  if (m) {
    const day = isoDay(Number(m[1]), Number(m[2]), Number(m[3]))
    return day ? { ok: true, value: day } : unreadable(text)
  }
  if (ZONED_DATETIME.test(text)) {
    const day = shanghaiDayOfEpoch(Date.parse(text))
    return day ? { ok: true, value: day } : unreadable(text)
  }
  return unreadable(text)
}

const TRUE_WORDS = new Set(['TRUE', 'YES', 'Y', '1', '是', '有', '√', '✓', '✔', '对'])
const FALSE_WORDS = new Set(['FALSE', 'NO', 'N', '0', '否', '无', '×', '✗', '✘', '不是'])

/** Parses a boolean cell: true/false, 1/0, 是/否, 有/无, √/×, Y/N. */
export function parseBoolean(value: unknown): Parsed<boolean> {
  if (value === null || value === undefined) return EMPTY
  if (typeof value === 'boolean') return { ok: true, value }
  if (value === 1 || value === 0) return { ok: true, value: value === 1 }
  const text = normalizeTextKey(cellText(value))
  if (text === '') return EMPTY
  if (TRUE_WORDS.has(text)) return { ok: true, value: true }
  if (FALSE_WORDS.has(text)) return { ok: true, value: false }
  return unreadable(cellText(value))
}

/** Formats fen as 元 with thousands separators and two decimals: 123450 → "1,234.50" (@cunwu/domain's, one for all). */
export { formatYuan }
