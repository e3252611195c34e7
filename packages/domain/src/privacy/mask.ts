/**
 * Masking of personal data for display. No national rule prescribes which digits to hide (research gap,
 * docs/catalog.md §3), so the choices here keep just enough for a household to recognise its own
 * record and never enough to rebuild the number.
 */

function digitsOf(value: string): string {
  return value.replace(/[^\dXx]/g, '')
}

function stars(count: number): string {
  return '*'.repeat(Math.max(count, 0))
}

/** Masks a 居民身份证号 as first 3 + stars + last 4 (e.g. 110***********002X); short values become all stars. */
export function maskIdNumber(value: string): string {
  const compact = digitsOf(value).toUpperCase()
  if (compact.length < 15) return stars(Math.max(compact.length, 4))
  return `${compact.slice(0, 3)}${stars(compact.length - 7)}${compact.slice(-4)}`
}

/** Masks a phone number as first 3 + **** + last 4 (e.g. 138****5678), dropping any +86 prefix. */
export function maskPhone(value: string): string {
  let compact = value.replace(/\D/g, '')
  if (compact.length === 13 && compact.startsWith('86')) compact = compact.slice(2)
  if (compact.length < 7) return stars(Math.max(compact.length, 4))
  return `${compact.slice(0, 3)}${stars(compact.length - 7)}${compact.slice(-4)}`
}

/** Masks a bank card or account number, keeping only the last 4 digits (e.g. ************1234). */
export function maskBankAccount(value: string): string {
  const compact = value.replace(/\D/g, '')
  if (compact.length < 8) return stars(Math.max(compact.length, 4))
  return `${stars(compact.length - 4)}${compact.slice(-4)}`
}

/** Masks a household number (户号), keeping only the last 4 characters. */
export function maskHouseholdNo(value: string): string {
  const compact = value.trim()
  const chars = Array.from(compact)
  if (chars.length <= 4) return stars(chars.length)
  return `${stars(chars.length - 4)}${chars.slice(-4).join('')}`
}

/**
 * Masks a personal name the way de-identified notices do (国办《2018年政务公开工作要点》 asks for
 * 去标识化): 张三 → 张*, 张三丰 → 张*丰, 欧阳娜娜 → 欧**娜.
 */
export function maskName(value: string): string {
  const chars = Array.from(value.trim())
  if (chars.length <= 1) return '*'
  if (chars.length === 2) return `${chars[0] ?? ''}*`
  return `${chars[0] ?? ''}${stars(chars.length - 2)}${chars[chars.length - 1] ?? ''}`
}

/**
 * Masks a YYYY-MM-DD date to its year, which is enough for age bands, written as dates read everywhere else
 * (2026年11月3日): 1950年**月**日, not 1950-**-** beside them.
 */
export function maskDate(value: string): string {
  const match = /^(\d{4})-\d{2}-\d{2}$/.exec(value.trim())
  return match ? `${match[1] ?? ''}年**月**日` : '****年**月**日'
}

/** Masks a house, building, unit or room number in an address (18 → **), one star per character. */
export function maskHouseNumber(value: string): string {
  return stars(Math.max(Array.from(value).length, 1))
}
