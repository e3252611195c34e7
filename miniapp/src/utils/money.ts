// Amounts travel as integer fen (1 元 = 100 分); people read and type 元. Conversions work on the digits, never
// on floating point, so 0.29 元 is 29 分 and not 28.999….

/** Formats integer fen as 元 with two decimals and thousands separators, e.g. 123456 → "1,234.56". */
export function formatYuan(fen: number): string {
  if (!Number.isFinite(fen)) return ''
  const whole = Math.round(fen)
  const sign = whole < 0 ? '-' : ''
  const abs = Math.abs(whole)
  const yuan = Math.floor(abs / 100)
  const cents = String(abs % 100).padStart(2, '0')
  return `${sign}${String(yuan).replace(/\B(?=(\d{3})+(?!\d))/g, ',')}.${cents}`
}

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
