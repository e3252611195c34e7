import nzh from 'nzh/cn'

/**
 * Spoken Chinese for numbers, amounts and dates (`docs/speech.md`): what a text-to-speech engine is given instead of
 * digits, which Mandarin voices read digit by digit or in English. Numerals come from nzh (BSD-2-Clause); the
 * spoken-language rules on top of it (两 before 千/万/亿, 元角分, dates) are ours.
 */

const DIGITS = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'] as const

/** Reads each digit on its own (years, long codes): 2026 → 二零二六. */
export function readDigits(digits: string): string {
  return Array.from(digits, (c) => (c >= '0' && c <= '9' ? DIGITS[Number(c)] : c)).join('')
}

/** A masked run: stars mixed with digits or letters of a number, whatever the masking looks like. */
const MASKED = '[0-9A-Za-z]*\\*[0-9A-Za-z*]*'
/** Masked house, building or room numbers of an address with their measure words (3组**号, *栋*单元***室). */
const MASKED_ADDRESS = new RegExp(`(?:${MASKED}(?:号|室|栋|幢|单元|楼|层))+`, 'g')
const MASKED_RUN = new RegExp(MASKED, 'g')

/**
 * Drops masked numbers (not even their visible digits are read) and says in their place that they are not public, so
 * no broken phrase is left (电话，家住云溪村三组号): an address's masked numbers with their 号, 室… become 门牌号不公开;
 * after a label ending in 号 (身份证号, 卡号, 账号) 不公开; any other (电话139****5678) 号码不公开.
 */
export function withoutMaskedNumbers(text: string): string {
  return text
    .replace(MASKED_ADDRESS, '门牌号不公开')
    .replace(MASKED_RUN, (_m: string, at: number, whole: string) =>
      /号码?[：:\s]*$/.test(whole.slice(0, at)) ? '不公开' : '号码不公开',
    )
}

/**
 * Spoken form of a number: 1350 → 一千三百五十, 22000 → 两万两千, 3.5 → 三点五, -5 → 负五. In speech 2 is 两 in front
 * of 千, and in front of 万 or 亿 when it starts the number (两万, 一亿两千万; but 十二万, 一百零二万). After 零, ten is
 * 一十 (一亿零一十).
 */
export function readNumber(value: number): string {
  if (!Number.isFinite(value)) return ''
  if (Math.abs(value) >= 1e15) return readDigits(String(Math.round(value)))
  // nzh reads the decimal string; toFixed-free String() keeps 3.5 as 3.5 and 0.1 + 0.2 artefacts are rounded away.
  const text = nzh.encodeS(Number(value.toPrecision(15)))
  // nzh drops the 一 of 一十 after 零 in some places (一亿零十); said and written it is 一亿零一十.
  return text
    .replace(/零十/g, '零一十')
    .replace(/二千/g, '两千')
    .replace(/^(负?)二(万|亿)/, '$1两$2')
}

/** A count with its measure word: 2 人 → 两人, 3 户 → 三户, 12 条 → 十二条. */
export function readCount(count: number, unit = ''): string {
  return `${count === 2 ? '两' : readNumber(count)}${unit}`
}

/**
 * An amount in fen read as 元角分: 135000 → 一千三百五十元, 135050 → 一千三百五十元五角, 100505 → 一千零五元零五分,
 * 50 → 五角, 0 → 零元, -2000 → 负二十元.
 */
export function readYuanFromFen(fen: number): string {
  if (!Number.isFinite(fen)) return ''
  const rounded = Math.round(fen)
  if (rounded < 0) return `负${readYuanFromFen(-rounded)}`
  const yuan = Math.floor(rounded / 100)
  const jiao = Math.floor(rounded / 10) % 10
  const cents = rounded % 10
  const parts: string[] = []
  if (yuan > 0 || (jiao === 0 && cents === 0)) parts.push(`${readNumber(yuan)}元`)
  if (jiao > 0) parts.push(`${DIGITS[jiao]}角`)
  else if (cents > 0 && yuan > 0) parts.push('零')
  if (cents > 0) parts.push(`${DIGITS[cents]}分`)
  return parts.join('')
}

/** An amount in 元 (free text, figures): 1350.5 → 一千三百五十元五角. */
export function readYuan(yuan: number): string {
  return readYuanFromFen(Math.round(yuan * 100))
}

/**
 * A calendar date (YYYY-MM-DD): 2026-12-11 → 十二月十一日, with the year (二零二五年十二月十一日) when it is not the
 * year of `today` (YYYY-MM-DD).
 */
export function readDate(date: string, today: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date)
  if (!match) return date
  const [, year = '', month = '', day = ''] = match
  const monthDay = `${readNumber(Number(month))}月${readNumber(Number(day))}日`
  return year === today.slice(0, 4) ? monthDay : `${readDigits(year)}年${monthDay}`
}

/** A period key: 2026-07 → 二零二六年七月, 2026-Q3 → 二零二六年第三季度, 2026-H1 → 二零二六年上半年, 2026 → 二零二六年. */
export function readPeriod(period: string): string {
  const match = /^(\d{4})(?:-(\d{2})|-Q([1-4])|-H([12]))?$/.exec(period)
  if (!match) return readNumbersInText(period)
  const [, year = '', month, quarter, half] = match
  const y = `${readDigits(year)}年`
  if (month) return `${y}${readNumber(Number(month))}月`
  if (quarter) return `${y}第${readNumber(Number(quarter))}季度`
  if (half) return `${y}${half === '1' ? '上' : '下'}半年`
  return y
}

/** Longer digit runs are codes (document numbers, accounts), read digit by digit rather than as a quantity. */
const LONGEST_QUANTITY_DIGITS = 12

/**
 * Free text made speakable: numbers read in Chinese (1,350.00元 → 一千三百五十元, 2026年 → 二零二六年, 2026-12-11 → a
 * date, 35% → 百分之三十五), and masked numbers (any run of digits with `*`, e.g. 110***********002X) dropped, so a
 * masked value is never read out even in part.
 */
export function readNumbersInText(text: string, today = ''): string {
  return (
    withoutMaskedNumbers(text)
      .replace(/(\d{4})-(\d{2})-(\d{2})/g, (m: string) => readDate(m, today))
      // Period keys as the app writes them: 2026-Q1, 2026-H2, 2026-07.
      .replace(/\d{4}-(?:Q[1-4]|H[12]|(?:0[1-9]|1[0-2])(?![\d-]))/g, (m: string) => readPeriod(m))
      .replace(/(\d{4})\s*年/g, (_m: string, y: string) => `${readDigits(y)}年`)
      .replace(
        /(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)(?:\s*(%|％|元))?/g,
        (m: string, raw: string, unit: string | undefined) => {
          const plain = raw.replace(/,/g, '')
          if (/^\d+$/.test(plain) && plain.length > LONGEST_QUANTITY_DIGITS)
            return readDigits(plain) + (unit ?? '')
          const value = Number(plain)
          if (!Number.isFinite(value)) return m
          if (unit === '元') return readYuan(value)
          if (unit) return `百分之${readNumber(value)}`
          return readNumber(value)
        },
      )
  )
}
