// Amounts travel as integer fen (1 元 = 100 分); people read and type 元. Conversions work on the digits, never
// on floating point, so 0.29 元 is 29 分 and not 28.999….

import { formatYuan } from '@cunwu/domain'

/** Formats integer fen as 元 with two decimals and thousands separators, e.g. 123456 → "1,234.56" (@cunwu/domain). */
export { formatYuan }

/** Formats integer fen for an input field, e.g. 58000 → "580.00" (no separators, so it parses back). */
export function fenToYuanInput(fen: number): string {
  return formatYuan(fen).replace(/,/g, '')
}

/**
 * Parses 元 as typed ("580", "580.5", "1,234.56", "￥12.30") into integer fen; null when it is not an amount
 * or has more than two decimals (a third decimal would be silently lost).
 */
export function parseYuanToFen(text: string): number | null {
  const compact = text
    .trim()
    .replace(/[,，\s]/g, '')
    .replace(/^[¥￥]/, '')
    .replace(/元$/, '')
  const match = /^(-?)(\d+)(?:\.(\d{0,2}))?$/.exec(compact)
  if (!match) return null
  const [, sign = '', whole = '0', decimals = ''] = match
  const fen = Number(whole) * 100 + Number(decimals.padEnd(2, '0'))
  if (!Number.isSafeInteger(fen)) return null
  return sign === '-' && fen !== 0 ? -fen : fen
}
