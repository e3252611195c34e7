import { describe, expect, it } from 'vitest'
import { formatYuan } from './money'

describe('formatYuan', () => {
  it('should write 元 with two decimals and thousands separators, as the tables do', () => {
    expect(formatYuan(451000)).toBe('4,510.00')
    expect(formatYuan(6250)).toBe('62.50')
    expect(formatYuan(29)).toBe('0.29')
    expect(formatYuan(123456789)).toBe('1,234,567.89')
    expect(formatYuan(-5050)).toBe('-50.50')
    expect(formatYuan(Number.NaN)).toBe('')
  })
})
