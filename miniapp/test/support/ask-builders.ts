// Questions and information requests shaped like the BFF's, for the ask pages' and components' tests.
import type { InfoRequestDto, QuestionDto } from '@cunwu/domain'

/** A thread as the BFF presents it (test data for the ask pages). */
export function buildQuestion(overrides: Partial<QuestionDto> = {}): QuestionDto {
  return {
    id: '65f0000000000000000000q1',
    disclosureId: '65f0000000000000000000d1',
    disclosureTitle: '低保对象名单',
    villageCode: '360999100200',
    kind: 'objection',
    text: '第2行 金额不对',
    rowRef: 2,
    figureName: null,
    status: 'open',
    dueDate: '2026-12-11',
    dueAt: '2026-12-11T15:59:59.999Z',
    provisional: false,
    overdue: false,
    escalated: false,
    reply: null,
    correctionDisclosureId: null,
    public: false,
    disclosureVersion: 1,
    createdAt: '2026-12-06T02:00:00.000Z',
    mine: false,
    photos: [],
    ...overrides,
  }
}

/** An information request as its office sees it. */
export function buildInfoRequest(overrides: Partial<InfoRequestDto> = {}): InfoRequestDto {
  return {
    id: '65f0000000000000000000r1',
    number: '云溪镇〔2026〕依申请第1号',
    regionCode: '360999100000',
    description: '2025年本镇低保资金发放明细',
    purpose: null,
    supplement: null,
    form: 'electronic',
    status: 'registered',
    statusLabel: '已登记，办理中',
    receivedDate: '2026-12-07',
    dueDate: '2027-01-05',
    provisional: false,
    overdue: false,
    repliedLate: false,
    paused: false,
    consulting: false,
    requester: {
      type: 'person',
      name: '王建国',
      idType: 'resident_id',
      idNumber: '360999199001011232',
      contact: '13800000000',
    },
    correctionNotice: null,
    correctionNoticeBy: '2026-12-16',
    correctionNoticeByProvisional: false,
    extension: null,
    consultations: [],
    reply: null,
    history: [{ step: 'registered', at: '2026-12-07T02:00:00.000Z' }],
    createdAt: '2026-12-07T02:00:00.000Z',
    ...overrides,
  }
}
