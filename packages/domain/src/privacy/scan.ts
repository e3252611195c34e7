import { birthDateFromIdNumber, isMainlandMobile, isValidChineseId, passesLuhn } from './id-number'
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

/**
 * Characters that may stand between the digits of one number as people type it: spaces of every width (NFKC
 * turns the ideographic and full-width forms into a space), hyphens and dashes, and invisible characters that
 * forms and WeChat leave behind. Up to MAX_SEPARATORS of them may follow each other ("139 - 0431 - 1000").
 */
const SEPARATOR = /^[\s\-\u2010-\u2015\u2212\uFE58\uFE63\u200B-\u200D\u2060\uFEFF]$/u
const MAX_SEPARATORS = 3
/** The longest number looked for: a 19-digit card, or a mobile number after 86 (13 digits). */
const MAX_DIGITS = 19

/** A run of digits (its last character may be an X) in the scanned string. */
interface DigitGroup {
  /** Offset of its first character in the scanned string. */
  start: number
  /** Offset just after its last character. */
  end: number
  /** Its digits after NFKC (full-width ０-９ become 0-9), with a final X upper-cased. */
  digits: string
  /**
   * Whether an ASCII letter touches it (also after NFKC): then it is part of a longer token (an ObjectId, a hash,
   * a file code) and never part of a number, which keeps hex ids from raising false alarms.
   */
  touchesLetter: boolean
}

/** What one character of the scanned string is, after NFKC. */
type CharClass = { kind: 'digit' | 'x'; value: string } | { kind: 'separator' | 'letter' | 'other' }

const OTHER: CharClass = { kind: 'other' }
const LETTER: CharClass = { kind: 'letter' }
const SEPARATOR_CLASS: CharClass = { kind: 'separator' }
const X: CharClass = { kind: 'x', value: 'X' }
const DIGITS: readonly CharClass[] = Array.from({ length: 10 }, (_, d) => ({
  kind: 'digit',
  value: String(d),
}))

/** What one character of the scanned string is, after NFKC. */
function classify(ch: string): CharClass {
  const code = ch.charCodeAt(0)
  // Ideographs and CJK punctuation (the bulk of the text) are left as they are by NFKC: no need to ask.
  if ((code >= 0x3400 && code <= 0x9fff) || (code > 0x3000 && code <= 0x303f)) return OTHER
  // Full-width ASCII forms (，：（）０-９Ａ-Ｚ) are NFKC-mapped by a fixed offset.
  const n =
    code < 0x80
      ? ch
      : code >= 0xff01 && code <= 0xff5e
        ? String.fromCharCode(code - 0xfee0)
        : ch.normalize('NFKC')
  if (n.length === 1) {
    const c = n.charCodeAt(0)
    if (c >= 48 && c <= 57) return DIGITS[c - 48] ?? OTHER
    if (c === 88 || c === 120) return X
    if ((c >= 65 && c <= 90) || (c >= 97 && c <= 122)) return LETTER
  }
  return SEPARATOR.test(n) || n === ' ' ? SEPARATOR_CLASS : OTHER
}

