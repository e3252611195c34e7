import { describe, expect, it } from 'vitest'
import { normalizeForSearch } from './normalize'

describe('normalizeForSearch', () => {
  it('should fold full-width letters and digits and lowercase them', () => {
    expect(normalizeForSearch('ＧＤＰ２０２６年')).toBe('gdp2026年')
    expect(normalizeForSearch('Village FINANCE')).toBe('village finance')
  })

  it('should replace Chinese and ASCII punctuation and symbols with single spaces', () => {
    expect(normalizeForSearch('“低保”对象公示（2026年第三季度）！')).toBe('低保 对象公示 2026年第三季度')
    expect(normalizeForSearch('收入、支出；资产…债权+债务 ¥100')).toBe('收入 支出 资产 债权 债务 100')
    expect(normalizeForSearch('  a\t\nb  ')).toBe('a b')
  })

  it('should keep a decimal point between digits only', () => {
    expect(normalizeForSearch('补贴3.5万元.')).toBe('补贴3.5万元')
    expect(normalizeForSearch('covid-19 v.2')).toBe('covid 19 v 2')
  })

  it('should drop spaces, ASCII or full-width, between two Chinese characters only', () => {
    expect(normalizeForSearch('低 保')).toBe('低保')
    expect(normalizeForSearch('低\u3000保  对 象')).toBe('低保对象')
    expect(normalizeForSearch('2026年 低保 v2 名单')).toBe('2026年低保 v2 名单')
    expect(normalizeForSearch('低保，名单')).toBe('低保 名单')
    expect(normalizeForSearch('China Mobile')).toBe('china mobile')
  })

  it('should return an empty string for punctuation only', () => {
    expect(normalizeForSearch('，。！？')).toBe('')
  })
})
