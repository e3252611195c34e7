/**
 * Text normalisation shared by indexing (BFF) and querying (BFF and mini-program), so both sides of a search
 * see the same characters.
 */

const PUNCTUATION_OR_SYMBOL = /[\p{P}\p{S}]/gu
const WHITESPACE = /\s+/gu
const DIGIT = /^[0-9]$/

/**
 * Normalises text for search: NFKC (full-width letters and digits become ASCII, compatibility forms fold),
 * lowercase, punctuation and symbols replaced by a space (a '.' between two digits is kept, so 3.5 stays one
 * number), whitespace collapsed and trimmed.
 */
export function normalizeForSearch(text: string): string {
  const folded = text.normalize('NFKC').toLowerCase()
  return folded
    .replace(PUNCTUATION_OR_SYMBOL, (mark: string, offset: number, whole: string) =>
      mark === '.' && DIGIT.test(whole.charAt(offset - 1)) && DIGIT.test(whole.charAt(offset + 1))
        ? '.'
        : ' ',
    )
    .replace(WHITESPACE, ' ')
    .trim()
}
