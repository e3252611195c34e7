import { fenToYuanInput, formatYuan, parseYuanToFen } from './money'

describe('money', () => {
  it('should parse 元 into exact fen without floating-point drift', () => {
    expect(parseYuanToFen('0.29')).toBe(29)
    expect(parseYuanToFen('1.1')).toBe(110)
    expect(parseYuanToFen('580')).toBe(58000)
    expect(parseYuanToFen('19.99')).toBe(1999)
    expect(parseYuanToFen('1,234.56')).toBe(123456)
    expect(parseYuanToFen(' ￥12.30元 ')).toBe(1230)
    expect(parseYuanToFen('4.35')).toBe(435)
  })

  it('should refuse text, a third decimal and empty input', () => {
    expect(parseYuanToFen('12.345')).toBeNull()
    expect(parseYuanToFen('abc')).toBeNull()
    expect(parseYuanToFen('')).toBeNull()
    expect(parseYuanToFen('1e3')).toBeNull()
  })

  it('should format fen as 元 with two decimals and round-trip through the input form', () => {
    expect(formatYuan(1783500)).toBe('17,835.00')
    expect(formatYuan(29)).toBe('0.29')
    expect(formatYuan(-5)).toBe('-0.05')
    for (const fen of [0, 1, 29, 110, 58000, 123456, 99999999]) {
      expect(parseYuanToFen(fenToYuanInput(fen))).toBe(fen)
    }
  })
})
