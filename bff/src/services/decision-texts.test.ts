import { Types } from 'mongoose'
import { describe, expect, it } from 'vitest'
import type { Decision } from '../models/Decision.model'
import { resolutionText, resultsText } from './decision-texts'

describe('resolutionText', () => {
  it('should write each meeting day as villagers read dates (2026年12月7日), never 2026-12-07', () => {
    const by = new Types.ObjectId()
    const decision = {
      title: '修建村道',
      kind: 'other',
      description: '',
      steps: [
        {
          step: 'proposal',
          heldOn: '2026-12-07',
          meeting: 'branch_committee',
          bodySize: 5,
          present: 5,
          votes: { for: 5, against: 0, abstain: 0 },
          motion: '提议修建村道',
          note: '',
          consultationId: null,
          outcome: 'passed',
          recordedBy: by,
          recordedAt: new Date(),
        },
      ],
    } as unknown as Decision
    const text = resolutionText(decision)
    expect(text).toContain('村党组织提议（2026年12月7日，')
    expect(text).not.toMatch(/\d{4}-\d{2}-\d{2}/)
  })
})

describe('resultsText', () => {
  it('should write the money raised and spent as the app writes amounts (1,234,567.89 元)', () => {
    const text = resultsText({ title: '修建村道' }, '村道已修好', {
      raisedFen: 123_456_789,
      spentFen: 500_000,
    })
    expect(text).toContain(
      '按本事项收取的资金 1,234,567.89 元（已扣除退款），支出 5,000.00 元（以村账目为准）。',
    )
  })
})
