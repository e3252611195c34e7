/** The digits of Chinese numerals (〇 and 零, 两 as 二). */
export const CHINESE_DIGIT_VALUES: Readonly<Record<string, number>> = {
  零: 0,
  〇: 0,
  一: 1,
  二: 2,
  两: 2,
  三: 3,
  四: 4,
  五: 5,
  六: 6,
  七: 7,
  八: 8,
  九: 9,
}

/**
 * The value of a Chinese numeral up to 百 (八, 十二, 二十三, 一百零五); NaN when it does not read as one (two digits in a
 * row, as in 七八, are a spoken range, not a number).
 */
export function chineseNumeralValue(text: string): number {
  if (text === '') return Number.NaN
  let total = 0
  let digit: number | null = null
  for (const ch of text) {
    const small = CHINESE_DIGIT_VALUES[ch]
    if (small !== undefined) {
      if (digit !== null && digit !== 0 && small !== 0) return Number.NaN
      digit = small
    } else if (ch === '十' || ch === '百') {
      const unit = ch === '十' ? 10 : 100
      total += (digit ?? 1) * unit
      digit = null
    } else {
      return Number.NaN
    }
  }
  return total + (digit ?? 0)
}
