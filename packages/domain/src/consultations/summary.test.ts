import { describe, expect, it } from 'vitest'
import { consultationDeadlineText, consultationSummaryText, consultationSummaryTitle } from './summary'
import { tallyResponses } from './rules'
import { ConsultationCreateSchema } from './schemas'
import { DisclosureCreateSchema } from '../api/disclosures'

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
  it('should print the chosen open answers under their question', () => {
    const tally = tallyResponses(
      [
        { kind: 'text', text: '哪几天收垃圾？' },
        { kind: 'single', text: '是否同意？', options: ['同意', '不同意'] },
      ],
      [
        [{ text: '周六早上' }, { options: [0] }],
        [{ text: '周一' }, { options: [1] }],
      ],
      2,
    )
    const text = consultationSummaryText({
      title: '收垃圾',
      unit: 'person',
      deadlineText: '12月10日 18:00',
      tally,
      comments: [],
      openAnswers: new Map([[0, ['周六早上']]]),
      decided: '每周六收。',
    })
    expect(text).toContain('1. 哪几天收垃圾？（2 人作答）\n   · 周六早上\n2. 是否同意？')
    expect(text).not.toContain('周一')
    expect(text).not.toContain('主要意见')
  })
  it('should write the deadline in China time', () => {
    expect(consultationDeadlineText(new Date('2026-12-10T10:00:00Z'))).toBe('12月10日 18:00')
    expect(consultationDeadlineText(new Date('2026-12-31T16:30:00Z'))).toBe('1月1日 00:30')
  })
})

describe('consultation title and its summary disclosure title', () => {
  const base = {
    draft: '拟硬化村东主路。',
    questions: [{ kind: 'text', text: '有什么建议？' }],
    deadline: '2026-12-10T18:00:00+08:00',
    unit: 'person',
  }
  it('should take only titles that 征求意见结果： and the title hold whole in a disclosure title', () => {
    const longest = '关于云溪村二〇二六年度村东主路硬化一事一议筹资方案'.padEnd(73, '的')
    expect(ConsultationCreateSchema.safeParse({ ...base, title: longest }).success).toBe(true)
    const summaryTitle = consultationSummaryTitle(longest)
    expect(summaryTitle).toBe(`征求意见结果：${longest}`)
    const parsed = DisclosureCreateSchema.safeParse({
      catalogItemId: 'x',
      period: '2026-Q4',
      title: summaryTitle,
    })
    expect(parsed.success && parsed.data.title).toBe(summaryTitle)
    const tooLong = ConsultationCreateSchema.safeParse({ ...base, title: `${longest}方案` })
    expect(tooLong.success).toBe(false)
    expect(tooLong.error?.issues[0]?.message).toBe('标题最多 73 个字')
  })
})
