import { describe, expect, it } from 'vitest'
import { attachmentHeader, neutraliseFormula } from './open-data.presenter'

describe('neutraliseFormula', () => {
  it('should prefix a quote to text starting with = + - @ tab CR or LF', () => {
    for (const s of ['=1+1', '+cmd', '-2+3', '@SUM(A1)', '\t=1', '\r=1', '\n=1'])
      expect(neutraliseFormula(s)).toBe(`'${s}`)
  })
  it('should leave other text, numbers (negative too) and empty cells alone', () => {
    for (const v of ['张三', '第1组', 'a=b', '', null, -5, 0, 12.5]) expect(neutraliseFormula(v)).toBe(v)
  })
})

describe('attachmentHeader', () => {
  it('should give a name Windows can save, encoded to RFC 8187 attr-char', () => {
    const header = attachmentHeader('王五138****5678的名单 (1)/2026?.csv', 'table.csv')
    const encoded = /filename\*=UTF-8''(.+)$/.exec(header)?.[1] ?? ''
    expect(encoded).toMatch(/^[A-Za-z0-9!#$&+.^_`|~%-]+$/)
    expect(encoded).not.toMatch(/[*'()]/)
    expect(decodeURIComponent(encoded)).toBe('王五138＊＊＊＊5678的名单 (1)／2026？.csv')
    expect(header.startsWith('attachment; filename="table.csv"; ')).toBe(true)
  })
})
