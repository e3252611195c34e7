import { describe, expect, it } from 'vitest'
import { OfficePhoneSchema, RegionContactUpdateSchema, normalizeOfficePhone } from './office-phone'

describe('normalizeOfficePhone', () => {
  it('should store mobiles as 11 digits and landlines as area code-local number', () => {
    expect(normalizeOfficePhone('13812345678')).toBe('13812345678')
    expect(normalizeOfficePhone('138 1234 5678')).toBe('13812345678')
    expect(normalizeOfficePhone('+86 138-1234-5678')).toBe('13812345678')
    expect(normalizeOfficePhone('0431-81234567')).toBe('0431-81234567')
    expect(normalizeOfficePhone('043181234567')).toBe('0431-81234567')
    expect(normalizeOfficePhone('(0795) 712 3456')).toBe('0795-7123456')
    expect(normalizeOfficePhone('010-62345678')).toBe('010-62345678')
    expect(normalizeOfficePhone('02087654321')).toBe('020-87654321')
  })

  it('should read full-width digits and separators pasted from documents', () => {
    expect(normalizeOfficePhone('０４３１－８１２３４５６７')).toBe('0431-81234567')
    expect(normalizeOfficePhone('（０７９５）７１２３４５６')).toBe('0795-7123456')
    expect(normalizeOfficePhone('１３８\u3000１２３４\u3000５６７８')).toBe('13812345678')
    expect(normalizeOfficePhone('0431—81234567')).toBe('0431-81234567')
  })

  it('should refuse what is not a phone number', () => {
    for (const bad of [
      '',
      '12345',
      '81234567', // no area code
      '0431-1234567', // a local number does not start with 1
      '0431-01234567',
      '010-6234567', // Beijing's local numbers have 8 digits
      '0431-812345678', // 9 digits
      '1281234567', // 10 digits
      '12812345678', // no mobile starts 12
      '138123456789',
      '0431-8123456a',
      '电话0431-81234567',
      '0431-81234567转123',
    ])
      expect([bad, normalizeOfficePhone(bad)]).toEqual([bad, null])
  })
})

describe('RegionContactUpdateSchema', () => {
  it('should give the stored form, accept null to clear, and refuse anything else', () => {
    expect(RegionContactUpdateSchema.parse({ officePhone: ' ０７９５-７１２３４５６ ' })).toEqual({
      officePhone: '0795-7123456',
    })
    expect(RegionContactUpdateSchema.parse({ officePhone: null })).toEqual({ officePhone: null })
    expect(RegionContactUpdateSchema.safeParse({}).success).toBe(false)
    expect(RegionContactUpdateSchema.safeParse({ officePhone: 12345678901 }).success).toBe(false)
    expect(RegionContactUpdateSchema.safeParse({ officePhone: '13812345678', name: 'x' }).success).toBe(false)
    const wrong = OfficePhoneSchema.safeParse('12345')
    expect(wrong.success).toBe(false)
    expect(wrong.error?.issues[0]?.message).toMatch(/区号/)
    expect(OfficePhoneSchema.safeParse('1'.repeat(41)).error?.issues[0]?.message).toBe('电话号码过长')
  })
})
