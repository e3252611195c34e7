import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import type { ConsultationQuestion, ConsultationResponse } from './schemas'
import { ConsultationAnswerSchema, ConsultationCreateSchema, ConsultationTallyDtoSchema } from './schemas'
import {
  checkResponses,
  chooseEntitlement,
  eligibleCount,
  entitlementsOf,
  percentOf,
  tallyResponses,
  voterKeyOf,
} from './rules'

const heads: Record<string, string> = { '001': '王建国', '002': '李秀英' }
const headOf = (hh: string) => heads[hh]

const questions: ConsultationQuestion[] = [
  { kind: 'single', text: '是否同意硬化村道？', options: ['同意', '不同意', '弃权'] },
  { kind: 'multiple', text: '优先修哪几段？', options: ['东段', '西段', '南段'] },
  { kind: 'text', text: '其他意见' },
]

describe('entitlementsOf', () => {
  it('should let a member answer for themselves and for the people they hold proxy rights for', () => {
    const list = entitlementsOf('person', {
      member: { householdNo: '001', name: '张桂兰' },
      proxies: [{ householdNo: '002', forName: '李秀英' }],
      headOf,
    })
    expect(list).toEqual([
      { householdNo: '001', name: '张桂兰', as: 'self' },
      { householdNo: '002', name: '李秀英', as: 'proxy' },
    ])
  })

  it('should let only the head (or a proxy for the head) answer for a household', () => {
    const notHead = entitlementsOf('household', {
      member: { householdNo: '001', name: '张桂兰' },
      proxies: [{ householdNo: '002', forName: '周某' }],
      headOf,
    })
    expect(notHead).toEqual([])
    const head = entitlementsOf('household', {
      member: { householdNo: '001', name: '王建国' },
      proxies: [{ householdNo: '002', forName: '李秀英' }],
      headOf,
    })
    expect(head.map((e) => e.as)).toEqual(['household', 'proxy'])
  })

  it('should count a person once when someone holds proxy rights for themselves', () => {
    const list = entitlementsOf('person', {
      member: { householdNo: '001', name: '王建国' },
      proxies: [{ householdNo: '001', forName: '王建国' }],
      headOf,
    })
    expect(list).toEqual([{ householdNo: '001', name: '王建国', as: 'self' }])
  })
})

describe('chooseEntitlement', () => {
  const list = entitlementsOf('person', {
    member: { householdNo: '001', name: '张桂兰' },
    proxies: [{ householdNo: '002', forName: '李秀英' }],
    headOf,
  })

  it('should answer for oneself by default and for a proxied person when named', () => {
    expect(chooseEntitlement('person', list, undefined)).toMatchObject({ name: '张桂兰', as: 'self' })
    expect(chooseEntitlement('person', list, { householdNo: '002', name: '李秀英' })).toMatchObject({
      as: 'proxy',
    })
  })

  it('should refuse another household without proxy rights, and someone with no rights at all', () => {
    expect(chooseEntitlement('person', list, { householdNo: '003', name: '赵某' })).toBe('no_proxy_rights')
    expect(chooseEntitlement('person', [], undefined)).toBe('not_eligible')
    // A proxy holder who is not a member themselves has nothing to answer "for oneself".
    const proxyOnly = entitlementsOf('person', {
      member: null,
      proxies: [{ householdNo: '002', forName: '李秀英' }],
      headOf,
    })
    expect(chooseEntitlement('person', proxyOnly, undefined)).toBe('not_eligible')
  })

  it('should take any member named for a household consultation as that household', () => {
    const hh = entitlementsOf('household', {
      member: { householdNo: '001', name: '王建国' },
      proxies: [],
      headOf,
    })
    expect(chooseEntitlement('household', hh, { householdNo: '001', name: '张桂兰' })).toMatchObject({
      householdNo: '001',
      name: '王建国',
    })
  })
})

describe('voterKeyOf', () => {
  it('should give a proxy answer and the person’s own answer the same key', () => {
    expect(voterKeyOf('person', { householdNo: '002', name: '李秀英' })).toBe('person:002:李秀英')
    expect(voterKeyOf('household', { householdNo: '002', name: '李秀英' })).toBe(
      voterKeyOf('household', { householdNo: '002', name: '周某' }),
    )
  })
})

