import { Types } from 'mongoose'
import { describe, expect, it } from 'vitest'
import type { AlignmentResult } from '@cunwu/alignment'
import { findSensitiveNumbers } from '@cunwu/domain'
import type { Alignment } from '../models/Alignment.model'
import { dibaoItem } from '../testing/factories'
import { presentAlignment } from './alignment.presenter'

/** A stored alignment whose one public discrepancy quotes figure values typed with personal numbers. */
function buildAlignment(): Alignment {
  const result = {
    discrepancies: [
      {
        kind: 'figure_differs',
        matchedBy: null,
        village: [],
        government: [],
        column: null,
        label: null,
        figure: '低保标准 请联系 139 0431 1000',
        villageValue: '按卡号 6222 0212 3456 7894 发放',
        governmentValue: '身份证 2205 8119 6009 1814 47',
        difference: null,
        explanation: '低保标准不一致',
      },
    ],
    summary: { villageRows: 0, governmentRows: 0, matched: 0, totals: [] },
  } as unknown as AlignmentResult
  return {
    _id: new Types.ObjectId(),
    key: 'k',
    villageCode: '360999100200',
    townshipCode: '360999100000',
    countyCode: '360999000000',
    catalogItemId: dibaoItem().id,
    period: '2026-10',
    status: 'inconsistent',
    disclosureId: null,
    disclosureVersion: null,
    governmentItemId: null,
    governmentVersion: null,
    governmentRegionCode: null,
    fingerprint: null,
    alignmentVersion: '1',
    result,
    discrepancyCount: 1,
    differences: null,
    publicView: {
      hiddenRows: 0,
      status: 'inconsistent',
      discrepancyCount: 1,
      differences: null,
      result: null,
    },
    verification: null,
    correction: null,
    revision: 1,
    computedAt: new Date('2026-10-01T00:00:00Z'),
  }
}

describe('presentAlignment', () => {
  it('should scrub the values, labels and figures of public discrepancies, and keep them whole for staff', () => {
    const a = buildAlignment()
    const pub = presentAlignment(a, dibaoItem(), { audience: 'public' })
    expect(findSensitiveNumbers(JSON.stringify(pub))).toEqual([])
    expect(pub.discrepancies[0]?.villageValue).toBe('按卡号 ************7894 发放')
    const staff = presentAlignment(a, dibaoItem(), { audience: 'staff' })
    expect(staff.discrepancies[0]?.governmentValue).toBe('身份证 2205 8119 6009 1814 47')
  })

  it('should withhold public counts and totals of an alignment stored before its public view', () => {
    const { publicView: _, ...stored } = buildAlignment()
    const pub = presentAlignment(stored, dibaoItem(), { audience: 'public' })
    expect(pub).toMatchObject({ status: 'inconsistent', label: '存在差异，乡镇核查中', summary: null })
    expect(pub.discrepancies).toEqual([])
    expect(presentAlignment(stored, dibaoItem(), { audience: 'staff' }).discrepancies).toHaveLength(1)
  })
})
