import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { readableDigits, textWithNumbers, typedNumber } from './arbitraries'
import { findSensitiveNumbers, redactSensitiveNumbers } from './scan'

describe('redactSensitiveNumbers (the one scrubber of public text)', () => {
  it('should mask full-width digits, 4-4-4-4-2 IDs, full-width cards and old 15-digit IDs', () => {
    expect(redactSensitiveNumbers('电话１３９０４３１１０００')).toBe('电话139****1000')
    expect(redactSensitiveNumbers('身份证 2205 8119 6009 1814 47 请核对')).toBe(
      '身份证 220***********1447 请核对',
    )
    expect(redactSensitiveNumbers('卡号６２２２－０２１２－３４５６－７８９４')).toBe('卡号************7894')
    expect(redactSensitiveNumbers('老证号 220581600918144')).toBe('老证号 220********8144')
    expect(redactSensitiveNumbers('联系＋８６ １３９\u3000０４３１\u200B１０００')).toBe('联系＋139****1000')
  })

  it('should leave amounts, dates, counts and ids that are not personal numbers alone', () => {
    const text = '2026-07-01 发放 58000 元，共 30 户；编号 65a1b2c3d4e5f6a7b8c9d0e1，ab13812345678'
    expect(redactSensitiveNumbers(text)).toBe(text)
  })

  it('should not let a letter next to one group hide a number in the groups beside it', () => {
    expect(redactSensitiveNumbers('ab12 13812345678')).toBe('ab12 138****5678')
    expect(redactSensitiveNumbers('13812345678 12ab')).toBe('138****5678 12ab')
    expect(redactSensitiveNumbers('13812345678 X5')).toBe('138****5678 X5')
  })

  it('should find every generated number however it is typed', () => {
    fc.assert(
      fc.property(typedNumber, (n) => {
        const found = findSensitiveNumbers(`公示：${n.typed}。`)
        expect(found).toHaveLength(1)
        const digits = n.kind === 'old_id_number' ? found[0]?.digits : found[0]?.digits.toUpperCase()
        expect(digits).toBe(n.digits)
      }),
      { numRuns: 500 },
    )
  })

  it('should leave no generated number readable in scrubbed Chinese text', () => {
    fc.assert(
      fc.property(textWithNumbers, ({ text, numbers }) => {
        const scrubbed = redactSensitiveNumbers(text)
        expect(findSensitiveNumbers(scrubbed)).toEqual([])
        const readable = readableDigits(scrubbed)
        for (const n of numbers) expect(readable).not.toContain(n.digits)
      }),
      { numRuns: 500 },
    )
  })
})
