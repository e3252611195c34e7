/** Why a subscribe-message value was rejected, or undefined when it is acceptable. */
export type ValueProblem = 'empty' | 'invalid'

const HAN = /\p{Script=Han}/u
const ONLY_HAN = /^\p{Script=Han}+$/u
// Control characters (incl. newlines) are refused in every type.
const CONTROL = /\p{Cc}/u

const CLOCK = String.raw`([01]?\d|2[0-3]):[0-5]\d(:[0-5]\d)?`
const YMD = String.raw`\d{4}[-/](0?[1-9]|1[0-2])[-/](0?[1-9]|[12]\d|3[01])`
const YMD_CN = String.raw`\d{4}年(0?[1-9]|1[0-2])月(0?[1-9]|[12]\d|3[01])日`
const TIME_PART = new RegExp(`^(${CLOCK}|${YMD} ${CLOCK}|${YMD_CN} ?${CLOCK})$`)
const DATE_PART = new RegExp(`^(${YMD}|${YMD_CN})( ?${CLOCK})?$`)

/** The type of a template key: its name without the trailing number (`thing1` → `thing`, `character_string2` → `character_string`). */
export function keyType(key: string): string {
  const m = /^([a-z_]+?)(\d+)$/.exec(key)
  return m?.[1] ?? key
}

function ranged(value: string, part: RegExp): boolean {
  const parts = value.split('~').map((p) => p.trim())
  return parts.length <= 2 && parts.every((p) => part.test(p))
}

/** Checks one value against the documented rule of its key type (thing ≤ 20 characters, phrase ≤ 5 汉字, …). */
export function checkValue(type: string, value: unknown, enumValues?: string[]): ValueProblem | undefined {
  if (value === undefined || value === null || value === '') return 'empty'
  if (typeof value !== 'string') return 'invalid'
  if (CONTROL.test(value)) return 'invalid'
  const chars = [...value]
  switch (type) {
    case 'thing':
      return chars.length <= 20 ? undefined : 'invalid'
    case 'number':
      return /^\d+(\.\d+)?$/.test(value) && value.replace('.', '').length <= 32 ? undefined : 'invalid'
    case 'letter':
      return /^[A-Za-z]{1,32}$/.test(value) ? undefined : 'invalid'
    case 'symbol':
      return /^[^\p{L}\p{N}\s]{1,5}$/u.test(value) ? undefined : 'invalid'
    case 'character_string':
      return /^[\x21-\x7e]{1,32}$/.test(value) ? undefined : 'invalid'
    case 'time':
      return ranged(value, TIME_PART) ? undefined : 'invalid'
    case 'date':
      return ranged(value, DATE_PART) ? undefined : 'invalid'
    case 'amount':
      return /^[¥$￥]?\d{1,10}(\.\d+)?元?$/.test(value) ? undefined : 'invalid'
    case 'phone_number':
      return /^[\d+\-() ]{1,17}$/.test(value) ? undefined : 'invalid'
    case 'car_number':
      return isCarNumber(chars) ? undefined : 'invalid'
    case 'name':
      return isName(value, chars) ? undefined : 'invalid'
    case 'phrase':
      return chars.length <= 5 && ONLY_HAN.test(value) ? undefined : 'invalid'
    case 'enum':
    case 'enum_string':
      return enumValues === undefined || enumValues.includes(value) ? undefined : 'invalid'
    case 'const':
      return undefined
    default:
      return chars.length <= 20 ? undefined : 'invalid'
  }
}

function isCarNumber(chars: string[]): boolean {
  if (chars.length < 2 || chars.length > 8) return false
  return chars.every((c, i) => {
    const edge = i === 0 || i === chars.length - 1
    return /^[A-Za-z0-9]$/.test(c) || (edge && HAN.test(c))
  })
}

function isName(value: string, chars: string[]): boolean {
  if (ONLY_HAN.test(value)) return chars.length <= 10
  if (!HAN.test(value)) return chars.length <= 20 && !/\d/.test(value)
  // Mixed Chinese and other characters count as Chinese: at most 10.
  return chars.length <= 10
}
