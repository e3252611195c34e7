import { describe, expect, it } from 'vitest'
import type { ComplianceCounts, ComplianceDto } from '@cunwu/domain'
import { byNeed, emptyCounts } from './compliance-counts'

type Child = ComplianceDto['children'][number]

function child(
  code: string,
  name: string,
  counts: Partial<ComplianceCounts>,
  crossChecks?: Child['crossChecks'],
): Child {
  return {
    code,
    name,
    level: 'village',
    counts: { ...emptyCounts(), ...counts },
    health: 'none',
    crossChecks,
  }
}

describe('byNeed (the order of the dashboard’s villages)', () => {
  it('puts overdue first, then discrepancies and cross-village findings, then missing items, then the name', () => {
    const children = [
      child('360999102001', '白石村委会', {}),
      child('360999102002', '洪坑村委会', { governmentMissing: 2 }),
      child('360999102003', '枫林村委会', { villageMissing: 1 }),
      child('360999102004', '安福村委会', {}, { above_standard: 1 }),
      child('360999102005', '上坊村委会', { inconsistent: 1 }, { shared_account: 1 }),
      child('360999102006', '大洞村委会', { overdue: 1, inconsistent: 3 }),
      child('360999102007', '石门村委会', { overdue: 65 }),
      child('360999102008', '阿里村委会', {}),
    ]
    expect([...children].sort(byNeed).map((c) => c.name)).toEqual([
      '石门村委会',
      '大洞村委会',
      '上坊村委会',
      '安福村委会',
      '枫林村委会',
      '洪坑村委会',
      // Nothing to do: by name in pinyin order (a before bai), not by code.
      '阿里村委会',
      '白石村委会',
    ])
  })
})
