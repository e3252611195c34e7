import type { Figure } from './figure'
import { figureNameKey } from './figure'
import { INVISIBLE_CHARACTERS } from '../text/invisible'

/**
 * Reading named figures out of prose, for secretaries who write "低保标准为每人每月680元" instead of filling in the
 * figures. Plain regular expressions over NFKC text; the rule throughout is that a figure read wrongly is worse than
 * one not read (a wrong figure becomes a discrepancy the township must chase), so anything ambiguous reads nothing.
 * Not read: numbers in Chinese numerals (六百八十元), ranges, figures stated for several names at once (分别为).
 */

const HORIZONTAL_SPACE = /[^\S\n]+/g
/** A clause ends at a full stop, semicolon, ! or ?, a line break, or a comma that is not a thousands separator. */
const CLAUSE_END = /[。;!?\n]|,(?!\d{3}(?!\d))|(?<!\d),/
/** How far after the name the statement of its value may run. */
const CLAUSE_MAX = 60
/** A mention that names an earlier value, not the current one: 原低保标准, 去年的补贴标准. */
const EARLIER = /(?:原|旧|原来的?|去年的?|上年的?|上一年的?|往年的?|调整前的?|以前的?|此前的?)$/
/** "from … to …": the value is what comes after the last of these. */
const CHANGED_TO = /(?:提高|调整|上调|下调|调增|调减|增加|提升|降低|变更|更改|改|变|调|提|增|降)(?:到|至|为)/g
/** A number right after these is a change (提高50元), not the figure itself. */
const CHANGE_BY = /(?:提高|增加|上调|下调|调增|调减|减少|降低|增长|上涨|提升|增|减|涨|降)了?\s*$/
/** A unitless number counts only right after one of these (低保标准: 680, 低保标准为680). */
const CONNECTOR = /(?:为|是|:|=|达到|达|执行|按)\s*¥?\s*$/
/** ¥680 is in 元 even without 元 after it. */
const YUAN_SIGN = /¥\s*$/
/** The number after the name, with thousands separators. */
const NUMBER = /(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?/g
/** A number followed by these is a date, an age, a count of times or a document number: not a figure. */
const NOT_A_FIGURE_AFTER = /^\s*(?:年|月|日|号|周岁|岁|时|点|届|期|次|个月|季度|〕|\]|\))/
const NOT_A_FIGURE_BEFORE = /(?:第|〔|\[|[\d.])\s*$/
/** Units a figure is stated in (after NFKC: ㎡ is m2, ％ is %). */
const UNIT = /^\s*(万元|亿元|千元|元|%|‰|亩|公顷|平方米|m2|立方米|公斤|千克|kg|斤|吨|千瓦时|度|人|户|天)/i
/** "per …" after the unit: 元/月, 元/人·月, 元每亩. */
const PER_AFTER = /^\s*(?:[/·・]|每)\s*(人|户|亩|月|年|季度|季|天|日)/
/** "per …" before the number: 每人每月680元. */
const PER_BEFORE = /每\s*(人|户|亩|月|年|季度|季|天|日)/g
const TIME_DIMENSIONS = new Set(['月', '年', '季度', '天'])

/** A name to look for, with the unit the government states it in (used to agree on the unit, see below). */
export interface FigureHint {
  name: string
  unit?: string | undefined
}

/** Text as the extraction reads it: NFKC, invisible characters removed, horizontal whitespace collapsed. */
export function normalizeFigureText(text: string): string {
  return text
    .normalize('NFKC')
    .replace(INVISIBLE_CHARACTERS, '')
    .replace(/\r\n?/g, '\n')
    .replace(HORIZONTAL_SPACE, ' ')
}

function escapeRegExp(ch: string): string {
  return ch.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&')
}

/** A regex finding a name in normalised text, spaces allowed between its characters, case ignored. */
function namePattern(name: string): RegExp | null {
  const chars = [...figureNameKey(name)]
  if (chars.length === 0) return null
  return new RegExp(chars.map(escapeRegExp).join('\\s*'), 'giu')
}

function canonicalDimension(d: string): string {
  if (d === '季') return '季度'
  if (d === '日') return '天'
  return d
}

interface UnitParts {
  base: string
  dims: string[]
}

/** Splits a unit such as 元/人·月 or 元/亩 into its base (元) and what it is per (人, 月). */
function splitUnit(unit: string): UnitParts {
  const text = normalizeFigureText(unit).replace(/\s/g, '')
  const m = /^([^/·・每]*)(.*)$/.exec(text)
  const base = m?.[1] ?? ''
  const dims = [...(m?.[2] ?? '').matchAll(/(人|户|亩|月|年|季度|季|天|日)/g)].map((x) =>
    canonicalDimension(x[1] ?? ''),
  )
  return { base, dims }
}

function composeUnit(parts: UnitParts): string | undefined {
  if (parts.base === '' && parts.dims.length === 0) return undefined
  if (parts.dims.length === 0) return parts.base
  return `${parts.base}/${parts.dims.join('·')}`
}

/**
 * Whether a unit read from the village's text says the same as the government's unit: the same base (元), and no
 * contradiction in what it is per (每月 against 元/年; 每户 against 元/人). Saying less is not a contradiction:
 * "每月680元" agrees with 元/人·月.
 */
function unitsAgree(read: UnitParts, stated: UnitParts): boolean {
  if (read.base !== '' && stated.base !== '' && read.base.toUpperCase() !== stated.base.toUpperCase())
    return false
  const time = (dims: string[]) => dims.filter((d) => TIME_DIMENSIONS.has(d))
  const subject = (dims: string[]) => dims.filter((d) => !TIME_DIMENSIONS.has(d))
  const conflict = (a: string[], b: string[]) => a.length > 0 && b.length > 0 && a.join('·') !== b.join('·')
  return !conflict(time(read.dims), time(stated.dims)) && !conflict(subject(read.dims), subject(stated.dims))
}

/** The value as a number when the decimal text round-trips exactly (680, 105.5), else the text (1200.50). */
function valueOf(digits: string): number | string {
  const n = Number(digits)
  return Number.isFinite(n) && String(n) === digits ? n : digits
}

interface Reading {
  value: number | string
  unit: UnitParts
}

/** Reads the value stated in one clause after a mention of the name, or null. */
function readClause(clause: string): Reading | null {
  if (clause.includes('分别')) return null
  let start = 0
  for (const m of clause.matchAll(CHANGED_TO)) start = (m.index ?? 0) + m[0].length
  const perBefore = (upTo: number) =>
    [...clause.slice(0, upTo).matchAll(PER_BEFORE)].map((m) => canonicalDimension(m[1] ?? ''))
  let unitless: Reading | null = null
  for (const m of clause.slice(start).matchAll(NUMBER)) {
    const at = start + (m.index ?? 0)
    const before = clause.slice(0, at)
    const after = clause.slice(at + m[0].length)
    if (NOT_A_FIGURE_BEFORE.test(before) || NOT_A_FIGURE_AFTER.test(after) || CHANGE_BY.test(before)) continue
    const digits = `${(m[1] ?? '').replace(/,/g, '')}${m[2] === undefined ? '' : `.${m[2]}`}`
    const unit = UNIT.exec(after)
    const base = unit?.[1] ?? (YUAN_SIGN.test(before) ? '元' : null)
    if (base === null) {
      if (unitless === null && CONNECTOR.test(before))
        unitless = { value: valueOf(digits), unit: { base: '', dims: perBefore(at) } }
      continue
    }
    const dims = perBefore(at)
    let rest = unit ? after.slice(unit[0].length) : after
    for (let per = PER_AFTER.exec(rest); per; per = PER_AFTER.exec(rest)) {
      dims.push(canonicalDimension(per[1] ?? ''))
      rest = rest.slice(per[0].length)
    }
    return { value: valueOf(digits), unit: { base, dims: [...new Set(dims)] } }
  }
  return unitless
}

/** Spans [start, end) of the other names' mentions, so 城市低保标准 is not read as a mention of 低保标准. */
function spansOf(text: string, names: readonly string[]): Array<[number, number]> {
  const spans: Array<[number, number]> = []
  for (const name of names) {
    const pattern = namePattern(name)
    if (!pattern) continue
    for (const m of text.matchAll(pattern)) spans.push([m.index ?? 0, (m.index ?? 0) + m[0].length])
  }
  return spans
}

/**
 * Reads the value of one named figure from prose: each mention of the name (spaces inside it tolerated) is followed
 * to the end of its clause, and the first number with a unit there is the value; "由650元提高到680元" reads the value
 * after 提高到; a unitless number counts only right after 为, 是 or a colon. Units are composed with what the text
 * says the amount is per: "每人每月680元" reads 680 元/人·月. When `unit` (the government's) agrees with what was
 * read, the figure takes that unit, so the comparison sees the same unit written the same way.
 *
 * Returns null when the name is not stated with a value, or when mentions state different values (ambiguous).
 * @param otherNames names of other figures: a mention inside one of them (低保标准 inside 城市低保标准) is not a
 *   mention of this name, and a clause stops where another name begins.
 */
export function extractFigure(
  text: string,
  name: string,
  options: { unit?: string | undefined; otherNames?: readonly string[] } = {},
): Figure | null {
  const pattern = namePattern(name)
  if (!pattern) return null
  const normalized = normalizeFigureText(text)
  const key = figureNameKey(name)
  const others = (options.otherNames ?? []).filter((n) => figureNameKey(n) !== key)
  const otherSpans = spansOf(normalized, others)
  const readings: Reading[] = []
  for (const m of normalized.matchAll(pattern)) {
    const start = m.index ?? 0
    const end = start + m[0].length
    if (otherSpans.some(([s, e]) => s <= start && end <= e && e - s > end - start)) continue
    if (EARLIER.test(normalized.slice(Math.max(0, start - 6), start))) continue
    let clause = normalized.slice(end, end + CLAUSE_MAX)
    const stop = CLAUSE_END.exec(clause)
    if (stop) clause = clause.slice(0, stop.index)
    const nextName = otherSpans.filter(([s]) => s >= end && s < end + clause.length).map(([s]) => s - end)
    if (nextName.length > 0) clause = clause.slice(0, Math.min(...nextName))
    const reading = readClause(clause)
    if (reading) readings.push(reading)
  }
  const first = readings[0]
  if (!first) return null
  const stated = options.unit === undefined ? null : splitUnit(options.unit)
  const unitOf = (r: Reading) => (stated && unitsAgree(r.unit, stated) ? options.unit : composeUnit(r.unit))
  const shown = (r: Reading) => `${String(r.value)}|${unitOf(r) ?? ''}`
  if (readings.some((r) => shown(r) !== shown(first))) return null
  const unit = unitOf(first)
  return { name: name.trim(), value: first.value, ...(unit === undefined ? {} : { unit }) }
}

/**
 * Reads every wanted figure stated in prose (see {@link extractFigure}); names not stated with a value are left out.
 * Each figure is read with the others as `otherNames`.
 */
export function extractFigures(text: string, wanted: readonly FigureHint[]): Figure[] {
  const names = wanted.map((w) => w.name)
  const out: Figure[] = []
  const seen = new Set<string>()
  for (const w of wanted) {
    const key = figureNameKey(w.name)
    if (seen.has(key)) continue
    seen.add(key)
    const figure = extractFigure(text, w.name, { unit: w.unit, otherNames: names })
    if (figure) out.push(figure)
  }
  return out
}
