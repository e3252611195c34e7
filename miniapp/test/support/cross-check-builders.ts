import type { CrossCheckFindingDto, CrossCheckKindDto, CrossCheckListDto } from '@cunwu/domain'

/** A finding of the township's 云溪村 (an amount above the standard) unless overridden. */
export function buildFinding(over: Partial<CrossCheckFindingDto> = {}): CrossCheckFindingDto {
  return {
    id: '0123456789abcdef01234567',
    kind: 'above_standard',
    kindLabel: '超标准发放',
    catalogItemId: 'social-assistance.dibao.approval',
    period: '2027-01',
    villages: [{ code: '360999100200', name: '云溪村委会' }],
    elsewhere: false,
    rows: [
      {
        villageCode: '360999100200',
        villageName: '云溪村委会',
        catalogItemId: 'social-assistance.dibao.approval',
        disclosureId: '0123456789abcdef01234568',
        rowIndex: 50,
        cells: { name: '孙秋', household_size: 2, amount: 150000 },
      },
    ],
    explanation: '云溪村委会孙秋户2人，2027-01保障金额1,500.00元，超过低保标准680.00元×2人=1,360.00元。',
    status: 'open',
    confirmation: null,
    resolution: null,
    closedReason: null,
    firstSeenAt: '2027-01-05T00:00:00.000Z',
    lastSeenAt: '2027-01-05T00:00:00.000Z',
    revision: 3,
    canResolve: true,
    ...over,
  }
}

/** A whole list answer (one page) of these findings, with how many of each kind the server counted. */
export function listAnswer(
  findings: CrossCheckFindingDto[],
  kinds: Partial<Record<CrossCheckKindDto, number>> = {},
): { status: number; body: CrossCheckListDto } {
  return {
    status: 200,
    body: {
      findings,
      page: { offset: 0, limit: 50, total: findings.length, nextOffset: null },
      kinds: {
        duplicate_person: 0,
        above_standard: 0,
        listed_after_exit: 0,
        shared_account: 0,
        duplicate_in_village: 0,
        ...kinds,
      },
    },
  }
}
