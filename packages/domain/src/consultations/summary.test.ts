import { describe, expect, it } from 'vitest'
import { consultationDeadlineText, consultationSummaryText } from './summary'
import { tallyResponses } from './rules'

describe('consultationSummaryText', () => {
  it('should state participation, counts and percentages, the chosen comments and the outcome', () => {
    const tally = tallyResponses(
      [{ kind: 'single', text: '是否同意硬化村道？', options: ['同意', '不同意'] }],
      [[{ options: [0] }], [{ options: [0] }], [{ options: [1] }]],
      4,
    )
    const text = consultationSummaryText({
      title: '村道硬化',
      unit: 'household',
      deadlineText: '12月10日 18:00',
      tally,
      comments: ['希望先修东段'],
      decided: '提交村民代表会议表决。',
    })
    expect(text).toContain('应参与 4 户，实际参与 3 户，参与率 75%')
    expect(text).toContain('同意：2 户，占 66.7%')
    expect(text).toContain('· 希望先修东段')
    expect(text).toContain('处理结果：提交村民代表会议表决。')
  })
  it('should write the deadline in China time', () => {
    expect(consultationDeadlineText(new Date('2026-12-10T10:00:00Z'))).toBe('12月10日 18:00')
    expect(consultationDeadlineText(new Date('2026-12-31T16:30:00Z'))).toBe('1月1日 00:30')
  })
})
