/**
 * Curated synonyms of common village terms. Each group has a canonical token; wherever any variant occurs in a
 * text (index or query), the canonical token is added, so "低保" finds "最低生活保障" and 高龄津贴 finds 高龄补贴.
 * Keep the list small and unambiguous: a variant must not occur inside unrelated words.
 */
export interface SynonymGroup {
  /** Token added for every mention of the concept. */
  canonical: string
  /** Ways the concept is written, the canonical form included (normalized: lowercase, NFKC). */
  variants: readonly string[]
}

export const SYNONYM_GROUPS: readonly SynonymGroup[] = [
  { canonical: '低保', variants: ['低保', '低保户', '最低生活保障', '城乡低保', '农村低保'] },
  { canonical: '特困', variants: ['特困', '特困人员', '特困供养', '五保', '五保户', '五保供养'] },
  { canonical: '危房改造', variants: ['危房改造', '危改', '农村危房改造', '危旧房改造'] },
  { canonical: '高龄补贴', variants: ['高龄补贴', '高龄津贴', '高龄老人补贴', '高龄老人津贴'] },
  {
    canonical: '耕地地力保护补贴',
    variants: ['耕地地力保护补贴', '地力补贴', '种粮补贴', '种粮直补', '粮食直补'],
  },
  { canonical: '新农合', variants: ['新农合', '新型农村合作医疗'] },
]

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}

// Longest variant first, so the alternation matches 最低生活保障 before 低保 at the same position.
const MATCHERS = SYNONYM_GROUPS.map((group) => ({
  canonical: group.canonical,
  pattern: new RegExp(
    [...group.variants]
      .sort((a, b) => b.length - a.length)
      .map(escape)
      .join('|'),
    'g',
  ),
}))

/**
 * Canonical tokens to add for the synonyms mentioned in a normalized text, given the tokens the segmenter already
 * produced: each mention counts once, so the canonical token's frequency equals the number of mentions.
 */
export function synonymTokens(normalizedText: string, tokens: readonly string[]): string[] {
  const extra: string[] = []
  for (const { canonical, pattern } of MATCHERS) {
    const mentions = normalizedText.match(pattern)?.length ?? 0
    if (mentions === 0) continue
    const present = tokens.reduce((n, token) => (token === canonical ? n + 1 : n), 0)
    for (let i = present; i < mentions; i += 1) extra.push(canonical)
  }
  return extra
}
