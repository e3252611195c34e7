import { describe, expect, it } from 'vitest'
import { findCatalogItem } from '../catalog'
import {
  ServiceGuideContentSchema,
  ServiceGuideNoteSchema,
  findServiceGuideTemplate,
  guidesForCatalogItem,
  isHowToQuery,
  listServiceGuideTemplates,
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
