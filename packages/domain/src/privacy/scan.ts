// Finds personal numbers (IDs, mobiles, bank cards) in free text and masks them: the scrubber of public text.
import { redactHouseNumbers } from './address'
import { afterMarks, classify, unitClassTable } from './characters'
import {
  MAX_SEPARATORS,
  digitChains,
  joinedDirectly,
  runSegments,
  unitFollows,
  type DigitGroup,
} from './digit-chains'
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

/** The longest number looked for: a 19-digit card, or a mobile number after 86 (13 digits). */
const MAX_DIGITS = 19
/** The shortest: a mobile number. */
const MIN_DIGITS = 11

/**
 * Words that say the number after them is an account (存折账号, 银行卡号, 账户): any such number of ACCOUNT_MIN_DIGITS
 * or more is masked as one, Luhn or not, since passbook (存折) and 一卡通 accounts carry no check digit.
 */
const ACCOUNT_LABEL = /(?:账号|帐号|卡号|存折|折号|账户|帐户|银行卡|社保卡|一卡通)[^0-9\p{Script=Han}]{0,4}$/u
const ACCOUNT_MIN_DIGITS = 12
/** How far before a number its label is looked for. */
const ACCOUNT_LABEL_WINDOW = 12

/**
 * Whether the text just before `start` labels what follows as an account number: its last ACCOUNT_LABEL_WINDOW
 * code units but invisible characters, which hide nothing in the label ("账\u200B号") or after it.
 */
function labelledAccount(text: string, start: number): boolean {
  let before = ''
  for (let at = start; at > 0 && before.length < ACCOUNT_LABEL_WINDOW;) {
    // A surrogate pair (VS17, a tag character) is one character.
    const pair =
      (text.charCodeAt(at - 1) & 0xfc00) === 0xdc00 && (text.charCodeAt(at - 2) & 0xfc00) === 0xd800
    const ch = text.slice(pair ? at - 2 : at - 1, at)
    at -= ch.length
    if (classify(ch).kind !== 'invisible') before = ch + before
  }
  return ACCOUNT_LABEL.test(before)
}

/**
 * Whether a run of groups read across punctuation looks like one number written in groups rather than a list,
 * an amount or a date: at most 5 groups of at least 3 digits (the last may be shorter after 4-4-4-4, or in an
 * 18-character ID), not all of exactly 3 digits (thousands, lists of counts), and a card starting as issued cards
 * do (3, 4, 5, 6 or 9: UnionPay 62, Visa, Mastercard, JCB, old 95… cards), which leaves out years and amounts
 * starting 1, 2, 7 or 8.
 */
function weakRunFits(run: readonly number[], kind: SensitiveNumberKind, digits: string): boolean {
  // A mobile's 86 prefix is a group of its own ("86-139.8877.6655").
  const segments = kind === 'phone' && digits.length === 13 && run[0] === 2 ? run.slice(1) : run
  if (segments.length > 5) return false
  const last = segments.length - 1
  const shortLast =
    (kind === 'id_number' && digits.length === 18) ||
    (last === 4 && segments.slice(0, 4).every((n) => n === 4))
  for (let k = 0; k < segments.length; k += 1) {
    if ((segments[k] ?? 0) < 3 && !(k === last && shortLast)) return false
  }
  if (segments.every((n) => n === 3)) return false
  return kind !== 'bank_account' || '34569'.includes(digits.charAt(0))
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
  // One wrong digit (a typing slip) leaves it a person's ID all the same: 18 characters whose 7th–14th are a birth
  // date, whatever the check character says.
  if (digits.length === 18 && /^[1-9]/.test(digits) && birthDateFromIdNumber(digits) !== null)
    return 'id_number'
  if (digits.includes('X')) return null
  if (isMainlandMobile(digits)) return 'phone'
  if (digits.length === 13 && digits.startsWith('86') && isMainlandMobile(digits.slice(2))) return 'phone'
  if (digits.length >= 16 && digits.length <= 19 && passesLuhn(digits)) return 'bank_account'
  return null
}

/**
 * Whether the text has MIN_DIGITS characters read as digits with at most MAX_SEPARATORS separators between each two:
 * what every personal number needs. Most text (dates, amounts, 一百二十元) is answered by this one pass.
 */
function mayHoldNumber(text: string): boolean {
  const table = unitClassTable()
  let digits = 0
  let separators = 0
  for (let i = 0; i < text.length; i += 1) {
    const unit = table[text.charCodeAt(i)]
    // Most text is ideographs and punctuation with no digit before them: nothing to count.
    if (digits === 0 && unit !== 1) continue
    if (unit === 1) {
      digits += 1
      if (digits >= MIN_DIGITS) return true
      separators = 0
    } else if (unit === 2) {
      separators += 1
      if (separators > MAX_SEPARATORS) digits = 0
    } else if (unit === 0) {
      digits = 0
      separators = 0
    }
  }
  return false
}

/**
 * The longest run of groups of a chain, after `floor` and up to a group touching letters, that overlaps groups
 * i..found.j (a number found) and holds more digits than it, and that is by its digits alone an ID (or a card
 * around a labelled account, or starting as issued cards do): the grouping and unit rules, which keep amounts and lists readable, no longer matter
 * once a number is masked there. Null if there is none.
 */
