import { existsSync, readFileSync } from 'node:fs'
import { serviceUnavailable } from '../errors'

/**
 * The posters' fonts (`docs/posters.md`, "PDF and font"): WenQuanYi Zen Hei draws almost everything; a character it
 * has no glyph for is drawn with the first fallback that has one (HanaMinA/B for rare CJK characters, Symbola for
 * emoji and symbols). A character no installed font has is drawn as 〓, the typesetter's mark for a missing
 * character, so the reader sees that something stands there. All from Debian packages; nothing is downloaded.
 */

/** Debian's fonts-wqy-zenhei (GPL-2.0 with the font embedding exception); pdfkit embeds the used glyphs only. */
export const POSTER_FONT_PATH = '/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc'

/** Fallbacks in the order they are tried, each with the Debian package that ships it. */
export const FALLBACK_FONTS = [
  // CJK Extension A and the rest of the BMP's ideographs (fonts-hanazono, Hanazono Font License / OFL-1.1).
  { name: 'hanaA', path: '/usr/share/fonts/truetype/hanazono/HanaMinA.ttf', pkg: 'fonts-hanazono' },
  // CJK Extension B and later planes' ideographs, e.g. 𠮷.
  { name: 'hanaB', path: '/usr/share/fonts/truetype/hanazono/HanaMinB.ttf', pkg: 'fonts-hanazono' },
  // Emoji and symbols in monochrome (fonts-symbola, free for any use).
  {
    name: 'symbola',
    path: '/usr/share/fonts/truetype/ancient-scripts/Symbola_hint.ttf',
    pkg: 'fonts-symbola',
  },
] as const

/** The registered name of the main font. */
export const MAIN_FONT = 'cjk'
/** Drawn, in the main font, for a character no font has. */
export const MISSING_GLYPH = '〓'

interface LoadedFont {
  name: string
  bytes: Buffer
  /** Collection member (a .ttc holds several). */
  family?: string
}

let mainBytes: Buffer | null = null
let fallbacks: LoadedFont[] | null = null
let missing: string[] = []

/** The main font's bytes, read once; 503 when Debian's fonts-wqy-zenhei is not installed. */
export function posterFont(): Buffer {
  if (mainBytes) return mainBytes
  if (!existsSync(POSTER_FONT_PATH)) throw serviceUnavailable('打印字体未安装，暂不能生成公示海报')
  mainBytes = readFileSync(POSTER_FONT_PATH)
  return mainBytes
}

/** The fallback fonts installed, read once; the missing ones are listed by `missingFallbackFonts`. */
function fallbackFonts(): LoadedFont[] {
  if (fallbacks) return fallbacks
  const found: LoadedFont[] = []
  const absent: string[] = []
  for (const f of FALLBACK_FONTS) {
    try {
      found.push({ name: f.name, bytes: readFileSync(f.path) })
    } catch {
      absent.push(`${f.path} (${f.pkg})`)
    }
  }
  fallbacks = found
  missing = absent
  return found
}

/** Fallback font files not installed (their characters print as 〓); logged once by the poster workers' owner. */
export function missingFallbackFonts(): string[] {
  fallbackFonts()
  return missing
}

/** What pdfkit's font object is underneath: a fontkit font. */
interface FontkitFont {
  hasGlyphForCodePoint(codePoint: number): boolean
}

/** The fonts of one document in the order tried, and which one draws a code point. */
export class PosterFonts {
  private readonly names: string[] = []
  private readonly fonts: FontkitFont[] = []
  private readonly chosen = new Map<number, string | null>()

  /** Registers the main font and the installed fallbacks with `doc`. */
  constructor(private readonly doc: PDFKit.PDFDocument) {
    const all: LoadedFont[] = [
      { name: MAIN_FONT, bytes: posterFont(), family: 'WenQuanYiZenHei' },
      ...fallbackFonts(),
    ]
    for (const f of all) {
      doc.registerFont(f.name, f.bytes, f.family as string)
      doc.font(f.name)
      const font = (doc as unknown as { _font: { font: FontkitFont } })._font.font
      this.names.push(f.name)
      this.fonts.push(font)
    }
    doc.font(MAIN_FONT)
  }

  /** The registered name of the first font with a glyph for the code point, or null when none has one. */
  fontFor(codePoint: number): string | null {
    const known = this.chosen.get(codePoint)
    if (known !== undefined) return known
    const at = this.fonts.findIndex((f) => f.hasGlyphForCodePoint(codePoint))
    const name = at >= 0 ? (this.names[at] ?? null) : null
    this.chosen.set(codePoint, name)
    return name
  }

  /** Width of `text` (one font's run) at `size`. */
  width(font: string, text: string, size: number): number {
    return this.doc.font(font).fontSize(size).widthOfString(text)
  }
}

/** A piece of text drawn with one font. */
export interface Run {
  font: string
  text: string
}

/** Characters that draw nothing (joiners, variation selectors, …): kept out of the runs, never shown as 〓. */
const IGNORABLE = /\p{Default_Ignorable_Code_Point}/u

/** Splits text into runs by the font that has each character's glyph; a character none has becomes 〓. */
export function runsOf(fonts: PosterFonts, text: string): Run[] {
  const runs: Run[] = []
  for (const ch of text) {
    if (IGNORABLE.test(ch)) continue
    const codePoint = ch.codePointAt(0) ?? 0
    const found = fonts.fontFor(codePoint)
    const font = found ?? MAIN_FONT
    const piece = found ? ch : MISSING_GLYPH
    const last = runs[runs.length - 1]
    if (last && last.font === font) last.text += piece
    else runs.push({ font, text: piece })
  }
  return runs
}
