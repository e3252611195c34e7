// Amounts travel as integer fen (1 元 = 100 分); people read 元. One way of writing them wherever a villager reads
// one: the tables, the version list's totals, the alignment badge and its explanation.

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
