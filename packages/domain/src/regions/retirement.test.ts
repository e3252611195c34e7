import { describe, expect, it } from 'vitest'
import { RegionRetirementSchema } from './retirement'

const retire = (retiredOn: string) => ({ retiredOn, mergedInto: null, reason: '县政府〔2026〕12号文件' })

/** A retirement's day is read as every typed date in the product (`TypedDateSchema`, text/dates.ts). */
describe('the day a retirement takes effect', () => {
  it('should read the forms people type and store YYYY-MM-DD', () => {
    for (const typed of [
      '2026-09-20',
      '2026-9-20',
      '２０２６-０９-２０',
      '2026年9月20日',
      '2026/9/20',
      '2026.9.20',
    ]) {
      const parsed = RegionRetirementSchema.safeParse(retire(typed))
      expect([typed, parsed.success && parsed.data.retiredOn]).toEqual([typed, '2026-09-20'])
    }
  })

  it('should say a day does not exist, or how to write a date, as the other typed dates do', () => {
    const message = (retiredOn: string) => {
      const parsed = RegionRetirementSchema.safeParse(retire(retiredOn))
      return parsed.success ? null : parsed.error.issues.map((i) => i.message)
    }
    expect(message('2026-02-29')).toEqual(['日期不存在（2026-02-29），请核对'])
    expect(message('２０２６年２月３０日')).toEqual(['日期不存在（２０２６年２月３０日），请核对'])
    expect(message('九月二十日')).toEqual(['日期请写成 2026-11-10 或 2026年11月10日 这样'])
    expect(message('')).toEqual(['日期请写成 2026-11-10 或 2026年11月10日 这样'])
    expect(message('2008年12月31日')).toEqual(['日期应在 2009 年到 2100 年之间'])
  })
})
