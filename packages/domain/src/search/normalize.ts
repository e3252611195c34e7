/**
 * Text normalisation shared by indexing (BFF) and querying (BFF and mini-program), so both sides of a search
 * see the same characters.
 */

const PUNCTUATION_OR_SYMBOL = /[\p{P}\p{S}]/gu
const WHITESPACE = /\s+/gu
const DIGIT = /^[0-9]$/
/** Whitespace (the full-width space is one after NFKC) between two Chinese characters. */
const SPACE_BETWEEN_HAN = /(?<=[\p{Script=Han}〇])\s+(?=[\p{Script=Han}〇])/gu

/**
 * Normalises text for search: NFKC (full-width letters and digits become ASCII, compatibility forms fold),
 * lowercase, spaces between two Chinese characters removed (they carry no meaning in Chinese text: `低 保` and
 * `低\u3000保` are 低保, as in the households' `normalizeTextKey`), punctuation and symbols replaced by a space (a '.'
 * between two digits is kept, so 3.5 stays one number), whitespace collapsed and trimmed. Punctuation still parts
 * words (`低保，名单`), and so does a space next to a Latin letter or a digit.
 */
export function normalizeForSearch(text: string): string {
  const folded = text.normalize('NFKC').toLowerCase().replace(SPACE_BETWEEN_HAN, '')
  return folded
    .replace(PUNCTUATION_OR_SYMBOL, (mark: string, offset: number, whole: string) =>
      mark === '.' && DIGIT.test(whole.charAt(offset - 1)) && DIGIT.test(whole.charAt(offset + 1))
        ? '.'
        : ' ',
    )
    .replace(WHITESPACE, ' ')
    .trim()
}
