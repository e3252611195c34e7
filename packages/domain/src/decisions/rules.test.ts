import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { DELIBERATION_TABLE } from '../catalog/items/tables'
import {
  assessStep,
  consultationInformsMeeting,
  countProblemOf,
  decisionStatusOf,
  explainStep,
  nextStepOf,
  quorumOf,
  votesNeededOf,
} from './rules'
import { DECISION_STEP_LABELS, DECISION_STEPS, DecisionStepRecordSchema } from './schemas'
import type { DecisionMeeting } from './schemas'

const votes = (f: number, a = 0, ab = 0) => ({ for: f, against: a, abstain: ab })

describe('quorumOf', () => {
  it('should ask a 村民会议 counted by villagers for strictly more than half of those aged 18+ (art. 22)', () => {
    expect(quorumOf('villagers_adults', 100)).toBe(51)
    expect(quorumOf('villagers_adults', 101)).toBe(51)
    expect(quorumOf('villagers_adults', 1)).toBe(1)
  })

  it('should ask for two thirds of households or representatives, the bound included (art. 22, 26)', () => {
    expect(quorumOf('villagers_households', 90)).toBe(60)
    expect(quorumOf('villagers_households', 91)).toBe(61)
    expect(quorumOf('representatives', 30)).toBe(20)
    expect(quorumOf('representatives', 31)).toBe(21)
  })

  it('should set no quorum for the party and committee meetings', () => {
    expect(quorumOf('party_members', 40)).toBeNull()
    expect(quorumOf('two_committees', 7)).toBeNull()
    expect(quorumOf('branch_committee', 5)).toBeNull()
  })

  it('should hold the legal thresholds for every size', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1_000_000 }), (n) => {
        const half = quorumOf('villagers_adults', n) ?? 0
        expect(2 * half).toBeGreaterThan(n)
        expect(2 * (half - 1)).toBeLessThanOrEqual(n)
        for (const m of ['villagers_households', 'representatives'] as const) {
          const q = quorumOf(m, n) ?? 0
          expect(3 * q).toBeGreaterThanOrEqual(2 * n)
          expect(3 * (q - 1)).toBeLessThan(2 * n)
        }
      }),
    )
  })
})

describe('votesNeededOf', () => {
  it('should need strictly more than half of those present', () => {
    expect(votesNeededOf(10)).toBe(6)
    expect(votesNeededOf(11)).toBe(6)
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1_000_000 }), (p) => {
        const v = votesNeededOf(p)
        expect(2 * v).toBeGreaterThan(p)
        expect(2 * (v - 1)).toBeLessThanOrEqual(p)
      }),
    )
  })
})

describe('countProblemOf', () => {
  it('should refuse more attendees than the body and more votes than attendees', () => {
    expect(countProblemOf({ bodySize: 10, present: 11, votes: votes(0) })).toBe('attendance_exceeds_body')
    expect(countProblemOf({ bodySize: 10, present: 8, votes: votes(5, 3, 1) })).toBe(
      'votes_exceed_attendance',
    )
    expect(countProblemOf({ bodySize: 10, present: 8, votes: votes(5, 2, 1) })).toBeNull()
  })
})

