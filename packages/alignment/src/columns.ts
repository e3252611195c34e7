import type { Column } from '@cunwu/domain'
import { maskBankAccount, maskIdNumber, maskPhone, redactSensitiveNumbers } from '@cunwu/domain'
import {
  fullFitsMaskedCell,
  idCompatible,
  idKeyString,
  type IdKey,
  maskedDigitsCompatible,
  normalizeDigits,
  normalizeHouseholdNo,
  normalizeIdNumber,
  normalizeName,
  normalizeText,
  normalizeTextKey,
} from './normalize'
import type { ShownValue } from './types'
import {
  cellText,
  formatDecimal,
  parseAmountFen,
  parseBoolean,
  parseDecimal,
  parseShanghaiDay,
  type Parsed,
  plainYuanFen,
} from './values'

/**
 * Per-column comparison by column type. `canon` gives the canonical comparison string (used for content
 * identity), `equal` decides whether two cells correspond, `show` gives the value as it may appear in the result
 * (personal numbers masked, free text redacted).
 */
export interface ColumnComparer {
  column: Column
  /** Position in the schema (stable sort order of discrepancies). */
  order: number
  /** amount_fen columns report amount_differs, the others field_differs. */
  isAmount: boolean
  canon(value: unknown): string
  equal(a: unknown, b: unknown): boolean
  show(value: unknown): ShownValue
}

/** Shown form of free text: normalised, and any ID, phone or bank number inside it masked. */
export function showText(value: unknown): string | null {
  const text = cellText(value)
  if (text === '') return null
  return redactIfNeeded(text)
}

/** Redacts personal numbers from text that holds enough digits to contain one (cheap check first). */
export function redactIfNeeded(text: string): string {
  let digits = 0
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charCodeAt(i)
    if (c >= 48 && c <= 57) digits += 1
  }
  if (digits < 11) return text
  // Numbers that fail the ID/Luhn/mobile checks (typos, landlines with area code) are masked all the same.
  return redactSensitiveNumbers(text).replace(
    /\d{11,}[\dXx]?/g,
    (run) => `${run.slice(0, 3)}${'*'.repeat(run.length - 7)}${run.slice(-4)}`,
  )
}

/** Fen of a safe-integer number or a plain 元 string, read without allocating; null for other cells. */
function plainFen(value: unknown): number | null {
  if (typeof value === 'number') return Number.isSafeInteger(value) ? value : null
  return typeof value === 'string' ? plainYuanFen(value) : null
}

function unreadableCanon(raw: string): string {
  return `?${normalizeTextKey(raw)}`
}

function idOf(value: unknown): IdKey | null {
  if (value === null || value === undefined) return null
  return normalizeIdNumber(typeof value === 'string' ? value : cellText(value))
}

/** Masked display of an ID key: at most the first 3 and last 4 characters are shown. */
export function showIdKey(key: IdKey): string {
  if (key.kind === 'full') return maskIdNumber(key.value)
  if (key.kind === 'other') return maskIdNumber(key.value)
  const length = key.length ?? 18
  const head = key.prefix.slice(0, 3)
  const tail = key.suffix.slice(-4)
  return `${head}${'*'.repeat(Math.max(length - head.length - tail.length, 1))}${tail}`
}

/** Masked display of phone digits (3 + stars + 4) or bank digits (stars + 4), masked inputs included. */
function showDigits(digits: string, kind: 'phone' | 'bank_account'): string {
  if (!digits.includes('*')) return kind === 'phone' ? maskPhone(digits) : maskBankAccount(digits)
  const head = kind === 'phone' && digits.length >= 9 ? digits.slice(0, 3) : ''
  const tail = digits.slice(-4)
  return `${head}${'*'.repeat(Math.max(digits.length - head.length - tail.length, 4))}${tail}`
}

function digitsOf(value: unknown, kind: 'phone' | 'bank_account'): string {
  if (value === null || value === undefined) return ''
  return normalizeDigits(typeof value === 'string' ? value : cellText(value), kind)
}

function stringOf(value: unknown): string {
  return typeof value === 'string' ? value : cellText(value)
}

