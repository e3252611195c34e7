import { halfWidthDigits } from '../text/digits'
import { stripInvisible } from '../text/invisible'
import { CHINESE_DIGIT_VALUES, chineseNumeralValue } from '../text/chinese-numerals'

/**
 * Likely details of a minor (未成年人, under 18) in text a person typed: the check a question and its answer pass
 * before they are made public (docs/questions.md, docs/privacy.md). Public views never carry data on minors: the
 * table presenter drops their rows, and this keeps them out of typed text too.
 *
 * A heuristic, meant to err towards asking: it flags
 * - `child`: words for a child or a young relative (孙子, 女儿, 丫头, 娃, 孩子, 外甥, 学生, 未成年, 没成年…), whose
 *   age it cannot know;
 * - `age`: an age under 18 written in digits or Chinese numerals before 岁/周岁 (8岁, 十二周岁, 两岁半), an age that
 *   says young without a number (几岁, 十几岁, 半岁, 未满18岁), a baby's months (3个月大), and, when the current year
 *   is given, a birth year under 18 years back (2018年出生);
 * - `school`: schooling words (读二年级, 初一, 高三, 中考, 上学, 在读, 辍学…), and the names of schools (幼儿园, 小学, 初中, 学校…) only
 *   when something else in the text is flagged too: alone a school is a place (先修学校门口一段, 小学旁边的路灯), with
 *   a child, an age or schooling it is where a child goes (孙子在云溪小学).
 * False positives are expected (儿子 is often a grown man): the person then writes the public wording without them.
 * Not covered: a child's bare name with nothing else (no name list can tell a child's name), a bare number without
 * 岁 (老三才15, 她才十五: any number may be an amount), ages spelt with other numerals (壹拾), and other scripts. Invisible characters, spaces and full-width digits do not hide a match.
 * Linear in the text's length, and never throws.
 */

/** What kind of detail a match is. */
export type MinorDetailKind = 'child' | 'age' | 'school'

/** One likely detail of a minor. */
export interface MinorDetail {
  kind: MinorDetailKind
  /** The words matched, as they read once invisible characters and spaces are taken out. */
  text: string
}

/** Age of majority (民法典第十七条: 十八周岁以上的自然人为成年人). */
export const ADULT_AGE = 18

const CHILD_WORDS =
  /外孙女|外孙|孙子|孙女|重孙|曾孙|儿子|女儿|闺女|丫头|小孩|孩子|小娃|娃娃|娃|侄子|侄女|外甥女|外甥|小朋友|宝宝|婴儿|幼儿|儿童|少年|未成年|没成年|孤儿|学生/gu
/** Schools: places, flagged only beside another detail. */
const SCHOOL_PLACES = /幼儿园|托儿所|学前班|小学|初中|高中|中学|职高|中职|技校|学校/gu
/** Going to school: a pupil's own details. */
const SCHOOLING =
  /上学|读书|念书|在读|就读|在校|辍学|入学|升学|班主任|中考|高考|[一二三四五六七八九几1-9]年级|[初高][一二三](?![点些倍成米层级等块元万千百十])|[县市镇区][一二三四五六七八九十]?[中小](?=读|上|念)/gu
const NUMERALS = '零〇一二两三四五六七八九十百'
/** A number (digits or Chinese numerals) before 岁/周岁, with what may stand before it. */
const AGE = new RegExp(
  `(未满|不满|不到|没满)?(?<![0-9${NUMERALS}])([0-9]{1,3}|[${NUMERALS}]{1,5})(多|几)?(周岁|虚岁|岁)`,
  'gu',
)
/** Ages that say young without a number. */
const YOUNG_AGE =
  /(?<![0-9零〇一二两三四五六七八九十百])几岁|半岁|[0-9一二两三四五六七八九十]{1,2}个月大|刚出生|未满(?:十八|18)|未成年/gu
/** A birth year (checked against the current year when one is given). */
const BIRTH_YEAR =
  /(?<![0-9])((?:19|20)[0-9]{2})年(?:[0-9]{1,2}月)?(?:[0-9]{1,2}[日号])?(?:出生|生人|生的|出世)/gu

/**
 * An age as said in Chinese numerals; a spoken range (十七八, 七八) reads as its lower end, since the last digit
 * only widens it. NaN when it does not read as an age.
 */
function spokenAge(numeral: string): number {
  const value = chineseNumeralValue(numeral)
  if (!Number.isNaN(value) || numeral.length < 2) return value
  const last = numeral.slice(-1)
  return CHINESE_DIGIT_VALUES[last] === undefined ? Number.NaN : chineseNumeralValue(numeral.slice(0, -1))
}

/** The text as matched: without invisible characters and white space, full-width digits as ASCII ones. */
function normalized(text: string): string {
  return halfWidthDigits(stripInvisible(text.normalize('NFKC'))).replace(/\s+/gu, '')
}

/**
 * Likely details of a minor in `text` (see the module's comment), in the order found; `currentYear` (China time)
 * lets a birth year count.
 */
export function findMinorDetails(text: string, options: { currentYear?: number } = {}): MinorDetail[] {
  if (typeof text !== 'string' || text === '') return []
  const s = normalized(text)
  const found: { kind: MinorDetailKind; text: string; at: number }[] = []
  for (const m of s.matchAll(CHILD_WORDS)) found.push({ kind: 'child', text: m[0], at: m.index })
  for (const m of s.matchAll(SCHOOLING)) found.push({ kind: 'school', text: m[0], at: m.index })
  for (const m of s.matchAll(YOUNG_AGE)) found.push({ kind: 'age', text: m[0], at: m.index })
  for (const m of s.matchAll(AGE)) {
    const [whole, under, number = '', vague] = m
    const value = /^[0-9]+$/.test(number) ? Number(number) : spokenAge(number)
    const young =
      under !== undefined ? value <= ADULT_AGE : value < ADULT_AGE || (vague === '几' && value < 20)
    if (young) found.push({ kind: 'age', text: whole, at: m.index })
  }
  if (options.currentYear !== undefined) {
    for (const m of s.matchAll(BIRTH_YEAR)) {
      if (options.currentYear - Number(m[1]) < ADULT_AGE) found.push({ kind: 'age', text: m[0], at: m.index })
    }
  }
  // A school's name counts only beside another detail (see the module's comment).
  if (found.length > 0) {
    for (const m of s.matchAll(SCHOOL_PLACES)) found.push({ kind: 'school', text: m[0], at: m.index })
  }
  // Longest first where two start together; a match inside one already kept (幼儿 in 幼儿园) is left out.
  found.sort((a, b) => a.at - b.at || b.text.length - a.text.length)
  const kept: typeof found = []
  let end = -1
  for (const f of found) {
    if (f.at + f.text.length <= end) continue
    kept.push(f)
    end = Math.max(end, f.at + f.text.length)
  }
  return kept.map(({ kind, text: words }) => ({ kind, text: words }))
}

/** Whether `text` likely carries details of a minor (findMinorDetails finds any). */
export function hasMinorDetails(text: string, options: { currentYear?: number } = {}): boolean {
  return findMinorDetails(text, options).length > 0
}

/**
 * What to tell the person who wants to publish the text, in plain Chinese: which words look like a child's details
 * (up to five, each once) and what to do.
 */
export function minorDetailsMessage(found: readonly MinorDetail[]): string {
  const words = [...new Set(found.map((f) => f.text))].slice(0, 5)
  const named = words.length > 0 ? `（${words.map((w) => `“${w}”`).join('、')}）` : ''
  return `文字里可能有未成年人的信息${named}，公开前请删去孩子的称呼、姓名、年龄和学校等内容。`
}