describe('checkResponses', () => {
  it('should accept a complete answer and refuse missing, unknown, repeated or extra choices', () => {
    const ok: ConsultationResponse[] = [{ options: [0] }, { options: [0, 2] }, { text: '' }]
    expect(checkResponses(questions, ok)).toBeNull()
    expect(checkResponses(questions, ok.slice(0, 2))).toHaveProperty('responses')
    expect(checkResponses(questions, [{ options: [0, 1] }, ok[1]!, ok[2]!])).toEqual({
      'responses.0': '这一题只能选一项',
    })
    expect(checkResponses(questions, [{ options: [3] }, ok[1]!, ok[2]!])).toEqual({
      'responses.0': '没有这个选项',
    })
    expect(checkResponses(questions, [ok[0]!, { options: [1, 1] }, ok[2]!])).toEqual({
      'responses.1': '选项重复',
    })
    expect(checkResponses(questions, [{ text: '同意' }, ok[1]!, { options: [0] }])).toEqual({
      'responses.0': '这一题请选择',
      'responses.2': '这一题请填写文字',
    })
  })
})

describe('tallyResponses', () => {
  it('should count each option and give percentages of those who answered the question', () => {
    const tally = tallyResponses(
      questions,
      [
        [{ options: [0] }, { options: [0, 1] }, { text: '尽快' }],
        [{ options: [0] }, { options: [1] }, { text: '' }],
        [{ options: [1] }, { options: [2] }, { text: '' }],
      ],
      8,
    )
    expect(tally.answered).toBe(3)
    expect(tally.participationPercent).toBe(37.5)
    expect(tally.questions[0]?.options).toEqual([
      { label: '同意', count: 2, percent: 66.7 },
      { label: '不同意', count: 1, percent: 33.3 },
      { label: '弃权', count: 0, percent: 0 },
    ])
    expect(tally.questions[1]?.options.map((o) => o.count)).toEqual([1, 2, 1])
    expect(tally.questions[2]).toEqual({ text: '其他意见', kind: 'text', answered: 1, options: [] })
  })

  it('should hold nothing but counts and shares: no names, keys or texts of answers (property)', () => {
    const answer = fc.tuple(
      fc.integer({ min: 0, max: 2 }),
      fc.uniqueArray(fc.integer({ min: 0, max: 2 }), { minLength: 1, maxLength: 3 }),
      fc.string({ maxLength: 20 }),
    )
    fc.assert(
      fc.property(fc.array(answer, { maxLength: 30 }), fc.integer({ min: 0, max: 50 }), (raw, extra) => {
        const answers = raw.map(([s, m, t]) => [{ options: [s] }, { options: m }, { text: `秘密${t}` }])
        const tally = tallyResponses(questions, answers, answers.length + extra)
        const parsed = ConsultationTallyDtoSchema.strict().parse(tally)
        // No open text and no per-answer record reaches the tally.
        expect(JSON.stringify(parsed)).not.toContain('秘密')
        for (const q of tally.questions) {
          const sum = q.options.reduce((a, o) => a + o.count, 0)
          if (q.kind === 'single') expect(sum).toBe(q.answered)
          if (q.kind !== 'text') expect(q.answered).toBe(answers.length)
        }
        expect(tally.participationPercent).toBeLessThanOrEqual(100)
      }),
    )
  })
})

describe('eligibleCount', () => {
  it('should count persons once across members and proxied people, and households from the roster', () => {
    const facts = {
      members: [
        { householdNo: '001', name: '王建国' },
        { householdNo: '001', name: '张桂兰' },
      ],
      proxied: [
        { householdNo: '001', name: '王建国' },
        { householdNo: '002', name: '李秀英' },
      ],
      rosterHouseholds: ['001', '002', '003'],
    }
    expect(eligibleCount('person', facts)).toBe(3)
    expect(eligibleCount('household', facts)).toBe(3)
    expect(percentOf(1, 0)).toBe(0)
  })
})

describe('schemas', () => {
  it('should refuse a choice question with one option or repeated options, and extra fields', () => {
    const base = {
      title: '村道硬化征求意见',
      draft: '拟硬化东西主路。',
      deadline: '2026-12-10T18:00:00+08:00',
      unit: 'household',
    }
    expect(
      ConsultationCreateSchema.safeParse({
        ...base,
        questions: [{ kind: 'single', text: '同意？', options: ['是'] }],
      }).success,
    ).toBe(false)
    expect(
      ConsultationCreateSchema.safeParse({
        ...base,
        questions: [{ kind: 'single', text: '同意？', options: ['是', '是'] }],
      }).success,
    ).toBe(false)
    const ok = ConsultationCreateSchema.parse({ ...base, questions })
    expect(ok.ballot).toBe('secret')
    expect(ConsultationAnswerSchema.safeParse({ responses: [{ options: [0] }], who: 'x' }).success).toBe(
      false,
    )
  })
})
