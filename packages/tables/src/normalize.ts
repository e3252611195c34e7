/**
 * Label normalisation shared by header detection and enum matching. County exports write the same header in
 * many ways: full-width characters, spaces inside (户 主 姓 名), units in brackets (补贴金额（元）), a leading
 * * for required columns, a trailing colon.
 */

// Brackets after NFKC (which turns （）［］ into ()[]); 【】〔〕《》 have no half-width form.
const BRACKETED = /\([^()]*\)|\[[^\]]*\]|【[^】]*】|〔[^〕]*〕|<[^<>]*>|《[^》]*》/g
// A unit written after a slash: 金额/元, 面积/亩.
const SLASH_UNIT = /\/(万元|元|亩|人|户|个月|月|平方米|m2|㎡)$/
const PUNCTUATION = /[\s*※·・\-_'"“”‘’.。,，、:：;；!！?？]/g

/** Normalises a header label: NFKC, no spaces or punctuation, no bracketed parts or slash units, lower case. */
export function normalizeLabel(label: string): string {
  return label
    .normalize('NFKC')
    .replace(BRACKETED, '')
    .replace(/\s+/g, '')
    .replace(SLASH_UNIT, '')
    .replace(PUNCTUATION, '')
    .toLowerCase()
}

/** Normalises a value for lenient comparison (enum values, village names): NFKC, no spaces, unified quotes. */
export function normalizeValue(value: string): string {
  return value.normalize('NFKC').replace(/\s+/g, '').replace(/[“”"]/g, '"').replace(/[‘’']/g, "'")
}
