import { describe, expect, it } from 'vitest'
import { tokenize } from './tokenize'
import { synonymTokens } from './synonyms'

describe('tokenize', () => {
  it('should cut in search mode so a long compound also yields its short words', () => {
    const tokens = tokenize('农村危房改造')
    expect(tokens).toEqual(expect.arrayContaining(['农村', '危房', '改造', '危房改造']))
  })

  it('should drop punctuation, spaces and stop words', () => {
    const tokens = tokenize('关于2026年7月的财务收支、资产（明细）！')
    expect(tokens).not.toContain('的')
    expect(tokens).not.toContain('关于')
    expect(tokens).not.toContain('年')
    expect(tokens.some((t) => /^[\p{P}\s]+$/u.test(t))).toBe(false)
    expect(tokens).toEqual(expect.arrayContaining(['2026', '7', '财务', '收支', '资产', '明细']))
  })

  it('should keep Latin and number runs, lowercased, and fold full-width forms', () => {
    expect(tokenize('GDP增长3.5% ＡＢＣ１２３')).toEqual(expect.arrayContaining(['gdp', '3.5', 'abc123']))
  })

  it('should add the canonical token for each synonym mention', () => {
    expect(tokenize('最低生活保障对象')).toContain('低保')
    expect(tokenize('五保户名单')).toContain('特困')
    expect(tokenize('高龄津贴发放')).toContain('高龄补贴')
    expect(tokenize('低保').filter((t) => t === '低保')).toHaveLength(1)
  })

  it('should return nothing for blank or punctuation-only text', () => {
    expect(tokenize('')).toEqual([])
    expect(tokenize('，。！')).toEqual([])
  })
})

describe('synonymTokens', () => {
  it('should add one canonical token per mention the segmenter did not already produce', () => {
    expect(synonymTokens('最低生活保障 低保户 低保', ['低保', '低保'])).toEqual(['低保'])
    expect(synonymTokens('最低生活保障', [])).toEqual(['低保'])
    expect(synonymTokens('村务公开', [])).toEqual([])
  })
})
