import { z } from 'zod'

/**
 * A day as people type it into a form (a meeting's date): full-width digits and separators (２０２６－１２－０７, as
 * Chinese input methods give them), spaces around it or between its parts, a month or day without its 0
 * (2026-12-7), slashes or dots (2026/12/7, 2026.12.7), 2026年12月7日, and 20261207. The one rule forms and schemas
 * that take a typed date read it by (docs/api.md, "Typed text").
 */
export type TypedDate =
  { ok: true; /** YYYY-MM-DD. */ value: string } | { ok: false; problem: 'unreadable' | 'impossible' }

const SEPARATED = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$/
const COMPACT = /^(\d{4})(\d{2})(\d{2})$/

/** What to write instead, for a date that cannot be read. */
export const TYPED_DATE_HINT = '请写成 2026-11-10 或 2026年11月10日 这样'

function isCalendarDay(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1] ?? 0
  return day <= days
}

/** The day `raw` names as YYYY-MM-DD, or why it names none (not written as a date, or a day that does not exist). */
export function readTypedDate(raw: string): TypedDate {
  // NFKC turns full-width digits, ／ － ． and the ideographic space into their ASCII forms.
  const text = raw.normalize('NFKC').trim()
  const m = SEPARATED.exec(text) ?? COMPACT.exec(text)
  if (!m) return { ok: false, problem: 'unreadable' }
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])]
  if (!isCalendarDay(year, month, day)) return { ok: false, problem: 'impossible' }
  const pad = (n: number) => String(n).padStart(2, '0')
  return { ok: true, value: `${year}-${pad(month)}-${pad(day)}` }
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
