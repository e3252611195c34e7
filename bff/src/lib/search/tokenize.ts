import { Jieba } from '@node-rs/jieba'
import { dict } from '@node-rs/jieba/dict.js'
import { normalizeForSearch } from '@cunwu/domain'
import { STOP_WORDS } from './stop-words'
import { synonymTokens } from './synonyms'

/**
 * Chinese word segmentation for search with jieba (native, via @node-rs/jieba). Search mode also emits the
 * shorter dictionary words inside a long word (农村危房改造 → 农村, 危房, 改造, 危房改造), so a short query finds
 * a long compound.
 */

let jieba: Jieba | undefined

// Loading the 5 MB dictionary takes ~0.3 s: done once, on first use or at start-up via warmUpTokenizer.
function segmenter(): Jieba {
  jieba ??= Jieba.withDict(dict)
  return jieba
}

/** Loads the jieba dictionary now, so the first request does not pay for it. */
export function warmUpTokenizer(): void {
  segmenter()
}

const ONLY_PUNCTUATION_OR_SPACE = /^[\p{P}\p{S}\s]*$/u

/**
 * Splits text into search tokens: normalizeForSearch, jieba search-mode cut (HMM on, so unknown names still form
 * words), stop words and punctuation dropped, Latin and number runs kept whole, plus the canonical token of each
 * curated synonym mentioned (低保 for 最低生活保障, 特困 for 五保 …). Duplicates are kept: they are term frequencies.
 */
export function tokenize(text: string): string[] {
  const normalized = normalizeForSearch(text)
  if (normalized === '') return []
  const tokens = segmenter()
    .cutForSearch(normalized, true)
    .filter((token) => !ONLY_PUNCTUATION_OR_SPACE.test(token) && !STOP_WORDS.has(token))
  return tokens.concat(synonymTokens(normalized, tokens))
}
