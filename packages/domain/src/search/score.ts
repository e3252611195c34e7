import { shanghaiDayStart, toShanghaiDate } from '../schedules/dates'

/**
 * Ranking of search candidates. The BFF stores token arrays on each disclosure (a multikey index finds the
 * candidates that share a token with the query) and ranks the candidates here.
 *
 * The score is BM25F (fields weighted before saturation):
 *   wtf(t)   = Σ_field weight · tf(t, field) / (1 − b + b · length / averageLength)
 *   score(t) = idf(t) · wtf · (k1 + 1) / (wtf + k1)
 *   relevance = Σ_t score(t) · (matched query tokens / query tokens)
 * with title ×3, category ×2 and body ×1, k1 = 1.2, b = 0.5 (title), 0.75 (body), 0 (category).
 * idf(t) = ln(1 + (N − df + 0.5) / (df + 0.5)) when corpus statistics are given (rankDocuments computes them
 * from the candidates), else 1. The coverage factor keeps a document that matches every query token above one
 * that repeats a single token.
 *
 * Recency only breaks ties: relevance is rounded to 1e-6 and a publication-time term below 1e-7 is added, so a
 * newer disclosure comes first among equally relevant ones and can never overtake a more relevant one.
 */

/** Token arrays of one searchable document (duplicates kept: they are the term frequencies). */
export interface SearchDocumentTokens {
  /** Tokens of the title. */
  titleTokens: readonly string[]
  /** Tokens of the body (text, interpretation, table text the caller chose to index). */
  bodyTokens: readonly string[]
  /** Tokens of the category names (domain, catalog item). */
  categoryTokens: readonly string[]
  /** Publication time ('YYYY-MM-DD', ISO instant with offset, or Date); null for drafts. */
  publishedAt: string | Date | null
}

/** Statistics of the document set a query is ranked in. */
export interface SearchCorpusStats {
  /** Number of documents. */
  documentCount: number
  /** Documents containing each token (in any field). */
  documentFrequency: ReadonlyMap<string, number>
  /** Average token count per field. */
  averageLength: { title: number; body: number; category: number }
}

/** Options of scoreDocument and rankDocuments. */
export interface ScoreOptions {
  /** Corpus statistics for idf and length normalisation. @default none: idf = 1 and DEFAULT_AVERAGE_LENGTH */
  stats?: SearchCorpusStats
}

/** Field weights of the score. */
export const SEARCH_FIELD_WEIGHTS = { title: 3, category: 2, body: 1 } as const

/** Average field lengths used without corpus statistics (a typical disclosure, in jieba search-mode tokens). */
export const DEFAULT_AVERAGE_LENGTH = { title: 14, body: 400, category: 6 } as const

const K1 = 1.2
const B = { title: 0.5, body: 0.75, category: 0 } as const
const RELEVANCE_STEP = 1e6
const TIE_SCALE = 1e-7
/** Milliseconds up to the year 2286: keeps the recency fraction below 1. */
const TIME_SPAN_MS = 1e13

type Field = keyof typeof SEARCH_FIELD_WEIGHTS

function countMatches(tokens: readonly string[], query: ReadonlySet<string>): Map<string, number> {
  const counts = new Map<string, number>()
  for (const token of tokens) {
    if (query.has(token)) counts.set(token, (counts.get(token) ?? 0) + 1)
  }
  return counts
}

function publishedMs(value: string | Date | null): number {
  if (value === null) return 0
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? 0 : value.getTime()
  try {
    const day = toShanghaiDate(value)
    // A bare date means the start of that Shanghai day; an instant keeps its time of day.
    return day === value ? shanghaiDayStart(day) : Date.parse(value)
  } catch {
    return 0
  }
}

function recencyTieBreak(value: string | Date | null): number {
  const ms = publishedMs(value)
  return Math.min(Math.max(ms / TIME_SPAN_MS, 0), 0.999_999) * TIE_SCALE
}

