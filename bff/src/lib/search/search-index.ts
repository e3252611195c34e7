import { redactSensitiveNumbers } from '@cunwu/domain'
import { tokenize } from './tokenize'

/** Longest body indexed, in characters; longer bodies are cut (a disclosure is rarely over a few thousand). */
export const MAX_INDEXED_BODY_CHARS = 20_000
/** Longest query considered, in characters. */
export const MAX_QUERY_CHARS = 100
/** Most distinct query tokens used for candidate lookup and ranking. */
export const MAX_QUERY_TOKENS = 24

/** Text of a disclosure to index. */
export interface SearchableText {
  /** Disclosure title. */
  title: string
  /** Body text (plain text; the caller flattens interpretation and table text it wants searchable). */
  body?: string
  /** Category names: domain name, catalog item name, level-1/level-2 names. */
  categories?: readonly string[]
}

/** Token arrays stored on a disclosure. */
export interface SearchIndexFields {
  /** Title tokens with duplicates (term frequencies for scoreDocument). */
  titleTokens: string[]
  /** Body tokens with duplicates. */
  bodyTokens: string[]
  /** Category tokens with duplicates. */
  categoryTokens: string[]
  /** Distinct tokens of all fields, sorted: the multikey-indexed array used to find candidates. */
  searchTokens: string[]
}

/**
 * Builds the token arrays to store on a disclosure for search (candidates by searchTokens, ranking by the rest).
 * Only what the public sees is indexed: the text goes through the same scrubber as every public response, so a
 * personal number typed into a body can never be found by searching for it.
 */
export function buildSearchIndexFields(doc: SearchableText): SearchIndexFields {
  const titleTokens = tokenize(redactSensitiveNumbers(doc.title))
  const bodyTokens = tokenize(redactSensitiveNumbers((doc.body ?? '').slice(0, MAX_INDEXED_BODY_CHARS)))
  const categoryTokens = (doc.categories ?? []).flatMap((name) => tokenize(name))
  const searchTokens = [...new Set([...titleTokens, ...bodyTokens, ...categoryTokens])].sort()
  return { titleTokens, bodyTokens, categoryTokens, searchTokens }
}

/** Distinct search tokens of a user query, in order of first appearance; empty for a blank query. */
export function searchQueryTokens(q: string): string[] {
  return [...new Set(tokenize(q.slice(0, MAX_QUERY_CHARS)))].slice(0, MAX_QUERY_TOKENS)
}

/** Most texts whose index fields `cachedSearchIndexFields` keeps (about 2 KB of tokens each). */
const MAX_CACHED_TEXTS = 2_000
const indexedTexts = new Map<string, SearchIndexFields>()

/**
 * `buildSearchIndexFields` for texts indexed again on every search rather than stored (the 办事指南, ranked together
 * with a county's edits per query): the same text gives the same tokens, so each is segmented once. Kept
 * least-recently-used first out; callers must not change the arrays returned.
 */
export function cachedSearchIndexFields(doc: SearchableText): SearchIndexFields {
  const key = `${doc.title}\u0000${(doc.categories ?? []).join('\u0001')}\u0000${doc.body ?? ''}`
  const hit = indexedTexts.get(key)
  if (hit) {
    indexedTexts.delete(key)
    indexedTexts.set(key, hit)
    return hit
  }
  const fields = buildSearchIndexFields(doc)
  indexedTexts.set(key, fields)
  if (indexedTexts.size > MAX_CACHED_TEXTS) {
    const oldest = indexedTexts.keys().next()
    if (!oldest.done) indexedTexts.delete(oldest.value)
  }
  return fields
}