describe('assessStep', () => {
  it('should pass a 村民代表会议 with two thirds present and a majority of them for', () => {
    expect(
      assessStep({ meeting: 'representatives', bodySize: 30, present: 20, votes: votes(11, 9) }),
    ).toEqual({
      outcome: 'passed',
      quorum: 20,
      votesNeeded: 11,
    })
  })

  it('should record no quorum one attendee short, whatever the votes', () => {
    expect(
      assessStep({ meeting: 'representatives', bodySize: 30, present: 19, votes: votes(19) }).outcome,
    ).toBe('no_quorum')
    expect(
      assessStep({ meeting: 'villagers_adults', bodySize: 100, present: 50, votes: votes(50) }).outcome,
    ).toBe('no_quorum')
  })

  it('should fail a motion with exactly half for (过半数 is more than half)', () => {
    expect(
      assessStep({ meeting: 'villagers_adults', bodySize: 100, present: 60, votes: votes(30, 30) }).outcome,
    ).toBe('failed')
  })

  it('should decide nothing at a meeting nobody attended', () => {
    expect(assessStep({ meeting: 'party_members', bodySize: 12, present: 0, votes: votes(0) }).outcome).toBe(
      'no_quorum',
    )
  })

  it('should pass exactly when quorum is met and votes for exceed half of those present', () => {
    const meetings: DecisionMeeting[] = [
      'villagers_adults',
      'villagers_households',
      'representatives',
      'party_members',
    ]
    fc.assert(
      fc.property(
        fc.constantFrom(...meetings),
        fc.integer({ min: 1, max: 5000 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (meeting, bodySize, pf, vf) => {
          const present = Math.floor(bodySize * pf)
          const forVotes = Math.floor(present * vf)
          const a = assessStep({ meeting, bodySize, present, votes: votes(forVotes) })
          const quorate = present > 0 && (a.quorum === null || present >= a.quorum)
          const expected = !quorate ? 'no_quorum' : 2 * forVotes > present ? 'passed' : 'failed'
          expect(a.outcome).toBe(expected)
        },
      ),
    )
  })
})

describe('nextStepOf and decisionStatusOf', () => {
  it('should take the four steps in order and end after the resolution', () => {
    expect(nextStepOf([])).toBe('proposal')
    expect(nextStepOf(['passed'])).toBe('discussion')
    expect(nextStepOf(['passed', 'passed', 'passed'])).toBe('resolution')
    expect(nextStepOf(['passed', 'passed', 'passed', 'passed'])).toBeNull()
    expect(decisionStatusOf(['passed', 'passed'])).toBe('deliberating')
    expect(decisionStatusOf(['passed', 'passed', 'passed', 'passed'])).toBe('passed')
  })

  it('should close the decision at a failed step or a meeting without quorum', () => {
    expect(nextStepOf(['passed', 'failed'])).toBeNull()
    expect(decisionStatusOf(['passed', 'failed'])).toBe('failed')
    expect(nextStepOf(['passed', 'passed', 'passed', 'no_quorum'])).toBeNull()
    expect(decisionStatusOf(['passed', 'passed', 'passed', 'no_quorum'])).toBe('no_quorum')
  })
})

describe('explainStep', () => {
  it('should say in plain Chinese who had to come and how many had to agree', () => {
    const lines = explainStep({
      meeting: 'representatives',
      bodySize: 30,
      present: 24,
      votes: votes(20, 3, 1),
    })
    expect(lines.join('')).toContain('至少 20 人')
    expect(lines.join('')).toContain('至少 13 票同意')
    expect(lines.at(-1)).toBe('结果：通过。')
    expect(lines.join('')).not.toMatch(/[A-Za-z_]/)
  })
})

describe('DecisionStepRecordSchema', () => {
  const base = {
    heldOn: '2026-11-03',
    bodySize: 30,
    present: 24,
    votes: votes(20),
    motion: '村道硬化筹资方案',
  }

  it('should require the meeting of a resolution and refuse a meeting the step is not held as', () => {
    expect(DecisionStepRecordSchema.safeParse({ ...base, step: 'resolution' }).success).toBe(false)
    expect(
      DecisionStepRecordSchema.safeParse({ ...base, step: 'resolution', meeting: 'representatives' }).success,
    ).toBe(true)
    expect(
      DecisionStepRecordSchema.safeParse({ ...base, step: 'review', meeting: 'representatives' }).success,
    ).toBe(false)
    expect(DecisionStepRecordSchema.safeParse({ ...base, step: 'proposal' }).success).toBe(true)
  })

  it('should refuse negative or fractional counts and unknown fields', () => {
    expect(DecisionStepRecordSchema.safeParse({ ...base, step: 'proposal', present: -1 }).success).toBe(false)
    expect(DecisionStepRecordSchema.safeParse({ ...base, step: 'proposal', present: 2.5 }).success).toBe(
      false,
    )
    expect(DecisionStepRecordSchema.safeParse({ ...base, step: 'proposal', extra: 1 }).success).toBe(false)
  })

  it('should name the steps as the catalog deliberation table does', () => {
    const column = DELIBERATION_TABLE.columns.find((c) => c.key === 'step')
    expect(DECISION_STEPS.map((s) => DECISION_STEP_LABELS[s])).toEqual(column?.enumValues)
  })
})

describe('consultationInformsMeeting', () => {
  it('should compare the date of the deadline in Beijing time with the date of the meeting', () => {
    // 23:30 on 12月10日 in Beijing, and 00:30 on 12月11日 (both on the 10th in UTC).
    expect(consultationInformsMeeting(new Date('2026-12-10T15:30:00Z'), '2026-12-10')).toBe(true)
    expect(consultationInformsMeeting('2026-12-10T16:30:00.000Z', '2026-12-10')).toBe(false)
    expect(consultationInformsMeeting('2026-12-10T16:30:00.000Z', '2026-12-11')).toBe(true)
    expect(consultationInformsMeeting('2026-12-10T15:30:00.000Z', '2026-12-09')).toBe(false)
  })
})