/** Scores one document for a query (higher is better, 0 when no query token occurs); see the module comment. */
export function scoreDocument(
  queryTokens: readonly string[],
  doc: SearchDocumentTokens,
  options: ScoreOptions = {},
): number {
  const query = new Set(queryTokens)
  if (query.size === 0) return 0
  const stats = options.stats
  const average = stats?.averageLength ?? DEFAULT_AVERAGE_LENGTH
  const fields: Record<Field, readonly string[]> = {
    title: doc.titleTokens,
    body: doc.bodyTokens,
    category: doc.categoryTokens,
  }
  const counts = {
    title: countMatches(doc.titleTokens, query),
    body: countMatches(doc.bodyTokens, query),
    category: countMatches(doc.categoryTokens, query),
  }
  let relevance = 0
  let matched = 0
  for (const token of query) {
    let wtf = 0
    for (const field of ['title', 'body', 'category'] as const) {
      const tf = counts[field].get(token) ?? 0
      if (tf === 0) continue
      const norm = 1 - B[field] + (B[field] * fields[field].length) / Math.max(average[field], 1)
      wtf += (SEARCH_FIELD_WEIGHTS[field] * tf) / norm
    }
    if (wtf === 0) continue
    matched += 1
    let idf = 1
    if (stats !== undefined) {
      const df = stats.documentFrequency.get(token) ?? 0
      idf = Math.log(1 + (stats.documentCount - df + 0.5) / (df + 0.5))
    }
    relevance += (idf * wtf * (K1 + 1)) / (wtf + K1)
  }
  if (matched === 0) return 0
  relevance *= matched / query.size
  return Math.round(relevance * RELEVANCE_STEP) / RELEVANCE_STEP + recencyTieBreak(doc.publishedAt)
}

/**
 * Computes document frequencies and average field lengths of a document set; with `only`, the frequencies of those
 * tokens alone (all a query's score reads), without collecting every token of every document.
 */
export function buildCorpusStats(
  docs: readonly SearchDocumentTokens[],
  only?: readonly string[],
): SearchCorpusStats {
  const documentFrequency = new Map<string, number>()
  const wanted = only === undefined ? null : [...new Set(only)]
  let title = 0
  let body = 0
  let category = 0
  for (const doc of docs) {
    title += doc.titleTokens.length
    body += doc.bodyTokens.length
    category += doc.categoryTokens.length
    if (wanted === null) {
      const seen = new Set([...doc.titleTokens, ...doc.bodyTokens, ...doc.categoryTokens])
      for (const token of seen) documentFrequency.set(token, (documentFrequency.get(token) ?? 0) + 1)
      continue
    }
    for (const token of wanted) {
      if (
        doc.titleTokens.includes(token) ||
        doc.bodyTokens.includes(token) ||
        doc.categoryTokens.includes(token)
      )
        documentFrequency.set(token, (documentFrequency.get(token) ?? 0) + 1)
    }
  }
  const n = Math.max(docs.length, 1)
  return {
    documentCount: docs.length,
    documentFrequency,
    averageLength: { title: title / n, body: body / n, category: category / n },
  }
}

/** A ranked search hit. */
export interface RankedDocument<T> {
  doc: T
  score: number
}

/**
 * Ranks documents for a query, best first, dropping those that match no query token; corpus statistics default
 * to those of `docs` themselves (the candidate set).
 */
export function rankDocuments<T extends SearchDocumentTokens>(
  queryTokens: readonly string[],
  docs: readonly T[],
  options: ScoreOptions = {},
): RankedDocument<T>[] {
  const stats = options.stats ?? buildCorpusStats(docs, queryTokens)
  return docs
    .map((doc) => ({ doc, score: scoreDocument(queryTokens, doc, { stats }) }))
    .filter((hit) => hit.score > 0)
    .sort((a, b) => b.score - a.score)
}
