/**
 * Fits values to WeChat subscribe-message key rules (docs/wechat.md, subscribe messages) before anything is
 * sent, so a 47003 is caught here rather than by WeChat. Written from the documented rules, deliberately
 * stricter than WeChat where the rule is vague (phrase: only the basic CJK block).
 */

import { shanghaiDateOf, shanghaiDateTimeOf } from '@cunwu/domain'

/** A value to fit: text, or a moment for `time`/`date` keys. */
export type RawValue = string | number | Date

/** A fitted value, or why it cannot be sent. */
export type FitResult = { ok: true; value: string } | { ok: false; reason: string }

const CONTROL = /\p{Cc}/gu
const BASIC_HAN = /[\u4e00-\u9fa5]/
const ONLY_BASIC_HAN = /^[\u4e00-\u9fa5]+$/
const CLOCK = String.raw`([01]?\d|2[0-3]):[0-5]\d(:[0-5]\d)?`
const YMD = String.raw`\d{4}[-/](0?[1-9]|1[0-2])[-/](0?[1-9]|[12]\d|3[01])`
const YMD_CN = String.raw`\d{4}年(0?[1-9]|1[0-2])月(0?[1-9]|[12]\d|3[01])日`
const TIME_RE = new RegExp(`^(${CLOCK}|${YMD} ${CLOCK}|${YMD_CN} ?${CLOCK})$`)
const DATE_RE = new RegExp(`^(${YMD}|${YMD_CN})( ?${CLOCK})?$`)

const segmenter = new Intl.Segmenter('zh', { granularity: 'grapheme' })

/** The type of a template key: `thing1` → `thing`, `character_string2` → `character_string`. */
export function keyTypeOf(key: string): string {
  return /^([a-z_]+?)\d+$/.exec(key)?.[1] ?? key
}

/** Text without control characters (newlines become spaces), normalised and trimmed. */
export function cleanText(raw: string): string {
  return raw.normalize('NFC').replace(CONTROL, ' ').replace(/\s+/gu, ' ').trim()
}

/**
 * Cuts `text` to at most `maxCodePoints` code points (WeChat's "characters") without splitting a grapheme
 * (an emoji with modifiers, a letter with combining marks); adds `…` when something was cut.
 */
export function truncateGraphemes(text: string, maxCodePoints: number): string {
  if ([...text].length <= maxCodePoints) return text
  let out = ''
  let used = 0
  for (const { segment } of segmenter.segment(text)) {
    const size = [...segment].length
    if (used + size > maxCodePoints - 1) break
    out += segment
    used += size
  }
  return `${out.trimEnd()}…`
}

/** `YYYY-MM-DD` in China time. */
export function formatDate(date: Date): string {
  return shanghaiDateOf(date)
}

/** `YYYY-MM-DD HH:mm` in China time. */
export function formatTime(date: Date): string {
  return shanghaiDateTimeOf(date).slice(0, 16).replace('T', ' ')
}

function ranged(value: string, re: RegExp): boolean {
  const parts = value.split('~').map((p) => p.trim())
  return parts.length <= 2 && parts.every((p) => re.test(p))
}

const ok = (value: string): FitResult => ({ ok: true, value })
const bad = (reason: string): FitResult => ({ ok: false, reason })

/** Fits one value to its key type: truncates where the rule allows, refuses where it cannot be fixed. */
export function fitValue(type: string, raw: RawValue): FitResult {
  if (raw instanceof Date) {
    if (Number.isNaN(raw.getTime())) return bad('invalid date')
    if (type === 'time') return ok(formatTime(raw))
    if (type === 'date') return ok(formatDate(raw))
    return fitValue(type, formatTime(raw))
  }
  const text = cleanText(String(raw))
  if (text === '') return bad('empty')
  switch (type) {
    case 'thing':
      return ok(truncateGraphemes(text, 20))
    case 'phrase': {
      const han = [...text].filter((c) => BASIC_HAN.test(c)).join('')
      return han ? ok([...han].slice(0, 5).join('')) : bad('phrase needs 汉字')
    }
    case 'character_string': {
      const ascii = text.replace(/[^\x21-\x7e]/g, '').slice(0, 32)
      return ascii ? ok(ascii) : bad('character_string needs ASCII')
    }
    case 'number':
      return /^\d+(\.\d+)?$/.test(text) && text.replace('.', '').length <= 32 ? ok(text) : bad('not a number')
    case 'letter': {
      const letters = text.replace(/[^A-Za-z]/g, '').slice(0, 32)
      return letters ? ok(letters) : bad('letter needs A-Z')
    }
    case 'symbol':
      return /^[^\p{L}\p{N}\s]{1,5}$/u.test(text) ? ok(text) : bad('not a symbol')
    case 'time':
      return ranged(text, TIME_RE) ? ok(text) : bad('not a time')
    case 'date':
      return ranged(text, DATE_RE) ? ok(text) : bad('not a date')
    case 'amount':
      return /^[¥$￥]?\d{1,10}(\.\d{1,2})?元?$/.test(text) ? ok(text) : bad('not an amount')
    case 'phone_number':
      return /^[\d+\-() ]{1,17}$/.test(text) ? ok(text) : bad('not a phone number')
    case 'name': {
      if (BASIC_HAN.test(text)) {
        const han = [...text].filter((c) => BASIC_HAN.test(c)).join('')
        return ONLY_BASIC_HAN.test(han) ? ok([...han].slice(0, 10).join('')) : bad('name')
      }
      const latin = text
        .replace(/[^A-Za-z ]/g, '')
        .trim()
        .slice(0, 20)
      return latin ? ok(latin) : bad('name')
    }
    default:
      // car_number, enum and const need template-specific knowledge we do not send.
      return bad(`unsupported key type ${type}`)
  }
}

/** Fits every key of a template; the first key that cannot be fitted is reported as `key: reason`. */
export function fitTemplateData(
  keys: readonly string[],
  values: Readonly<Record<string, RawValue>>,
): { ok: true; data: Record<string, string> } | { ok: false; error: string } {
  const data: Record<string, string> = {}
  for (const key of keys) {
    const raw = values[key]
    if (raw === undefined) return { ok: false, error: `${key}: missing` }
    const fitted = fitValue(keyTypeOf(key), raw)
    if (!fitted.ok) return { ok: false, error: `${key}: ${fitted.reason}` }
    data[key] = fitted.value
  }
  return { ok: true, data }
}
