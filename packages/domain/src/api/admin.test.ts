import { describe, expect, it } from 'vitest'
import { AccountCodeSchema } from './admin'

describe('AccountCodeSchema', () => {
  it('should read through spaces, case, full-width forms and every dash a phone keyboard types', () => {
    for (const typed of [
      'KBK4-6H3A',
      'kbk4 6h3a',
      'ＫＢＫ４－６Ｈ３Ａ',
      'KBK4–6H3A', // en dash
      'KBK4—6H3A', // em dash
      'KBK4−6H3A', // minus sign
      'KBK4_6H3A',
    ])
      expect(AccountCodeSchema.parse(typed)).toBe('KBK46H3A')
  })

  it('should refuse letters the code never uses and a wrong length', () => {
    for (const typed of ['KBK4-6H3O', 'KBK4-6H3', 'KBK4-6H3A9', 'KBK4.6H3A'])
      expect(AccountCodeSchema.safeParse(typed).success).toBe(false)
  })
})
