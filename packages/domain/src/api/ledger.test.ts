import { describe, expect, it } from 'vitest'
import { LedgerEntryCreateSchema, LedgerImportSchema } from './ledger'

const entry = (date: string) => ({
  section: 'expense',
  date,
  amountFen: 1200,
  summary: '购买垃圾桶',
  category: '公益',
})

/** A ledger date is read as every typed date in the product (`TypedDateSchema`, text/dates.ts). */
describe('a ledger entry’s date', () => {
  it('should read the forms people type and store YYYY-MM-DD', () => {
    for (const typed of [
      '2026-12-07',
      '2026-12-7',
      '２０２６-１２-０７',
      '2026年12月7日',
      '2026/12/7',
      ' 2026.12.07 ',
    ]) {
      const parsed = LedgerEntryCreateSchema.safeParse(entry(typed))
      expect([typed, parsed.success && parsed.data.date]).toEqual([typed, '2026-12-07'])
    }
  })

  it('should read each row of an import the same way', () => {
    const parsed = LedgerImportSchema.parse({
      batchId: 'batch-001',
      entries: [entry('2026年3月5日'), entry('2026/3/6')],
    })
    expect(parsed.entries.map((e) => e.date)).toEqual(['2026-03-05', '2026-03-06'])
  })

  it('should say a day does not exist, or how to write a date, as the other typed dates do', () => {
    const message = (date: string) => {
      const parsed = LedgerEntryCreateSchema.safeParse(entry(date))
      return parsed.success ? null : parsed.error.issues.map((i) => i.message)
    }
    expect(message('2026-02-30')).toEqual(['日期不存在（2026-02-30），请核对'])
    expect(message('2026年2月30日')).toEqual(['日期不存在（2026年2月30日），请核对'])
    expect(message('下个月')).toEqual(['日期请写成 2026-11-10 或 2026年11月10日 这样'])
    expect(message('12/7/2026')).toEqual(['日期请写成 2026-11-10 或 2026年11月10日 这样'])
    expect(message('1999年12月31日')).toEqual(['记账日期不能早于 2000 年，请核对'])
  })
})