/** Splits a string into chains of digit groups: digits separated by at most MAX_SEPARATORS separator characters. */
function digitChains(text: string): DigitGroup[][] {
  const chains: DigitGroup[][] = []
  let chain: DigitGroup[] = []
  // The group being read (kept in an object: closeChain resets it, which flow analysis would not see).
  const open: { group: DigitGroup | null } = { group: null }
  let separators = 0
  let afterLetter = false
  const closeChain = (): void => {
    if (open.group) chain.push(open.group)
    if (chain.length > 0) chains.push(chain)
    chain = []
    open.group = null
    separators = 0
  }
  let index = 0
  for (const ch of text) {
    const c = classify(ch)
    const end = index + ch.length
    const current = open.group
    // An X that neither ends digits nor follows them after a space ("…1670 X") is a letter.
    const letter = c.kind === 'letter' || (c.kind === 'x' && current === null && chain.length === 0)
    if (letter) {
      if (current !== null) current.touchesLetter = true
      closeChain()
    } else if (c.kind === 'digit' || c.kind === 'x') {
      // Digits right after an X: the X was a letter inside a longer token.
      const afterX = current !== null && current.digits.endsWith('X')
      if (afterX) {
        current.touchesLetter = true
        closeChain()
      }
      if (current === null || afterX) {
        open.group = { start: index, end, digits: c.value, touchesLetter: afterLetter || afterX }
      } else {
        current.digits += c.value
        current.end = end
      }
    } else if (c.kind === 'separator') {
      if (current !== null) chain.push(current)
      open.group = null
      separators = chain.length > 0 ? separators + 1 : 0
      if (separators > MAX_SEPARATORS) closeChain()
    } else {
      closeChain()
    }
    if (c.kind !== 'separator') separators = 0
    afterLetter = letter
    index = end
  }
  closeChain()
  return chains
}

/** Whether 15 digits form a first-generation 居民身份证号 (GB 11643-1989: address, 19YYMMDD birth date, order). */
function isOldChineseId(digits: string): boolean {
  if (!/^[1-9]\d{14}$/.test(digits)) return false
  return birthDateFromIdNumber(`${digits.slice(0, 6)}19${digits.slice(6)}0`) !== null
}

/** The kind of personal number `digits` is (X only as an ID's last character), or null. */
function kindOf(digits: string): SensitiveNumberKind | null {
  if (digits.length === 18 && isValidChineseId(digits)) return 'id_number'
  if (digits.length === 15 && isOldChineseId(digits)) return 'id_number'
  if (digits.includes('X')) return null
  if (isMainlandMobile(digits)) return 'phone'
  if (digits.length === 13 && digits.startsWith('86') && isMainlandMobile(digits.slice(2))) return 'phone'
  if (digits.length >= 16 && digits.length <= 19 && passesLuhn(digits)) return 'bank_account'
  return null
}

/**
 * Finds full personal numbers anywhere in a string (the formats and their sources: docs/scrubbing.md), however they
 * are typed: full-width digits, spaces, hyphens and
 * invisible characters between digits, any grouping (6-8-4, 3-4-4, 4-4-4-4-2 …), a +86 prefix. Looked for: 18-digit
 * 身份证号 with a valid GB 11643 checksum and birth date, 15-digit first-generation IDs with a valid birth date,
 * mainland mobile numbers, and 16-19 digit bank card numbers that pass Luhn. Used to scrub every public string and
 * to prove that no public response leaks one.
 */
export function findSensitiveNumbers(text: string): SensitiveNumberMatch[] {
  const found: SensitiveNumberMatch[] = []
  // Most text has no digit in any form; NFKC of the whole string (native) tells at once.
  if (!/[0-9]/.test(text) && !/[0-9]/.test(text.normalize('NFKC'))) return found
  for (const chain of digitChains(text)) {
    let i = 0
    while (i < chain.length) {
      // The longest run of whole groups from group i that is a personal number.
      let best: { j: number; kind: SensitiveNumberKind; digits: string } | null = null
      let digits = ''
      for (let j = i; j < chain.length; j += 1) {
        const group = chain[j]
        if (!group || group.touchesLetter) break
        digits += group.digits
        if (digits.length > MAX_DIGITS) break
        const kind = kindOf(digits)
        if (kind) best = { j, kind, digits }
      }
      if (!best) {
        i += 1
        continue
      }
      const first = chain[i]
      const last = chain[best.j]
      if (first && last) {
        const digitsOnly =
          best.kind === 'phone' && best.digits.length === 13 ? best.digits.slice(2) : best.digits
        found.push({
          kind: best.kind,
          text: text.slice(first.start, last.end),
          digits: digitsOnly,
          index: first.start,
        })
      }
      i = best.j + 1
    }
  }
  return found
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
