import { describe, expect, it } from 'vitest'
import { halfWidthDigits } from './digits'

describe('halfWidthDigits', () => {
  it('should turn full-width digits into ASCII and leave every other character as it is', () => {
    expect(halfWidthDigits('电话：１３８ １２３４ ５６７８，')).toBe('电话：138 1234 5678，')
    expect(halfWidthDigits('０１２３４５６７８９')).toBe('0123456789')
    expect(halfWidthDigits('云溪镇（三组）ＡＢ')).toBe('云溪镇（三组）ＡＢ')
  })
})
