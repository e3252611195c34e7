import type { ConsultationDto } from '@cunwu/domain'

/** An open consultation of the demo village with one yes/no question, as its members and staff read it. */
export function buildConsultation(overrides: Partial<ConsultationDto> = {}): ConsultationDto {
  return {
    id: 'c'.repeat(24),
    villageCode: '360999100200',
    title: '村道硬化征求意见',
    draft: '拟硬化村东主路。',
    attachments: [],
    questions: [{ kind: 'single', text: '是否同意？', options: ['同意', '不同意'] }],
    deadline: '2026-12-10T10:00:00.000Z',
    unit: 'person',
    ballot: 'secret',
    status: 'open',
    closed: false,
    openedBy: 'secretary',
    createdAt: '2026-12-01T10:00:00.000Z',
    tally: null,
    summaryDisclosureId: null,
    ...overrides,
  }
}
