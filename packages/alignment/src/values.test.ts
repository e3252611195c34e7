import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { formatYuan, parseAmountFen, parseBoolean, parseDecimal, parseShanghaiDay } from './values'

describe('parseAmountFen', () => {
  it('should take integer numbers as fen', () => {
    expect(parseAmountFen(123450)).toEqual({ ok: true, value: 123450 })
  })

  it('should take strings as 元 as printed', () => {
    for (const [text, fen] of [
      ['1,234.50', 123450],
      ['¥1234.5', 123450],
      ['￥1,234.50元', 123450],
      ['１，２３４．５０', 123450],
      ['1234', 123400],
      ['-50', -5000],
      ['1234.500', 123450],
      ['人民币 12.3 元', 1230],
    ] as const) {
      expect(parseAmountFen(text)).toEqual({ ok: true, value: fen })
    }
  })

  it('should refuse fractional fen and words', () => {
    expect(parseAmountFen(12.5)).toEqual({ ok: false, empty: false, raw: '12.5' })
    expect(parseAmountFen('12.345')).toMatchObject({ ok: false, empty: false })
    expect(parseAmountFen('一千元')).toMatchObject({ ok: false, empty: false })
    expect(parseAmountFen(' ')).toEqual({ ok: false, empty: true })
  })
})

describe('parseShanghaiDay', () => {
  it('should read the usual written forms', () => {
    for (const v of ['2026-03-01', '2026/3/1', '2026.3.1', '2026年3月1日', '20260301', '2026-03-01 23:59']) {
      expect(parseShanghaiDay(v)).toEqual({ ok: true, value: '2026-03-01' })
    }
  })

  it('should convert instants to the Shanghai calendar day', () => {
    expect(parseShanghaiDay('2026-02-28T16:00:00Z')).toEqual({ ok: true, value: '2026-03-01' })
    expect(parseShanghaiDay('2026-02-28T15:59:59Z')).toEqual({ ok: true, value: '2026-02-28' })
    expect(parseShanghaiDay(new Date('2026-02-28T16:30:00Z'))).toEqual({ ok: true, value: '2026-03-01' })
    expect(parseShanghaiDay('2026-03-01T07:00:00+08:00')).toEqual({ ok: true, value: '2026-03-01' })
  })

  it('should refuse impossible dates', () => {
    expect(parseShanghaiDay('2026-02-30')).toMatchObject({ ok: false, empty: false })
    expect(parseShanghaiDay('2026-2-30 08:00')).toMatchObject({ ok: false, empty: false })
    expect(parseShanghaiDay('0999-01-01')).toMatchObject({ ok: false, empty: false })
  })

  it('should read a day as typed dates are read, full-width and without leading zeros (tester r1, N4)', () => {
    for (const v of ['２０２６-０３-０１', '2026-3-1', '2026 年 3 月 1 日', '2026-3-1 8:05']) {
      expect(parseShanghaiDay(v)).toEqual({ ok: true, value: '2026-03-01' })
    }
  })
})

describe('parseDecimal', () => {
  it('should read decimals exactly and ignore the column unit', () => {
    expect(parseDecimal('3.50亩', '亩')).toEqual({ ok: true, value: { units: 35, scale: 1 } })
    expect(parseDecimal(0.1)).toEqual({ ok: true, value: { units: 1, scale: 1 } })
    expect(parseDecimal('3人', '人', true)).toEqual({ ok: true, value: { units: 3, scale: 0 } })
    expect(parseDecimal('3.5', undefined, true)).toMatchObject({ ok: false })
  })
})

describe('parseBoolean', () => {
  it('should read 是/否 and friends', () => {
    expect(parseBoolean('是')).toEqual({ ok: true, value: true })
    expect(parseBoolean('×')).toEqual({ ok: true, value: false })
    expect(parseBoolean('n')).toEqual({ ok: true, value: false })
  })
})

describe('formatYuan', () => {
  it('should group thousands and keep two decimals', () => {
    expect(formatYuan(123450)).toBe('1,234.50')
    expect(formatYuan(-5)).toBe('-0.05')
    expect(formatYuan(100000000)).toBe('1,000,000.00')
  })
})

describe('fast paths', () => {
  it('should read plain numbers exactly as the general parser does', () => {
    const plain = fc
      .tuple(fc.nat({ max: 999_999_999 }), fc.option(fc.stringMatching(/^\d{1,6}$/), { nil: undefined }))
      .map(([int, frac]) => (frac === undefined ? String(int) : `${int}.${frac}`))
    fc.assert(
      fc.property(plain, (text) => {
        // A leading space forces the normalising path.
        expect(parseDecimal(text)).toEqual(parseDecimal(` ${text}`))
        const fast = parseAmountFen(text)
        const slow = parseAmountFen(`${text}元`)
        expect(fast.ok).toBe(slow.ok)
        if (fast.ok && slow.ok) expect(fast.value).toBe(slow.value)
      }),
    )
  })
})
