/**
 * Characters that show nothing, which Excel, Word, WeChat and web forms leave in typed text: zero-width and
 * formatting characters (ZWSP, ZWNJ, ZWJ, LRM/RLM, bidi embeddings and isolates, word joiner and invisible
 * operators, BOM, soft hyphen, combining grapheme joiner, Mongolian and Khmer fillers, variation selectors, Hangul
 * fillers) and C0/C1 control characters other than tab, line feed, vertical tab, form feed and carriage return.
 * The one home of this list: household keys, figure names, the text of every request (the BFF's `validate`) and
 * the personal-number scrubber read it.
 */
export const INVISIBLE_CHARACTERS =
  // eslint-disable-next-line no-control-regex, no-misleading-character-class -- control characters and combining marks are exactly what this names, each on its own
  /[\u0000-\u0008\u000E-\u001F\u007F-\u009F\u00AD\u034F\u061C\u115F\u1160\u17B4\u17B5\u180B-\u180E\u200B-\u200F\u202A-\u202E\u2060-\u206F\u3164\uFE00-\uFE0F\uFEFF\uFFA0]/g

/** A UTF-16 surrogate without its pair: text no font can show, which JSON can carry as an escape (\ud800). */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/

/** `text` without the characters of INVISIBLE_CHARACTERS. */
export function stripInvisible(text: string): string {
  return text.replace(INVISIBLE_CHARACTERS, '')
}

/** Whether `text` holds a UTF-16 surrogate without its pair (ill-formed: stored, it reads back as �). */
export function hasLoneSurrogate(text: string): boolean {
  return LONE_SURROGATE.test(text)
}
