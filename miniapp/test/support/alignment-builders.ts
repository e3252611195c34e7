// Alignment answers shaped like the BFF's, for the staff and villager page tests.
import type { AlignmentDto, ComplianceCounts, ComplianceDto } from '@cunwu/domain'

/** An alignment of 云溪村's subsidy roster against the county's, with one household's amount wrong. */
export function buildAlignment(overrides: Partial<AlignmentDto> = {}): AlignmentDto {
  return {
    id: '65f0000000000000000000a1',
    villageCode: '360999100200',
    villageName: '云溪村委会',
    catalogItemId: 'agricultural-subsidies.cultivated-land-protection',
    catalogItemName: '耕地地力保护补贴',
    period: '2026',
    status: 'inconsistent',
    label: '存在 1 处差异，乡镇核查中',
    disclosure: { id: '65f0000000000000000000d1', version: 2 },
    government: {
      id: '65f0000000000000000000c1',
      version: 1,
      regionCode: '360999000000',
      regionName: '云溪县',
      level: 'county',
      title: '2026年耕地地力保护补贴发放名册',
      url: '/api/v1/government-items/65f0000000000000000000c1?village=360999100200',
    },
    fingerprint: 'fp-1',
    revision: 3,
    summary: { villageRows: 3, governmentRows: 3, matched: 3, discrepancies: 1 },
    discrepancies: [
      {
        kind: 'amount_differs',
        column: 'amount',
        label: '补贴金额',
        figure: null,
        village: [{ index: 0, name: '王建国', householdNo: '001' }],
        government: [{ index: 0, name: '王建国', householdNo: '001' }],
        villageValue: 51000,
        governmentValue: 50000,
        difference: 1000,
        explanation:
          '王建国（户号001）：村里公示的补贴金额为 510.00 元，县里名单为 500.00 元，相差 10.00 元。',
      },
    ],
    hiddenDiscrepancies: 0,
    verification: null,
    correction: null,
    computedAt: '2026-11-20T08:00:00.000Z',
    ...overrides,
  }
}

const zero: ComplianceCounts = {
  villages: 1,
  expected: 0,
  published: 0,
  onTime: 0,
  late: 0,
  overdue: 0,
  aligned: 0,
  consistent: 0,
  inconsistent: 0,
  villageMissing: 0,
  governmentMissing: 0,
  verified: 0,
  discrepancies: 0,
}

/** Counts with some fields set. */
export function buildCounts(overrides: Partial<ComplianceCounts> = {}): ComplianceCounts {
  return { ...zero, ...overrides }
}

/** A township dashboard with one red and one amber village. */
export function buildTownshipCompliance(): ComplianceDto {
  return {
    regionCode: '360999100000',
    regionName: '云溪镇',
    level: 'township',
    period: '2026',
    asOf: '2026-11-20T08:00:00.000Z',
    counts: buildCounts({ villages: 2, inconsistent: 1, villageMissing: 1, discrepancies: 1 }),
    health: 'red',
    children: [
      {
        code: '360999100200',
        name: '云溪村委会',
        level: 'village',
        counts: buildCounts({ inconsistent: 1, discrepancies: 1 }),
        health: 'red',
      },
      {
        code: '360999100201',
        name: '云溪社区居委会',
        level: 'village',
        counts: buildCounts({ villageMissing: 1 }),
        health: 'amber',
      },
    ],
    rows: [],
  }
}
