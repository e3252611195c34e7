import { describe, expect, it } from 'vitest'
import { textLength } from './length'

describe('textLength', () => {
  it('should count characters as a person counts them: an emoji is one, what shows nothing is none', () => {
    expect(textLength('长'.repeat(999) + '😀')).toBe(1000)
    expect(textLength('😀'.repeat(600))).toBe(600)
    expect(textLength('  低保\u200b明细 \n')).toBe(4)
    // Joined emoji keep their joiners, as the BFF keeps them (one code point each).
    expect(textLength('👨\u200d👩')).toBe(3)
    expect(textLength('')).toBe(0)
  })
})
