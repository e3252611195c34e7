import { describe, expect, it } from 'vitest'
import { getCatalog, listCatalogItems } from './catalog'
import { CatalogItemSchema } from './schema'
import {
  catalogResearchOf,
  catalogSourceOf,
  isReaderText,
  presentCatalogDomainForReaders,
  presentCatalogItemForReaders,
  readerTextOf,
} from './reader-view'

// Values that are codes the page turns into Chinese labels (ids, enums, column keys), not text shown as is.
const CODE_KEYS = new Set([
  'id',
  'domainId',
  'alignsWith',
  'trigger',
  'unit',
  'method',
  'channels',
  'kind',
  'levels',
  'cadence',
  'postingDaysUnit',
  'key',
  'type',
  'policy',
  'provenance',
  'field',
  'confidence',
  'columns',
])

/** Every text value of a response that a page may show as is, with where it was found. */
function shownTexts(value: unknown, path = ''): { path: string; text: string }[] {
  if (typeof value === 'string') return [{ path, text: value }]
  if (Array.isArray(value)) return value.flatMap((v, i) => shownTexts(v, `${path}[${i}]`))
  if (value && typeof value === 'object') {
    return Object.entries(value).flatMap(([k, v]) =>
      CODE_KEYS.has(k) &&
      (typeof v === 'string' || (Array.isArray(v) && v.every((x) => typeof x === 'string')))
        ? []
        : shownTexts(v, `${path}.${k}`),
    )
  }
  return []
}

const LATIN_OR_LINK = /[A-Za-z]{2,}|:\/\//

describe('catalog reader view', () => {
  const villageItems = listCatalogItems({ level: 'village' })

  it('should leave no English word or link in any village item villagers see', () => {
    expect(villageItems.length).toBeGreaterThanOrEqual(57)
    // The raw data does carry research notes and links: the view is what removes them.
    const rawHits = villageItems.filter((i) => shownTexts(i).some((t) => LATIN_OR_LINK.test(t.text)))
    expect(rawHits.length).toBeGreaterThanOrEqual(22)
    const hits = villageItems.flatMap((i) =>
      shownTexts(presentCatalogItemForReaders(i))
        .filter((t) => LATIN_OR_LINK.test(t.text))
        .map((t) => `${i.id}${t.path}: ${t.text}`),
    )
    expect(hits).toEqual([])
  })

  it('should keep every item valid and its Chinese notes, and drop sources and research notes', () => {
    for (const item of getCatalog().items) {
      const view = CatalogItemSchema.parse(presentCatalogItemForReaders(item))
      expect(view.sources).toEqual([])
      expect(view).not.toHaveProperty('notes')
      expect(view.unknowns).toEqual(item.unknowns.filter((u) => isReaderText(u.note)))
      expect(view.name).toBe(item.name)
    }
  })

  it('should drop a domain coverage note and sources', () => {
    for (const d of getCatalog().domains) {
      const view = presentCatalogDomainForReaders(d)
      expect(view).not.toHaveProperty('sources')
      expect(view).not.toHaveProperty('coverageNote')
      expect(view.name).toBe(d.name)
    }
  })

  describe('isReaderText / readerTextOf', () => {
    it('should accept plain Chinese and official single-letter grades, and refuse words, links and markers', () => {
      expect(isReaderText('为保护儿童隐私，不宜设置公示环节')).toBe(true)
      expect(isReaderText('C级')).toBe(true)
      expect(isReaderText('Public fields per 民发〔2021〕57号')).toBe(false)
      expect(isReaderText('everything else is never_public')).toBe(false)
      expect(isReaderText('资料来源 https://例子')).toBe(false)
      expect(isReaderText('见研究 §3')).toBe(false)
      expect(isReaderText('  ')).toBe(false)
    })

    it('should remove an aside that is not for readers and keep the rest', () => {
      expect(readerTextOf('“四议两公开”工作法（二手资料：pufaku.com/kepu/3814.html）')).toBe(
        '“四议两公开”工作法',
      )
      expect(readerTextOf('民发〔2021〕57号（第二十四条）')).toBe('民发〔2021〕57号（第二十四条）')
      expect(readerTextOf('GAP: no rule found')).toBeUndefined()
      expect(readerTextOf(undefined)).toBeUndefined()
    })
  })

  describe('catalogSourceOf', () => {
    it('should title law texts, web pages, repository files and our own research', () => {
      expect(catalogSourceOf('LawRefBook/Laws: 宪法相关法/村民委员会组织法(2018-12-29).md')).toEqual({
        title: '村民委员会组织法（2018-12-29）',
        url: `https://github.com/LawRefBook/Laws/blob/master/${encodeURI('宪法相关法/村民委员会组织法(2018-12-29).md')}`,
      })
      expect(catalogSourceOf('http://www.huzhu.gov.cn/info/1183/44994.htm')).toEqual({
        title: '政府网站公开目录页面（huzhu.gov.cn）',
        url: 'http://www.huzhu.gov.cn/info/1183/44994.htm',
      })
      expect(catalogSourceOf('https://dyrmt.com/article-156546-1.html').title).toBe(
        '转载的公开目录页面（dyrmt.com）',
      )
      expect(catalogSourceOf('catalog.md §2 村级财务公开')).toEqual({
        title: '村务通目录研究 docs/catalog.md §2 村级财务公开',
        url: null,
      })
      expect(catalogSourceOf('passwordgloo/Comet-law: docs/policy/3.1.md').url).toBe(
        'https://github.com/passwordgloo/Comet-law/blob/master/docs/policy/3.1.md',
      )
      expect(catalogSourceOf('朝阳县实施方案 附件1')).toEqual({ title: '朝阳县实施方案 附件1', url: null })
    })

    it('should give every source of the catalog a title', () => {
      for (const item of getCatalog().items) {
        for (const s of item.sources) expect(catalogSourceOf(s).title.length).toBeGreaterThan(0)
      }
    })
  })

  describe('catalogResearchOf', () => {
    it('should list the research notes staff need, labelled by where they belong', () => {
      const item = villageItems.find((i) => i.id === 'social-assistance.dibao.approval')
      expect(item).toBeDefined()
      if (!item) return
      const research = catalogResearchOf(item)
      expect(research.notes.some((n) => n.about.startsWith('表格') && n.text.includes('never_public'))).toBe(
        true,
      )
      expect(research.sources.length).toBe(new Set(item.sources).size)
    })
  })
})
