import type { DecisionDto } from '@cunwu/domain'

/** A matter of the demo village under deliberation (四议两公开), no step recorded yet, as its staff read it. */
export function buildDecision(overrides: Partial<DecisionDto> = {}): DecisionDto {
  return {
    id: 'a'.repeat(24),
    villageCode: '360999100200',
    title: '村道硬化',
    kind: 'other',
    kindLabel: '其他村务事项',
    description: '',
    status: 'deliberating',
    statusLabel: '议事中',
    steps: [],
    nextStep: 'proposal',
    resolutionDisclosure: null,
    resultsDisclosure: null,
    money: null,
    createdAt: '2026-11-01T00:00:00.000Z',
    ...overrides,
  }
}
