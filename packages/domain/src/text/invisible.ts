/**
 * Characters that show nothing, which Excel, Word, WeChat and web forms leave in typed text: Unicode's
 * Default_Ignorable_Code_Point (zero-width and bidi marks, soft hyphen, combining grapheme joiner, Mongolian and
 * Khmer fillers, variation selectors 1–256, Hangul fillers, tag characters, shorthand format controls, musical
 * symbol formatting), the other format characters (Cf: interlinear annotation, invisible operators…), the braille
 * blank U+2800, and control characters (Cc) other than tab, line feed, vertical tab, form feed and carriage return.
 * The one home of this list: household keys, figure names, the text of every request (the BFF's `validate`) and
 * the personal-number scrubber read it. Global and Unicode-aware: use it with `replace`, or build a one-character
 * test from its source with the `u` flag.
 */
export const INVISIBLE_CHARACTERS = /(?![\t\n\v\f\r])[\p{Default_Ignorable_Code_Point}\p{Cf}\p{Cc}\u2800]/gu

/** A UTF-16 surrogate without its pair: text no font can show, which JSON can carry as an escape (\ud800). */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/

const ZWJ = '\u200D'
const VS16 = '\uFE0F'
const KEYCAP = '\u20E3'
/** A pictographic emoji, or an emoji skin-tone modifier, which a joiner may follow. */
const EMOJI = /^[\p{Extended_Pictographic}\u{1F3FB}-\u{1F3FF}]$/u
const KEYCAP_BASE = /^[0-9#*]$/

/** The code point before `index` in `text` (a whole surrogate pair), or ''. */
function before(text: string, index: number): string {
  const low = text.charCodeAt(index - 1)
  if (index >= 2 && low >= 0xdc00 && low <= 0xdfff) return text.slice(index - 2, index)
  return index >= 1 ? text.charAt(index - 1) : ''
}

/** The code point at `index` in `text` (a whole surrogate pair), or ''. */
function at(text: string, index: number): string {
  const cp = text.codePointAt(index)
  return cp === undefined ? '' : String.fromCodePoint(cp)
}

/**
 * Whether an invisible character at `index` is part of an emoji, and so shows after all: a zero-width joiner
 * between two emoji (👨‍👩‍👧), a VS16 after an emoji (❤️) or inside a keycap (1️⃣). Between digits or letters it is
 * still removed.
 */
function joinsEmoji(text: string, index: number, ch: string): boolean {
  if (ch === ZWJ) {
    let prev = before(text, index)
    if (prev === VS16) prev = before(text, index - 1)
    return EMOJI.test(prev) && EMOJI.test(at(text, index + 1))
  }
  if (ch === VS16) {
    const prev = before(text, index)
    if (EMOJI.test(prev)) return true
    return KEYCAP_BASE.test(prev) && text.charAt(index + 1) === KEYCAP
  }
  return false
}

/** `text` without the characters of INVISIBLE_CHARACTERS, except the joiners that make an emoji. */
export function stripInvisible(text: string): string {
  return text.replace(INVISIBLE_CHARACTERS, (ch: string, index: number) =>
    joinsEmoji(text, index, ch) ? ch : '',
  )
}

/** Whether `text` holds a UTF-16 surrogate without its pair (ill-formed: stored, it reads back as �). */
export function hasLoneSurrogate(text: string): boolean {
  return LONE_SURROGATE.test(text)
}
