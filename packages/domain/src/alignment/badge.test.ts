import { describe, expect, it } from 'vitest'
import { badgeOf, effectiveStatus, governmentSourceOf } from './badge'

const TOWNSHIP = '360999100000'
const COUNTY = '360999000000'
const base = {
  status: 'consistent' as const,
  verification: null,
  governmentRegionCode: TOWNSHIP,
  discrepancyCount: 0,
}

describe('alignment badge', () => {
  it('should name the county or the township as the government side', () => {
    expect(governmentSourceOf(COUNTY)).toBe('县')
    expect(governmentSourceOf(TOWNSHIP)).toBe('乡镇')
  })

  it('should be verified only while a verification is held, with its name and Shanghai date', () => {
    const at = new Date('2026-03-31T17:30:00Z') // 1 April in Shanghai
    const confirmed = { ...base, verification: { action: 'confirmed' as const, name: '王干事', at } }
    expect(effectiveStatus(base)).toBe('consistent')
    expect(effectiveStatus(confirmed)).toBe('verified')
    expect(badgeOf(confirmed)).toEqual({
      status: 'verified',
      label: '与乡镇公开一致 · 已核验（王干事，2026-04-01）',
    })
    expect(
      badgeOf({
        ...base,
        status: 'inconsistent',
        verification: { ...confirmed.verification, action: 'resolved' },
      }),
    ).toEqual({
      status: 'verified',
      label: '已由乡镇核查说明 · 已核验（王干事，2026-04-01）',
    })
    // Resolved by the county's office: the badge names the county, not the township.
    expect(
      badgeOf({
        ...base,
        status: 'inconsistent',
        governmentRegionCode: COUNTY,
        verification: { ...confirmed.verification, action: 'resolved', name: '吴静', level: 'county' },
      }).label,
    ).toBe('已由县核查说明 · 已核验（吴静，2026-04-01）')
  })

  it('should say what is missing or how many differences there are', () => {
    expect(badgeOf({ ...base, governmentRegionCode: COUNTY }).label).toBe('与县公开一致 · 待乡镇核验')
    expect(badgeOf({ ...base, status: 'inconsistent', discrepancyCount: 3 }).label).toBe(
      '存在 3 处差异，乡镇核查中',
    )
    expect(badgeOf({ ...base, status: 'government_missing', governmentRegionCode: null }).label).toBe(
      '乡镇/县尚未公开对应内容',
    )
    expect(badgeOf({ ...base, status: 'village_missing' }).label).toBe('本村尚未公开')
  })
})
