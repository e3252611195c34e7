// Splits scanned text into chains of digit groups, and reads a chain's grouping, joins and the unit after it.
import { classify } from './characters'

/** Characters after a run of numbers that make it quantities (amounts, counts, areas, dates), not one number. */
const UNITS = new Set(Array.from('元角万亿人个次亩米斤吨年月日天岁%份套间台辆件张条本名位项株棵头只千百十'))
/** How many separator characters may follow each other inside one number (SEPARATOR, characters.ts). */
export const MAX_SEPARATORS = 3

/** How a digit group is joined to the one before it in its chain. */
type Join = 'none' | 'strong' | 'weak' | 'list'

/** A run of digits (its last character may be an X) in the scanned string. */
export interface DigitGroup {
  /** Offset of its first character in the scanned string. */
  start: number
  /** Offset just after its last character. */
  end: number
  /** Its digits after NFKC (full-width ０-９ become 0-9, Chinese numerals their digit), with a final X upper-cased. */
  digits: string
  /** Whether it is written in Chinese numerals (a change of script starts a new group, joined by 'none'). */
  han: boolean
  /**
   * How it follows the previous group of its chain: directly (a change between Chinese numerals and digits),
   * across spaces/dashes only ('strong'), across punctuation ('weak'), or across a list's comma or 、 ('list').
   */
  join: Join
  /**
   * Whether it is part of a longer token where letters and digits alternate (an ObjectId, a hash, a file code):
   * then it is never part of a number, which keeps hex ids from raising false alarms. Letters on one side only
   * ("Tel13988776655", "ID110101199003074514x") do not hide a number.
   */
  touchesLetter: boolean
}

const JOIN_RANK: Readonly<Record<Join, number>> = { none: 0, strong: 1, weak: 2, list: 3 }

/** The join a run of separators makes: the most telling of them (a list's comma over a dot over a space). */
function strongerJoin(a: Join, b: Join): Join {
  return JOIN_RANK[a] >= JOIN_RANK[b] ? a : b
}

/** Digits per group of a chain's groups i..j as separators delimit them (numerals meeting digits are one group). */
export function runSegments(chain: readonly DigitGroup[], i: number, j: number): number[] {
  const segments: number[] = []
  for (let k = i; k <= j; k += 1) {
    const length = chain[k]?.digits.length ?? 0
    if (k === i || chain[k]?.join !== 'none') segments.push(length)
    else segments[segments.length - 1] = (segments[segments.length - 1] ?? 0) + length
  }
  return segments
}

/** Whether groups from..to-1 of a chain each follow the previous one directly (numerals meeting digits). */
export function joinedDirectly(chain: readonly DigitGroup[], from: number, to: number): boolean {
  for (let k = from; k < to; k += 1) if (chain[k]?.join !== 'none') return false
  return true
}

/**
 * Whether a unit follows the chain ending at `end` (after at most MAX_SEPARATORS spaces, dashes or punctuation, as
 * between the groups of a number, such as a closing quote or bracket: "“3000”元"): then its numbers are
 * quantities. Invisible characters before the unit are skipped however many there are: they hide nothing.
 */
export function unitFollows(text: string, end: number): boolean {
  let separators = 0
  for (let at = end; at < text.length;) {
    const ch = String.fromCodePoint(text.codePointAt(at) ?? 0)
    at += ch.length
    const kind = classify(ch).kind
    if (kind === 'invisible') continue
    if (kind !== 'separator' && kind !== 'weak') return UNITS.has(ch)
    separators += 1
    if (separators > MAX_SEPARATORS) return false
  }
  return false
}

/**
 * Splits a string into chains of digit groups: digits separated by at most MAX_SEPARATORS separator characters
 * (spaces and dashes, or punctuation), and a new group wherever Chinese numerals and digits meet ("张三13812345678"
 * reads 3 | 13812345678, so a number may start at either).
 */
export function digitChains(text: string): DigitGroup[][] {
  const chains: DigitGroup[][] = []
  let chain: DigitGroup[] = []
  // The group being read (kept in an object: closeChain resets it, which flow analysis would not see).
  const open: { group: DigitGroup | null } = { group: null }
  let separators = 0
  let join: Join = 'none'
  let afterLetter = false
  // The last digit group of the current letters-and-digits token when letters followed it: digits after those
  // letters make the token an identifier (digit, letter, digit).
  let groupBeforeLetters: DigitGroup | null = null
  const closeChain = (): void => {
    if (open.group) chain.push(open.group)
    if (chain.length > 0) chains.push(chain)
    chain = []
    open.group = null
    separators = 0
    join = 'none'
  }
  let index = 0
  for (const ch of text) {
    const c = classify(ch)
    const end = index + ch.length
    if (c.kind === 'invisible') {
      index = end
      continue
    }
    const current = open.group
    // An X that neither ends digits nor follows them after a space ("…1670 X") is a letter.
    const letter = c.kind === 'letter' || (c.kind === 'x' && current === null && chain.length === 0)
    if (letter) {
      if (current !== null) groupBeforeLetters = current
      else if (!afterLetter) groupBeforeLetters = null
      closeChain()
    } else if (c.kind === 'digit' || c.kind === 'x') {
      const han = c.kind === 'digit' && c.han
      // Digits right after an X: the X was a letter inside a longer token, and so were the digits before it.
      const afterX = current !== null && current.digits === 'X'
      if (afterX) {
        current.touchesLetter = true
        const before = chain[chain.length - 1]
        if (current.join === 'none' && before) before.touchesLetter = true
        closeChain()
      }
      if (current === null || afterX) {
        // Digits after letters that followed digits: an identifier such as an ObjectId.
        const identifier = afterX || (afterLetter && groupBeforeLetters !== null)
        if (identifier && groupBeforeLetters !== null && afterLetter) groupBeforeLetters.touchesLetter = true
        open.group = {
          start: index,
          end,
          digits: c.value,
          han,
          join: chain.length > 0 ? join : 'none',
          touchesLetter: identifier,
        }
        join = 'none'
      } else if (c.kind === 'x' || current.han !== han) {
        // A new group where numerals and digits meet, and for an X: a number may end just before it
        // ("ID110101199003074514x") or with it (an ID's check character).
        chain.push(current)
        open.group = {
          start: index,
          end,
          digits: c.value,
          han,
          join: 'none',
          touchesLetter: current.touchesLetter,
        }
      } else {
        current.digits += c.value
        current.end = end
      }
    } else if (c.kind === 'separator' || c.kind === 'weak' || c.kind === 'list') {
      if (current !== null) chain.push(current)
      open.group = null
      separators = chain.length > 0 ? separators + 1 : 0
      if (chain.length > 0) join = strongerJoin(join, c.kind === 'separator' ? 'strong' : c.kind)
      if (separators > MAX_SEPARATORS) closeChain()
    } else {
      closeChain()
    }
    if (c.kind !== 'separator' && c.kind !== 'weak' && c.kind !== 'list') separators = 0
    if (!letter && c.kind !== 'digit' && c.kind !== 'x') groupBeforeLetters = null
    afterLetter = letter
    index = end
  }
  closeChain()
  return chains
}
