import { isMainlandMobile, isValidChineseId, passesLuhn } from './id-number'
import { maskBankAccount, maskIdNumber, maskPhone } from './mask'

/** Kind of a personal number found in free text. */
export type SensitiveNumberKind = 'id_number' | 'phone' | 'bank_account'

/** One personal number found in a string. */
export interface SensitiveNumberMatch {
  /** What the number is. */
  kind: SensitiveNumberKind
  /** The matched text, separators included. */
  text: string
  /** The number without separators or +86 prefix. */
  digits: string
  /** Offset of the match in the scanned string (UTF-16 code units). */
  index: number
}

// A number only counts when it stands alone: ASCII letters or digits around it mean it is part of a longer
// token (an ObjectId, a hash, a longer number), which keeps hex ids and timestamps from raising false alarms.
const BEFORE = '(?<![0-9A-Za-z])'
const AFTER = '(?![0-9A-Za-z])'

// Plain 18 characters, or grouped 6-8-4 with spaces or hyphens.
const ID_PATTERN = new RegExp(`${BEFORE}(\\d{6})[ -]?(\\d{8})[ -]?(\\d{3}[\\dXx])${AFTER}`, 'g')
// Plain 16-19 digits, or groups of 4 with a short last group (how cards are printed).
const BANK_PATTERN = new RegExp(`${BEFORE}(\\d{16,19}|\\d{4}(?:[ -]\\d{4}){3}(?:[ -]\\d{1,3})?)${AFTER}`, 'g')
// Plain 11 digits or 3-4-4, optionally after +86 / 86.
const PHONE_PATTERN = new RegExp(
  `${BEFORE}(?:\\+?86[ -]?)?(1[3-9]\\d)[ -]?(\\d{4})[ -]?(\\d{4})${AFTER}`,
  'g',
)

interface Candidate {
  kind: SensitiveNumberKind
  pattern: RegExp
  accept: (digits: string) => boolean
  digitsOf: (match: RegExpExecArray) => string
}

const CANDIDATES: readonly Candidate[] = [
  {
    kind: 'id_number',
    pattern: ID_PATTERN,
    accept: isValidChineseId,
    digitsOf: (m) => `${m[1] ?? ''}${m[2] ?? ''}${m[3] ?? ''}`,
  },
  {
    kind: 'phone',
    pattern: PHONE_PATTERN,
    accept: isMainlandMobile,
    digitsOf: (m) => `${m[1] ?? ''}${m[2] ?? ''}${m[3] ?? ''}`,
  },
  {
    kind: 'bank_account',
    pattern: BANK_PATTERN,
    accept: (d) => d.length >= 16 && d.length <= 19 && passesLuhn(d),
    digitsOf: (m) => (m[1] ?? '').replace(/\D/g, ''),
  },
]

/**
 * Finds full personal numbers anywhere in a string: 18-digit 身份证号 with a valid GB 11643 checksum and birth
 * date, mainland mobile numbers, and 16-19 digit bank card numbers that pass Luhn; used to prove that no
 * public response leaks one.
 */
export function findSensitiveNumbers(text: string): SensitiveNumberMatch[] {
  const found: SensitiveNumberMatch[] = []
  const overlaps = (start: number, end: number): boolean =>
    found.some((f) => start < f.index + f.text.length && f.index < end)
  // Order matters: an 18-digit ID can also pass Luhn, and it should be reported as an ID.
  for (const candidate of CANDIDATES) {
    candidate.pattern.lastIndex = 0
    for (const match of text.matchAll(candidate.pattern)) {
      const digits = candidate.digitsOf(match)
      const index = match.index
      if (!candidate.accept(digits) || overlaps(index, index + match[0].length)) continue
      found.push({ kind: candidate.kind, text: match[0], digits, index })
    }
  }
  return found.sort((a, b) => a.index - b.index)
}

const MASKERS: Readonly<Record<SensitiveNumberKind, (value: string) => string>> = {
  id_number: maskIdNumber,
  phone: maskPhone,
  bank_account: maskBankAccount,
}

/**
 * Replaces every personal number found by findSensitiveNumbers with its masked form, repeating until none is
 * left (a masked tail such as `5678` could otherwise join the next digits into a new card-shaped number).
 */
export function redactSensitiveNumbers(text: string): string {
  let current = text
  // Every pass replaces digits with stars, so the loop ends after at most as many passes as there are digits.
  for (;;) {
    const matches = findSensitiveNumbers(current)
    if (matches.length === 0) return current
    let out = ''
    let cursor = 0
    for (const m of matches) {
      out += current.slice(cursor, m.index) + MASKERS[m.kind](m.digits)
      cursor = m.index + m.text.length
    }
    current = out + current.slice(cursor)
  }
}
