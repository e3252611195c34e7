import { describe, expect, it } from 'vitest'
import { cleanText } from './cell'
import { parseCsv } from './csv'

describe('cleanText', () => {
  it('removes every character that shows nothing, as the secretary sees the cell in Excel', () => {
    // Variation selector 17, tag space, soft hyphen, LRM, word joiner, BOM; then the spaces around.
    expect(cleanText('0\u{E0100}03')).toBe('003')
    expect(cleanText(' 王\u00AD建\u200E国\u2060 ')).toBe('王建国')
    expect(cleanText('\uFEFF138\u{E0020}1234\u{E0020}5678\u3000')).toBe('13812345678')
  })

  it('reads CSV cells through the same rule', () => {
    expect(parseCsv('户号,姓名\r\n0\u{E0100}03,王\u00AD建国\r\n')).toEqual([
      ['户号', '姓名'],
      ['003', '王建国'],
    ])
  })
})
