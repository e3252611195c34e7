import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { SearchDocumentTokens } from './score'
import { buildCorpusStats, rankDocuments, scoreDocument } from './score'

function buildDoc(overrides: Partial<SearchDocumentTokens> & { id?: string } = {}): SearchDocumentTokens & {
  id: string
} {
  return {
    id: overrides.id ?? 'doc',
    titleTokens: overrides.titleTokens ?? [],
    bodyTokens: overrides.bodyTokens ?? [],
    categoryTokens: overrides.categoryTokens ?? [],
    publishedAt: overrides.publishedAt === undefined ? '2026-07-01' : overrides.publishedAt,
  }
}

describe('scoreDocument', () => {
  it('should score 0 when no query token occurs, or for an empty query', () => {
    const doc = buildDoc({ titleTokens: ['低保', '公示'] })
    expect(scoreDocument(['危房'], doc)).toBe(0)
    expect(scoreDocument([], doc)).toBe(0)
  })

  it('should weigh a title match above the same match in the body', () => {
    const inTitle = buildDoc({ titleTokens: ['低保', '公示'], bodyTokens: ['名单'] })
    const inBody = buildDoc({ titleTokens: ['名单', '公示'], bodyTokens: ['低保'] })
    expect(scoreDocument(['低保'], inTitle)).toBeGreaterThan(scoreDocument(['低保'], inBody))
  })

  it('should saturate term frequency', () => {
    const once = buildDoc({ bodyTokens: ['低保', ...Array<string>(99).fill('x')] })
    const tenTimes = buildDoc({
      bodyTokens: [...Array<string>(10).fill('低保'), ...Array<string>(90).fill('x')],
    })
    const hundredTimes = buildDoc({ bodyTokens: Array<string>(100).fill('低保') })
    const s1 = scoreDocument(['低保'], once)
    const s10 = scoreDocument(['低保'], tenTimes)
    const s100 = scoreDocument(['低保'], hundredTimes)
    expect(s10).toBeGreaterThan(s1)
    expect(s100 - s10).toBeLessThan(s10 - s1)
    expect(s100).toBeLessThan(2.2 * 3)
  })

  it('should rank a document matching every query token above one repeating a single token', () => {
    const both = buildDoc({ titleTokens: ['危房', '改造'] })
    const one = buildDoc({ titleTokens: ['危房', '危房', '危房'] })
    expect(scoreDocument(['危房', '改造'], both)).toBeGreaterThan(scoreDocument(['危房', '改造'], one))
  })

  it('should prefer rare tokens when corpus statistics are given', () => {
    const docs = [
      buildDoc({ titleTokens: ['公示', '低保'] }),
      buildDoc({ titleTokens: ['公示', '名单'] }),
      buildDoc({ titleTokens: ['公示', '财务'] }),
    ]
    const stats = buildCorpusStats(docs)
    expect(stats.documentFrequency.get('公示')).toBe(3)
    const rare = buildDoc({ titleTokens: ['低保'] })
    const common = buildDoc({ titleTokens: ['公示'] })
    expect(scoreDocument(['低保', '公示'], rare, { stats })).toBeGreaterThan(
      scoreDocument(['低保', '公示'], common, { stats }),
    )
  })

  it('should break ties by recency without overturning relevance', () => {
    const older = buildDoc({ titleTokens: ['低保'], publishedAt: '2025-01-01' })
    const newer = buildDoc({ titleTokens: ['低保'], publishedAt: new Date('2026-07-01T02:00:00Z') })
    const draft = buildDoc({ titleTokens: ['低保'], publishedAt: null })
    expect(scoreDocument(['低保'], newer)).toBeGreaterThan(scoreDocument(['低保'], older))
    expect(scoreDocument(['低保'], older)).toBeGreaterThan(scoreDocument(['低保'], draft))
    const relevantOld = buildDoc({ titleTokens: ['低保', '低保'], publishedAt: '2004-01-01' })
    expect(scoreDocument(['低保'], relevantOld)).toBeGreaterThan(scoreDocument(['低保'], newer))
  })
})

describe('rankDocuments', () => {
  it('should drop non-matching documents and order the rest best first', () => {
    const docs = [
      buildDoc({ id: 'body', titleTokens: ['村务', '公开'], bodyTokens: ['低保', '名单'] }),
      buildDoc({ id: 'none', titleTokens: ['财务', '收支'] }),
      buildDoc({ id: 'title', titleTokens: ['低保', '对象', '公示'] }),
      buildDoc({ id: 'title-newer', titleTokens: ['低保', '对象', '公示'], publishedAt: '2026-08-01' }),
    ]
    expect(rankDocuments(['低保'], docs).map((hit) => hit.doc.id)).toEqual(['title-newer', 'title', 'body'])
  })

  it('should rank with the frequencies of the query tokens alone exactly as with those of every token', () => {
    const token = fc.constantFrom('低保', '公示', '名单', '补贴', '村务', '财务', '危房', '改造')
    const tokens = fc.array(token, { maxLength: 12 })
    const doc = fc.record({
      titleTokens: tokens,
      bodyTokens: tokens,
      categoryTokens: tokens,
      publishedAt: fc.constantFrom('2025-01-01', '2026-07-01', null),
    })
    fc.assert(
      fc.property(fc.array(doc, { maxLength: 20 }), fc.array(token, { maxLength: 4 }), (docs, query) => {
        const only = buildCorpusStats(docs, query)
        const every = buildCorpusStats(docs)
        for (const t of query) expect(only.documentFrequency.get(t)).toBe(every.documentFrequency.get(t))
        expect(only.averageLength).toEqual(every.averageLength)
        const ranked = rankDocuments(query, docs)
        const reference = rankDocuments(query, docs, { stats: every })
        expect(ranked.map((hit) => [docs.indexOf(hit.doc), hit.score])).toEqual(
          reference.map((hit) => [docs.indexOf(hit.doc), hit.score]),
        )
      }),
    )
  })
})
