import { Types } from 'mongoose'
import { describe, expect, it } from 'vitest'
import type { CrossCheckFinding } from '../models/CrossCheckFinding.model'
import type { FindingDetails } from '../models/cross-check-views'
import { presentCrossCheckFinding } from './cross-check.presenter'

// 东坊村 of 龙潭镇 and 杨洲村 of 白沙乡, one county: one person on both villages' 低保 lists (the tester's case).
const DONGFANG = '360999102200'
const YANGZHOU = '360999201200'
const NAMES = new Map([
  [DONGFANG, '东坊村委会'],
  [YANGZHOU, '杨洲村委会'],
])
const ITEM = 'social-assistance.dibao.approval'
const LIST_DF = new Types.ObjectId()
const LIST_YZ = new Types.ObjectId()
const TOWNSHIP_B_OFFICER = new Types.ObjectId()
const COUNTY_OFFICER = new Types.ObjectId()

function finding(): CrossCheckFinding {
  const at = new Date('2027-01-05T00:00:00.000Z')
  return {
    _id: new Types.ObjectId(),
    key: 'duplicate_person|k',
    countyCode: '360999000000',
    kind: 'duplicate_person',
    catalogItemId: ITEM,
    period: '2027-01',
    subject: 'h',
    villageCodes: [DONGFANG, YANGZHOU],
    townshipCodes: ['360999102000', '360999201000'],
    rows: [
      { disclosureId: LIST_DF, villageCode: DONGFANG, catalogItemId: ITEM, rowIndex: 3 },
      { disclosureId: LIST_YZ, villageCode: YANGZHOU, catalogItemId: ITEM, rowIndex: 7 },
    ],
    explanation: '身份证号尾号0017的周七在2027-01同时列在东坊村委会、杨洲村委会的低保对象名单上。',
    facts: {
      kind: 'same_id',
      tail: '0017',
      period: '2027-01',
      items: [ITEM],
      mentions: [
        { villageCode: DONGFANG, name: '周七', catalogItemId: ITEM },
        { villageCode: YANGZHOU, name: '周小七', catalogItemId: ITEM },
      ],
    },
    status: 'resolved',
    // 白沙乡's officer confirmed it for 杨洲村; the county explained it.
    confirmation: { userId: TOWNSHIP_B_OFFICER, name: '白沙乡 陈红', at, text: '杨洲村已停发' },
    resolution: { userId: COUNTY_OFFICER, name: '云溪县 吴静', at, text: '系迁户过渡期，已停发一处' },
    closedReason: null,
    closedAt: null,
    firstSeenAt: at,
    lastSeenAt: at,
    revision: 4,
  }
}

function detailsFor(prefixes: string[], stepUsers: Types.ObjectId[]): FindingDetails {
  const visible = (code: string) => prefixes.some((p) => code.startsWith(p))
  return {
    visible,
    rows: new Map([
      [LIST_DF.toHexString(), Array.from({ length: 4 }, () => ({ name: '周七', amount: 50000 }))],
      [LIST_YZ.toHexString(), Array.from({ length: 8 }, () => ({ name: '周小七', amount: 50000 }))],
    ]),
    names: new Map([...NAMES].filter(([code]) => visible(code))),
    stepShown: (id) => stepUsers.some((u) => u.toHexString() === id),
  }
}

describe('presentCrossCheckFinding', () => {
  it('should tell a township officer of another township only 外乡镇, in every field', () => {
    const dto = presentCrossCheckFinding(finding(), detailsFor(['360999102'], [COUNTY_OFFICER]))
    expect(dto.villages).toEqual([{ code: DONGFANG, name: '东坊村委会' }])
    expect(dto.elsewhere).toBe(true)
    expect(dto.rows.map((r) => [r.villageCode, r.villageName, r.disclosureId, r.rowIndex])).toEqual([
      [DONGFANG, '东坊村委会', LIST_DF.toHexString(), 3],
    ])
    expect(dto.explanation).toContain('外乡镇')
    expect(dto.explanation).not.toContain('周小七')
    // Another township's confirmation: when, but not who or what they wrote (it may name their villages).
    expect(dto.confirmation).toEqual({ name: '外乡镇工作人员', at: '2027-01-05T00:00:00.000Z', text: null })
    expect(dto.resolution).toEqual({
      name: '云溪县 吴静',
      at: '2027-01-05T00:00:00.000Z',
      text: '系迁户过渡期，已停发一处',
    })
    expect(dto.canResolve).toBe(false)
    const json = JSON.stringify(dto)
    for (const leak of [YANGZHOU, '杨洲', LIST_YZ.toHexString(), '周小七', '白沙乡', '360999201']) {
      expect(json, leak).not.toContain(leak)
    }
  })

  it('should show the county every village, row and step of it', () => {
    const dto = presentCrossCheckFinding(
      finding(),
      detailsFor(['360999'], [COUNTY_OFFICER, TOWNSHIP_B_OFFICER]),
    )
    expect(dto.villages).toEqual([
      { code: DONGFANG, name: '东坊村委会' },
      { code: YANGZHOU, name: '杨洲村委会' },
    ])
    expect(dto.elsewhere).toBe(false)
    expect(dto.rows.map((r) => [r.villageName, r.disclosureId, r.rowIndex, r.cells.name])).toEqual([
      ['东坊村委会', LIST_DF.toHexString(), 3, '周七'],
      ['杨洲村委会', LIST_YZ.toHexString(), 7, '周小七'],
    ])
    // Written from its facts, in the product's period wording, whatever text was stored (2027-01 there).
    expect(dto.explanation).toMatch(
      /^身份证号尾号0017的周七同时列在东坊村委会、杨洲村委会2027年1月的.+上（名单上的姓名不一致：周七、周小七）。$/,
    )
    expect(dto.confirmation).toEqual({
      name: '白沙乡 陈红',
      at: '2027-01-05T00:00:00.000Z',
      text: '杨洲村已停发',
    })
    expect(dto.resolution?.name).toBe('云溪县 吴静')
    expect(dto.canResolve).toBe(true)
    expect([dto.kind, dto.catalogItemId, dto.period, dto.status, dto.revision]).toEqual([
      'duplicate_person',
      ITEM,
      '2027-01',
      'resolved',
      4,
    ])
  })
})
