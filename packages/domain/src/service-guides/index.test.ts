import { describe, expect, it } from 'vitest'
import { findCatalogItem } from '../catalog'
import {
  ServiceGuideContentSchema,
  ServiceGuideNoteSchema,
  findServiceGuideTemplate,
  guidesForCatalogItem,
  isHowToQuery,
  listServiceGuideTemplates,
  writeGuideSpeechScript,
} from '.'

describe('service guide templates', () => {
  const templates = listServiceGuideTemplates()

  it('should ship at least eight guides with unique ids', () => {
    expect(templates.length).toBeGreaterThanOrEqual(8)
    expect(new Set(templates.map((t) => t.id)).size).toBe(templates.length)
    for (const id of [
      'dibao',
      'temporary-assistance',
      'old-age-allowance',
      'disability-subsidies',
      'homestead',
      'medical-insurance',
      'residents-pension',
      'cultivated-land-subsidy',
    ]) {
      expect(findServiceGuideTemplate(id), id).toBeDefined()
    }
  })

  it('should give every guide valid content with a source and its check date', () => {
    for (const t of templates) {
      const parsed = ServiceGuideContentSchema.safeParse(t.content)
      expect(parsed.success, `${t.id}: ${JSON.stringify(parsed.error?.issues)}`).toBe(true)
      expect(t.content.sources.length).toBeGreaterThan(0)
    }
  })

  it('should link only catalog items that exist', () => {
    for (const t of templates) {
      for (const id of t.catalogItemIds) expect(findCatalogItem(id), `${t.id} → ${id}`).toBeDefined()
    }
  })

  it('should use no English words or codes in what villagers read', () => {
    const strings = (value: unknown): string[] =>
      typeof value === 'string'
        ? [value]
        : typeof value === 'object' && value !== null
          ? Object.values(value).flatMap(strings)
          : []
    for (const t of templates) {
      const { checkedOn: _date, ...shown } = t.content
      for (const text of strings(shown)) expect(text, t.id).not.toMatch(/[A-Za-z]/)
    }
  })

  it('should link the 低保 lists to the 低保 guide', () => {
    expect(guidesForCatalogItem('social-assistance.dibao.approval').map((t) => t.id)).toEqual(['dibao'])
    expect(guidesForCatalogItem('social-assistance.dibao.approval')[0]?.question).toBe('怎么申请低保')
    expect(guidesForCatalogItem('village-finance.income')).toEqual([])
  })
})

describe(isHowToQuery.name, () => {
  it('should recognise how-to questions', () => {
    expect(isHowToQuery('怎么申请低保')).toBe(true)
    expect(isHowToQuery('宅基地去哪里办')).toBe(true)
    expect(isHowToQuery('2026年第三季度低保名单')).toBe(false)
  })
})

describe('ServiceGuideNoteSchema', () => {
  it('should need at least one detail', () => {
    expect(ServiceGuideNoteSchema.safeParse({}).success).toBe(false)
    expect(ServiceGuideNoteSchema.safeParse({ place: '村委会一楼' }).success).toBe(true)
  })
})

describe(writeGuideSpeechScript.name, () => {
  it('should read the steps in order, the local note, and numbers in Chinese', () => {
    const t = findServiceGuideTemplate('homestead')
    if (!t) throw new Error('no guide')
    const text = writeGuideSpeechScript({
      content: t.content,
      notes: [
        {
          regionCode: '360999101001',
          regionName: '云溪村委会',
          level: 'village',
          updatedAt: '2026-12-01T00:00:00.000Z',
          place: '村委会一楼',
          hours: '周一到周五',
        },
      ],
    })
    expect(text.startsWith('农村宅基地和建房申请。')).toBe(true)
    expect(text.indexOf('第一步，提出申请')).toBeLessThan(text.indexOf('第二步，讨论公示'))
    expect(text).toContain('云溪村委会的说明：地点是村委会一楼，时间是周一到周五。')
    expect(text).toContain('公示期不少于五个工作日')
    expect(text).not.toMatch(/\d/)
    expect(text).not.toContain('本地办理')
  })
})
