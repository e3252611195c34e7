import { z } from 'zod'

/**
 * A day as people type it into a form (a meeting's date): full-width digits and separators (２０２６－１２－０７, as
 * Chinese input methods give them), spaces around it or between its parts, a month or day without its 0
 * (2026-12-7), slashes or dots (2026/12/7, 2026.12.7), 2026年12月7日, and 20261207. The one rule forms and schemas
 * that take a typed date read it by (docs/api.md, "Typed text"), and so do a table's date cells, typed or sent as
 * JSON rows (`tables/validate.ts`), and the spreadsheet import and the alignment, which read the day the same way
 * (`@cunwu/tables` `parseDate`, `@cunwu/alignment` `parseShanghaiDay`; docs/spreadsheet-imports.md).
 */
export type TypedDate =
  { ok: true; /** YYYY-MM-DD. */ value: string } | { ok: false; problem: 'unreadable' | 'impossible' }

// Year, month and day, separated by - / . or 年月日, with spaces between the parts allowed.
const DAY = String.raw`(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?`
// A time of day after the day, as a date-time cell written as text shows it (08:30, 08:30:15, 8时30分15秒).
const TIME_OF_DAY = String.raw`\s*[ T]?\d{1,2}[:时]\d{1,2}(?:[:分]\d{1,2}秒?)?`
const SEPARATED = new RegExp(`^${DAY}$`)
const SEPARATED_WITH_TIME = new RegExp(`^${DAY}(?:${TIME_OF_DAY})?$`)
const COMPACT = /^(\d{4})(\d{2})(\d{2})$/
const NON_ASCII = /[^ -~]/

/** What to write instead, for a date that cannot be read. */
export const TYPED_DATE_HINT = '请写成 2026-11-10 或 2026年11月10日 这样'

/** Whether the month and day exist in that year (the Gregorian calendar's leap years). */
export function isCalendarDay(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1] ?? 0
  return day <= days
}

/**
 * The day `raw` names as YYYY-MM-DD, or why it names none (not written as a date, or a day that does not exist).
 * With `timeOfDay`, a time after a separated day is read past (2026-03-05 08:30 is 2026-03-05), as an import reads a
 * date-time cell written as text.
 */
export function readTypedDate(raw: string, options: { timeOfDay?: boolean } = {}): TypedDate {
  // NFKC turns full-width digits, ／ － ． and the ideographic space into their ASCII forms (ASCII is left as it is,
  // and a roster's cells are mostly ASCII: not normalised, for speed).
  const text = (NON_ASCII.test(raw) ? raw.normalize('NFKC') : raw).trim()
  const m = (options.timeOfDay === true ? SEPARATED_WITH_TIME : SEPARATED).exec(text) ?? COMPACT.exec(text)
  if (!m) return { ok: false, problem: 'unreadable' }
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])]
  if (!isCalendarDay(year, month, day)) return { ok: false, problem: 'impossible' }
  const pad = (n: number) => String(n).padStart(2, '0')
  return { ok: true, value: `${String(year).padStart(4, '0')}-${pad(month)}-${pad(day)}` }
}

/** A typed day, parsed to YYYY-MM-DD by `readTypedDate`; otherwise a message saying what is wrong in plain words. */
export const TypedDateSchema = z
  .string()
  .max(40, `日期${TYPED_DATE_HINT}`)
  .transform((raw, ctx) => {
    const read = readTypedDate(raw)
    if (read.ok) return read.value
    ctx.addIssue({
      code: 'custom',
      message:
        read.problem === 'impossible' ? `日期不存在（${raw.trim()}），请核对` : `日期${TYPED_DATE_HINT}`,
    })
    return z.NEVER
  })
  .describe(
    'A day: YYYY-MM-DD, also with full-width digits, spaces, / . or 年月日 and without leading zeros; parsed to YYYY-MM-DD',
  )
