import { describe, expect, it } from 'vitest'
import { neutraliseFormula } from './open-data.presenter'

describe('neutraliseFormula', () => {
  it('should prefix a quote to text starting with = + - @ tab CR or LF', () => {
    for (const s of ['=1+1', '+cmd', '-2+3', '@SUM(A1)', '\t=1', '\r=1', '\n=1'])
      expect(neutraliseFormula(s)).toBe(`'${s}`)
  })
  it('should leave other text, numbers (negative too) and empty cells alone', () => {
    for (const v of ['张三', '第1组', 'a=b', '', null, -5, 0, 12.5]) expect(neutraliseFormula(v)).toBe(v)
  })
})
