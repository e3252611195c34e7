import { describe, expect, it } from 'vitest'
import { rankDocuments } from '@cunwu/domain'
import type { SearchableText } from './search-index'
import {
  buildSearchIndexFields,
  cachedSearchIndexFields,
  MAX_QUERY_TOKENS,
  searchQueryTokens,
} from './search-index'

interface Fixture extends SearchableText {
  id: string
  publishedAt: string
}

const FIXTURES: Fixture[] = [
  {
    id: 'dibao-q3',
    title: '2026年第三季度最低生活保障对象公示',
    body: '经本人申请、村民代表评议、乡镇审核、县民政局确认，现将本村最低生活保障对象名单公示如下。',
    categories: ['社会救助', '最低生活保障对象名单'],
    publishedAt: '2026-10-09',
  },
  {
    id: 'housing',
    title: '农村危房改造补助对象公示',
    body: '根据县住建局农村危房改造计划，本村2026年度改造户名单如下，公示期7天。',
    categories: ['农村危房改造', '任务分配'],
    publishedAt: '2026-06-01',
  },
  {
    id: 'finance-07',
    title: '2026年7月村级财务收支明细',
    body: '本月收入：村集体资产租赁收入12.5万元；支出：村道维修、保洁费用。',
    categories: ['村级财务', '收入明细'],
    publishedAt: '2026-08-10',
  },
  {
    id: 'meeting',
    title: '村民代表会议决议公开',
    body: '会议讨论了低保评议程序和村道硬化工程，决定……',
    categories: ['村务公开', '民主决策'],
    publishedAt: '2026-09-01',
  },
  {
    id: 'elderly',
    title: '2026年高龄津贴发放名单',
    body: '80周岁以上老人高龄津贴按月发放。',
    categories: ['养老服务', '老年人补贴'],
    publishedAt: '2026-07-15',
  },
  {
    id: 'english',
    title: 'WiFi 5G基站建设项目 Project ABC-2026',
    body: 'China Mobile 5G coverage for the village, phase 2.',
    categories: ['公益事业'],
    publishedAt: '2026-05-20',
  },
]

const INDEX = FIXTURES.map((f) => ({ id: f.id, publishedAt: f.publishedAt, ...buildSearchIndexFields(f) }))

// What the BFF does: find candidates sharing a token (the multikey index), then rank them.
function search(q: string): string[] {
  const query = searchQueryTokens(q)
  const candidates = INDEX.filter((doc) => doc.searchTokens.some((t) => query.includes(t)))
  return rankDocuments(query, candidates).map((hit) => hit.doc.id)
}

describe('buildSearchIndexFields', () => {
  it('should produce per-field token arrays and a sorted distinct union', () => {
    const fields = buildSearchIndexFields({ title: '低保 低保', body: '名单', categories: ['社会救助'] })
    expect(fields.titleTokens).toEqual(['低保', '低保'])
    expect(fields.bodyTokens).toEqual(['名单'])
    expect(fields.categoryTokens).toEqual(expect.arrayContaining(['社会', '救助']))
    expect(fields.searchTokens).toEqual([...new Set(fields.searchTokens)].sort())
    expect(fields.searchTokens).toEqual(expect.arrayContaining(['低保', '名单', '社会', '救助']))
  })
})

describe('searchQueryTokens', () => {
  it('should deduplicate and cap the query tokens', () => {
    expect(searchQueryTokens('低保 低保 低保')).toEqual(['低保'])
    expect(searchQueryTokens('   ')).toEqual([])
    expect(
      searchQueryTokens('村'.repeat(10) + '财务收支明细公示名单补贴救助养老危房改造农村集体经济组织').length,
    ).toBeLessThanOrEqual(MAX_QUERY_TOKENS)
  })
})

describe('search (index + rank)', () => {
  it('should find the 最低生活保障 disclosure for the query 低保, ahead of a passing mention', () => {
    const hits = search('低保')
    expect(hits[0]).toBe('dibao-q3')
    expect(hits).toContain('meeting')
    expect(hits).not.toContain('finance-07')
  })

  it('should find 农村危房改造 for 危房', () => {
    expect(search('危房')).toEqual(['housing'])
  })

  it('should find 高龄津贴 for 高龄补贴 and the other way round', () => {
    expect(search('高龄补贴')[0]).toBe('elderly')
    expect(search('最低生活保障')[0]).toBe('dibao-q3')
  })

  it('should rank a document matching all query words above partial matches', () => {
    const hits = search('2026年7月财务收支')
    expect(hits[0]).toBe('finance-07')
    expect(hits.length).toBeGreaterThan(1)
  })

  it('should answer English and number queries', () => {
    expect(search('5G')[0]).toBe('english')
    expect(search('china mobile')).toEqual(['english'])
    expect(search('12.5万元')).toEqual(['finance-07'])
  })

  it('should read a space typed inside a Chinese word as the index does, and keep words apart elsewhere', () => {
    expect(searchQueryTokens('低 保')).toEqual(searchQueryTokens('低保'))
    expect(searchQueryTokens('低\u3000保')).toEqual(searchQueryTokens('低保'))
    expect(search('低 保')).toEqual(search('低保'))
    expect(search('危 房 改造')[0]).toBe('housing')
    // Between Latin words or numbers a space still separates them.
    expect(search('china mobile')).toEqual(['english'])
    expect(searchQueryTokens('2026 7')).toEqual(['2026', '7'])
  })

  it('should find nothing for an unrelated query', () => {
    expect(search('宅基地')).toEqual([])
  })
})

describe('cachedSearchIndexFields', () => {
  it('should give the fields buildSearchIndexFields gives, segmenting each text once', () => {
    const doc = {
      title: '最低生活保障申请',
      body: '申请低保需要户口簿和收入证明。',
      categories: ['社会救助'],
    }
    const first = cachedSearchIndexFields(doc)
    expect(first).toEqual(buildSearchIndexFields(doc))
    expect(cachedSearchIndexFields({ ...doc })).toBe(first)
    // Any field that differs is another text.
    const edited = cachedSearchIndexFields({ ...doc, body: '申请临时救助需要身份证。' })
    expect(edited).not.toBe(first)
    expect(edited.bodyTokens).toContain('临时')
    expect(cachedSearchIndexFields({ ...doc, categories: ['养老服务'] })).toEqual(
      buildSearchIndexFields({ ...doc, categories: ['养老服务'] }),
    )
  })
})
