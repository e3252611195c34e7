import { describe, expect, it } from 'vitest'
import { DisclosureCreateSchema } from '../api/disclosures'
import { DECISION_DISCLOSURE_TITLE_PREFIXES, DecisionCreateSchema } from './schemas'

describe('DecisionCreateSchema title', () => {
  it('should take only titles that both 两公开 disclosure titles hold whole', () => {
    const longest = '关于云溪村二〇二六年度集体土地承包经营费调整'.padEnd(73, '的')
    expect(DecisionCreateSchema.safeParse({ title: longest, kind: 'other' }).success).toBe(true)
    for (const prefix of Object.values(DECISION_DISCLOSURE_TITLE_PREFIXES)) {
      const title = `${prefix}${longest}`
      const parsed = DisclosureCreateSchema.safeParse({ catalogItemId: 'x', period: '2026-11', title })
      expect(parsed.success && parsed.data.title).toBe(title)
    }
    const tooLong = DecisionCreateSchema.safeParse({ title: `${longest}决定`, kind: 'other' })
    expect(tooLong.success).toBe(false)
    expect(tooLong.error?.issues[0]?.message).toBe('事项名称最多 73 个字')
  })
})