function widerRun(
  chain: readonly DigitGroup[],
  floor: number,
  i: number,
  found: { j: number; kind: SensitiveNumberKind; digits: string },
): { from: number; to: number; kind: SensitiveNumberKind; digits: string } | null {
  let wider: { from: number; to: number; kind: SensitiveNumberKind; digits: string } | null = null
  for (let a = found.j; a >= floor && !chain[a]?.touchesLetter; a -= 1) {
    let digits = ''
    for (let b = a; b < chain.length && !chain[b]?.touchesLetter; b += 1) {
      digits += chain[b]?.digits ?? ''
      if (digits.length > MAX_DIGITS) break
      if (b < i || digits.length <= Math.max(found.digits.length, wider?.digits.length ?? 0)) continue
      const kind = kindOf(digits)
      // An ID (birth date, check character) is rarely made by chance; a Luhn pass is one time in ten, so a card is
      // taken only around an account found by its label or when it starts as issued cards do (never a mobile's 1).
      if (
        kind === 'id_number' ||
        (kind === 'bank_account' && (found.kind === 'bank_account' || '34569'.includes(digits.charAt(0))))
      )
        wider = { from: a, to: b, kind, digits }
    }
  }
  return wider
}

/**
 * Finds full personal numbers anywhere in a string (the formats and their sources: docs/scrubbing.md), however they
 * are typed: full-width digits, Chinese numerals (一三九…, mixed with digits), spaces, hyphens, punctuation
 * (139.8877.6655, 6222(0212)…) and invisible characters between digits, any grouping (6-8-4, 3-4-4, 4-4-4-4-2 …),
 * a +86 prefix, letters on one side (Tel13988776655). Looked for: 18-digit 身份证号 with a valid GB 11643 checksum
 * and birth date, 15-digit first-generation IDs with a valid birth date, mainland mobile numbers, and 16-19 digit
 * bank card numbers that pass Luhn. Used to scrub every public string and to prove that no public response leaks
 * one.
 */
export function findSensitiveNumbers(text: string): SensitiveNumberMatch[] {
  const found: SensitiveNumberMatch[] = []
  if (!mayHoldNumber(text)) return found
  for (const chain of digitChains(text)) {
    let i = 0
    // Where the chain starts for a list's rule: after the last number found in it ("…6655，139，1234，5010").
    let listStart = 0
    while (i < chain.length) {
      // The longest run of whole groups from group i that is a personal number.
      let best: { j: number; kind: SensitiveNumberKind; digits: string } | null = null
      let digits = ''
      // Whether punctuation, and a list's, is among the separators of the run.
      let weak = false
      let list = false
      // Whether an account label stands before group i: read once, when a run needs it.
      let labelled: boolean | null = null
      for (let j = i; j < chain.length; j += 1) {
        const group = chain[j]
        if (!group || group.touchesLetter) break
        digits += group.digits
        if (digits.length > MAX_DIGITS) break
        if (j > i && group.join === 'weak') weak = true
        if (j > i && group.join === 'list') list = true
        if (digits.length < MIN_DIGITS) continue
        const kind =
          kindOf(digits) ??
          (!weak &&
          !list &&
          digits.length >= ACCOUNT_MIN_DIGITS &&
          (labelled ??= labelledAccount(text, chain[i]?.start ?? 0))
            ? 'bank_account'
            : null)
        if (!kind) continue
        if (weak || list) {
          // A list's punctuation is read only across the whole chain: a run from its first group (or a numeral
          // touching it, or the group after a number found) to its last.
          const toChainEnd = joinedDirectly(chain, j + 1, chain.length)
          if (!weakRunFits(runSegments(chain, i, j), kind, digits)) continue
          if (list && !(toChainEnd && joinedDirectly(chain, listStart + 1, i + 1))) continue
          if (toChainEnd && unitFollows(text, chain[chain.length - 1]?.end ?? group.end)) continue
        }
        best = { j, kind, digits }
      }
      if (!best) {
        i += 1
        continue
      }
      // A number found inside a longer run that is itself an ID (or a card around a labelled account), which the
      // grouping or unit rules turned down ("130.10219900.3074514元", "86 1 3010219900 3074514"): the whole run is
      // masked, never the rest of it left readable beside a masked part.
      let from = i
      const wider = widerRun(chain, listStart, i, best)
      if (wider) {
        from = wider.from
        best = { j: wider.to, kind: wider.kind, digits: wider.digits }
      }
      const first = chain[from]
      const last = chain[best.j]
      if (first && last) {
        const digitsOnly =
          best.kind === 'phone' && best.digits.length === 13 ? best.digits.slice(2) : best.digits
        found.push({
          kind: best.kind,
          text: text.slice(first.start, afterMarks(text, last.end)),
          digits: digitsOnly,
          index: first.start,
        })
      }
      i = best.j + 1
      listStart = i
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
 * left (a masked tail such as `5678` could otherwise join the next digits into a new card-shaped number), then
 * the house numbers of residence addresses (redactHouseNumbers).
 */
export function redactSensitiveNumbers(text: string): string {
  let current = redactHouseNumbers(text)
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
