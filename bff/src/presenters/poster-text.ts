import type { PosterFonts } from './poster-fonts'
import { runsOf } from './poster-fonts'

/**
 * Text on the posters, laid out here rather than by pdfkit's own wrapper: each string is drawn in runs by the font
 * that has its glyphs (poster-fonts.ts), wrapped by the same measure, and flowed onto new sheets line by line, so a
 * table cell, a name with 𠮷 or an emoji, and a body that runs over a sheet are all drawn whole (`docs/posters.md`).
 */

/** Line height as a multiple of the font size (WenQuanYi Zen Hei: ascender 0.963, descender 0.297, gap 0.09). */
export const LINE = 1.35
/** The main font's ascender: where the baseline sits below a line's top, as a multiple of the size. */
const ASCENT = 0.963 + 0.045

/** Closing punctuation stays on the line of the character before it; opening punctuation goes with the next. */
const CLOSING = /^[，。、；：？！）》」』”’】〕…,.;:?!)\]}%]$/u
const OPENING = /^[（《「『“‘【〔([{]$/u
/** A run of Latin letters, digits and their punctuation wraps as one word; anything else at each character. */
const ATOMS = /\s+|[A-Za-z0-9０-９Ａ-Ｚａ-ｚ.,:;!?'"()%@#&+=_~/\\-]+|[^]/gu

/** Points by which measured text may exceed its width (rounding in the measures). */
const EPSILON = 0.01

/** One laid-out line: its text (runs are found when drawn) and width in points. */
export interface Line {
  text: string
  width: number
}

/** Where breaks may come in one paragraph: words and single characters, punctuation kept with its neighbour. */
function atomsOf(paragraph: string): string[] {
  const atoms: string[] = []
  let opening = ''
  for (const atom of paragraph.match(ATOMS) ?? []) {
    if (CLOSING.test(atom) && atoms.length > 0 && !/^\s+$/.test(atoms[atoms.length - 1] ?? '')) {
      atoms[atoms.length - 1] += atom
    } else if (OPENING.test(atom)) {
      opening += atom
    } else {
      atoms.push(opening + atom)
      opening = ''
    }
  }
  if (opening) atoms.push(opening)
  return atoms
}

/** Width of text at `size`, as the runs drawing it advance. */
export function widthOf(fonts: PosterFonts, text: string, size: number): number {
  let w = 0
  for (const run of runsOf(fonts, text)) w += fonts.width(run.font, run.text, size)
  return w
}

/**
 * Wraps text into lines no wider than `width` at `size`: at spaces, between CJK characters, and inside a word only
 * when the word alone is wider than the line. Every character is kept; explicit newlines start new lines.
 */
export function layoutLines(fonts: PosterFonts, text: string, width: number, size: number): Line[] {
  const lines: Line[] = []
  for (const paragraph of text.replace(/\r\n?/g, '\n').replace(/\t/g, ' ').split('\n')) {
    let line = ''
    let w = 0
    const flush = () => {
      const trimmed = line.replace(/\s+$/u, '')
      lines.push({ text: trimmed, width: trimmed === line ? w : widthOf(fonts, trimmed, size) })
      line = ''
      w = 0
    }
    for (const atom of atomsOf(paragraph)) {
      const space = /^\s+$/u.test(atom)
      if (space && line === '') continue
      const aw = widthOf(fonts, atom, size)
      // A hair of tolerance: a cell measured exactly as wide as its column stays on one line.
      if (w + aw <= width + EPSILON || space) {
        line += atom
        w += aw
        continue
      }
      if (line !== '' && aw <= width + EPSILON) {
        flush()
        line = atom
        w = aw
        continue
      }
      // A word wider than a whole line: broken between its characters.
      for (const ch of atom) {
        const cw = widthOf(fonts, ch, size)
        if (w + cw > width + EPSILON && line !== '') flush()
        line += ch
        w += cw
      }
    }
    flush()
  }
  return lines
}

/** How a piece of text is drawn. */
export interface TextStyle {
  size: number
  color?: string
  align?: 'left' | 'center' | 'right'
  /** Extra space between lines, in points. */
  gap?: number
}

/** Height of one line at `size` with `gap`. */
export const lineHeight = (size: number, gap = 0): number => size * LINE + gap

/**
 * A poster being drawn: the document, its fonts and the current height on the sheet. Text flows line by line onto
 * a new sheet when the next line does not fit; each new sheet runs the `onNewSheet` hooks (the running head, a
 * table's header).
 */
export class PosterCanvas {
  y: number
  /** Run on every sheet this canvas adds, in order, once the sheet is started. */
  readonly onNewSheet: (() => void)[] = []

  constructor(
    readonly doc: PDFKit.PDFDocument,
    readonly fonts: PosterFonts,
    /** Page margin, and the space kept free at the bottom for the footer. */
    readonly margin: number,
    readonly footer: number,
  ) {
    this.y = margin
  }

  get left(): number {
    return this.margin
  }
  get width(): number {
    return this.doc.page.width - this.margin * 2
  }
  /** The lowest a line may end on this sheet. */
  get bottom(): number {
    return this.doc.page.height - this.margin - this.footer
  }
  /** Whether `height` more fits on this sheet. */
  fits(height: number): boolean {
    return this.y + height <= this.bottom
  }

  /** Starts a new sheet and runs the hooks (running head, table header). */
  newSheet(): void {
    this.doc.addPage()
    this.y = this.margin
    for (const hook of this.onNewSheet) hook()
  }

  lines(text: string, size: number, width = this.width): Line[] {
    return layoutLines(this.fonts, text, width, size)
  }

  /** Draws one line with its top at `y`, inside `width` from `x`. */
  drawLine(line: Line, x: number, y: number, width: number, style: TextStyle): void {
    const { doc, fonts } = this
    const shift =
      style.align === 'center' ? (width - line.width) / 2 : style.align === 'right' ? width - line.width : 0
    let at = x + Math.max(0, shift)
    const baseline = y + (style.gap ?? 0) / 2 + style.size * ASCENT
    doc.fillColor(style.color ?? '#000000')
    for (const run of runsOf(fonts, line.text)) {
      doc
        .font(run.font)
        .fontSize(style.size)
        .text(run.text, at, baseline, { lineBreak: false, baseline: 'alphabetic' })
      at += fonts.width(run.font, run.text, style.size)
    }
  }

  /** Draws text from the current height at `x` within `width`, onto new sheets as needed. */
  text(text: string, style: TextStyle & { x?: number; width?: number }): void {
    const x = style.x ?? this.left
    const width = style.width ?? this.width
    const h = lineHeight(style.size, style.gap)
    for (const line of this.lines(text, style.size, width)) {
      if (!this.fits(h) && this.y > this.margin) this.newSheet()
      this.drawLine(line, x, this.y, width, style)
      this.y += h
    }
  }

  /** Height of text laid out at `size` within `width`. */
  heightOf(text: string, size: number, width = this.width, gap = 0): number {
    return this.lines(text, size, width).length * lineHeight(size, gap)
  }

  space(points: number): void {
    this.y += points
  }
}