/** Builds the comparer of one column; `isNameColumn` applies name normalisation (annotations, 〇 variants). */
export function buildComparer(column: Column, order: number, isNameColumn: boolean): ColumnComparer {
  const base = { column, order, isAmount: column.type === 'amount_fen' }
  const equalByCanon = (canon: (v: unknown) => string) => (a: unknown, b: unknown) =>
    a === b || canon(a) === canon(b)
  switch (column.type) {
    case 'amount_fen': {
      const canonOf = (p: Parsed<number>): string =>
        p.ok ? String(p.value) : p.empty ? '' : unreadableCanon(p.raw)
      return {
        ...base,
        canon: (v) => canonOf(parseAmountFen(v)),
        // Same as comparing canon strings, without turning amounts into strings.
        equal: (a, b) => {
          if (a === b) return true
          const quickA = plainFen(a)
          const quickB = quickA === null ? null : plainFen(b)
          if (quickA !== null && quickB !== null) return quickA === quickB
          const x = parseAmountFen(a)
          const y = parseAmountFen(b)
          if (x.ok && y.ok) return x.value === y.value
          return !x.ok && !y.ok && canonOf(x) === canonOf(y)
        },
        show: (v) => {
          const p = parseAmountFen(v)
          return p.ok ? p.value : p.empty ? null : showText(p.raw)
        },
      }
    }
    case 'integer':
    case 'decimal': {
      const integer = column.type === 'integer'
      const canon = (v: unknown): string => {
        const p = parseDecimal(v, column.unit, integer)
        return p.ok ? formatDecimal(p.value) : p.empty ? '' : unreadableCanon(p.raw)
      }
      return {
        ...base,
        canon,
        equal: equalByCanon(canon),
        show: (v) => {
          const p = parseDecimal(v, column.unit, integer)
          if (!p.ok) return p.empty ? null : showText(p.raw)
          return integer ? p.value.units : formatDecimal(p.value)
        },
      }
    }
    case 'date': {
      const canon = (v: unknown): string => {
        const p = parseShanghaiDay(v)
        return p.ok ? p.value : p.empty ? '' : unreadableCanon(p.raw)
      }
      return {
        ...base,
        canon,
        equal: equalByCanon(canon),
        show: (v) => {
          const p = parseShanghaiDay(v)
          return p.ok ? p.value : p.empty ? null : showText(p.raw)
        },
      }
    }
    case 'boolean': {
      const canon = (v: unknown): string => {
        const p = parseBoolean(v)
        return p.ok ? String(p.value) : p.empty ? '' : unreadableCanon(p.raw)
      }
      return {
        ...base,
        canon,
        equal: equalByCanon(canon),
        show: (v) => {
          const p = parseBoolean(v)
          return p.ok ? (p.value ? '是' : '否') : p.empty ? null : showText(p.raw)
        },
      }
    }
    case 'id_number': {
      return {
        ...base,
        canon: (v) => {
          const key = idOf(v)
          return key ? idKeyString(key) : ''
        },
        equal: (a, b) => {
          if (a === b) return true
          if (typeof a === 'string' && typeof b === 'string') {
            // A full ID against a masked one, the commonest difference, is checked without building keys.
            const fits = fullFitsMaskedCell(a, b) ?? fullFitsMaskedCell(b, a)
            if (fits !== null) return fits
          }
          const x = idOf(a)
          const y = idOf(b)
          if (x === null || y === null) return x === y
          return idCompatible(x, y)
        },
        show: (v) => {
          const key = idOf(v)
          return key ? showIdKey(key) : null
        },
      }
    }
    case 'phone':
    case 'bank_account': {
      const kind = column.type
      return {
        ...base,
        canon: (v) => digitsOf(v, kind),
        equal: (a, b) => a === b || maskedDigitsCompatible(digitsOf(a, kind), digitsOf(b, kind)),
        show: (v) => {
          const digits = digitsOf(v, kind)
          return digits === '' ? null : showDigits(digits, kind)
        },
      }
    }
    case 'household_no': {
      const canon = (v: unknown): string =>
        v === null || v === undefined ? '' : normalizeHouseholdNo(stringOf(v))
      return { ...base, canon, equal: equalByCanon(canon), show: showText }
    }
    case 'text':
    case 'enum':
    default: {
      const canon = isNameColumn
        ? (v: unknown): string => (v === null || v === undefined ? '' : normalizeName(stringOf(v)))
        : (v: unknown): string => (v === null || v === undefined ? '' : normalizeTextKey(stringOf(v)))
      return { ...base, canon, equal: equalByCanon(canon), show: showText }
    }
  }
}

/**
 * A cell as the comparison shows it (fen for amounts, a number or decimal text, ID, phone and bank numbers masked,
 * free text redacted), for a row the result names but does not quote (a household's own row only on one list).
 */
export function showCell(column: Column, value: unknown): ShownValue {
  return buildComparer(column, 0, false).show(value)
}

/** Display form of a name or 户号 cell (normalised, redacted), or null when blank. */
export function displayOf(value: unknown): string | null {
  if (value === null || value === undefined) return null
  const text = normalizeText(stringOf(value))
  if (text === '') return null
  return redactIfNeeded(text)
}
