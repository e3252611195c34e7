import type { DisclosureDto } from '@cunwu/domain'
import { formatYuan } from '@cunwu/domain'
import type { Line, PosterCanvas } from './poster-text'
import { lineHeight, widthOf } from './poster-text'

/**
 * The public table on a poster (`docs/posters.md`): every cell printed in full. Columns are as wide as their
 * content asks (header and cells, numbers narrow and unwrapped, short text unwrapped up to eight characters and at most
 * MAX_TEXT_SHARE of the width), text wraps inside its cell, a row is as tall as its tallest cell, sheets break
 * between rows with the header repeated, and the totals line stays with at least the last row.
 */

export type PosterTable = NonNullable<DisclosureDto['table']>
type PosterColumn = PosterTable['columns'][number]

/** Column types printed as numbers: right-aligned, never wrapped while the table fits. */
const NUMERIC = new Set(['integer', 'decimal', 'amount_fen'])
/** Columns whose cells are short codes or dates: kept on one line where possible, like numbers. */
const UNBROKEN = new Set([...NUMERIC, 'date', 'boolean', 'id_number', 'phone', 'household_no'])
/** A text column gets its header and cells on one line up to this many characters before wider ones grow… */
const MIN_TEXT_CHARS = 8
/** …nor asks for more than this share of the table's width before the others have theirs. */
const MAX_TEXT_SHARE = 0.45

/** A cell as printed: amounts in 元 as the app writes them (`formatYuan`: 1,870.00), booleans as 是/否. */
export function cellText(type: string, value: unknown): string {
  if (value === null || value === undefined) return ''
  if (type === 'amount_fen' && typeof value === 'number') return formatYuan(value)
  if (typeof value === 'boolean') return value ? '是' : '否'
  return String(value)
}

function headerOf(c: PosterColumn): string {
  return c.type === 'amount_fen' ? `${c.label}（元）` : c.unit ? `${c.label}（${c.unit}）` : c.label
}

/**
 * Column widths summing to `width`: each column's natural width (its widest header or cell on one line) when all
 * fit, spread over the spare width; otherwise every column gets its minimum and the rest of the width goes to the
 * columns that would wrap, in proportion to what they lack. When even the minimums do not fit (very many columns),
 * all are scaled down and cells wrap between characters.
 */
export function columnWidths(
  c: PosterCanvas,
  columns: readonly PosterColumn[],
  cells: readonly string[][],
  size: number,
  pad: number,
  width: number,
): number[] {
  const natural: number[] = []
  const minimum: number[] = []
  columns.forEach((col, i) => {
    const header = widthOf(c.fonts, headerOf(col), size)
    let widest = 0
    for (const row of cells) widest = Math.max(widest, widthOf(c.fonts, row[i] ?? '', size))
    const unbroken = UNBROKEN.has(col.type)
    const cap = unbroken ? width : width * MAX_TEXT_SHARE
    const nat = Math.min(Math.max(header, widest), cap) + 2 * pad
    // Numbers and codes on one line, their header wrapping over them if longer; short text unwrapped.
    const least = unbroken
      ? Math.max(widest, 2 * size)
      : Math.min(Math.max(widest, header), (MIN_TEXT_CHARS + 0.25) * size)
    natural.push(nat)
    minimum.push(Math.min(nat, least + 2 * pad))
  })
  const sum = (xs: number[]) => xs.reduce((s, x) => s + x, 0)
  const least = sum(minimum)
  if (least >= width) return minimum.map((m) => (m * width) / least)
  const wanted = sum(natural)
  if (wanted <= width) return natural.map((n) => n + ((width - wanted) * n) / wanted)
  const spare = width - least
  const lacking = wanted - least
  return minimum.map((m, i) => m + ((natural[i] ?? m) - m) * (spare / lacking))
}

/** Draws the table from the canvas's current height; the caller has drawn its title. */
export function drawTable(c: PosterCanvas, table: PosterTable, k: number): void {
  const size = 9 * k
  const pad = 3 * k
  const vpad = 2.5 * k
  const lh = lineHeight(size)
  const width = c.width
  const left = c.left
  const { columns } = table
  const header = columns.map(headerOf)
  const cells = table.rows.map((row) => columns.map((col) => cellText(col.type, row[col.key])))
  const widths = columnWidths(c, columns, cells, size, pad, width)
  const xs = widths.map((_, i) => left + widths.slice(0, i).reduce((s, w) => s + w, 0))
  const layout = (texts: readonly string[]): Line[][] =>
    texts.map((t, i) => c.lines(t, size, (widths[i] ?? 0) - 2 * pad))
  const heightOf = (lines: Line[][]) => Math.max(1, ...lines.map((l) => l.length)) * lh + 2 * vpad
  const headerLines = layout(header)
  const headerH = heightOf(headerLines)

  /** Draws lines `from`..`to` of every cell as one band of a row at the current height. */
  const band = (lines: Line[][], from: number, to: number, shaded: boolean) => {
    const h = (to - from) * lh + 2 * vpad
    if (shaded) c.doc.rect(left, c.y, width, h).fill('#eeeeee')
    lines.forEach((cell, i) => {
      const align = NUMERIC.has(columns[i]?.type ?? '') && !shaded ? 'right' : 'left'
      cell.slice(from, to).forEach((line, n) => {
        c.drawLine(line, (xs[i] ?? left) + pad, c.y + vpad + n * lh, (widths[i] ?? 0) - 2 * pad, {
          size,
          align,
        })
      })
    })
    c.doc
      .moveTo(left, c.y + h)
      .lineTo(left + width, c.y + h)
      .lineWidth(0.5)
      .strokeColor('#999999')
      .stroke()
    c.y += h
  }
  /** Draws a row whole, or across sheets when it is taller than a sheet can hold. */
  const row = (lines: Line[][], shaded: boolean) => {
    const total = Math.max(1, ...lines.map((l) => l.length))
    let from = 0
    let fresh = false
    while (from < total) {
      const room = Math.floor((c.bottom - c.y - 2 * vpad) / lh)
      if (room <= 0 && !fresh) {
        c.newSheet()
        fresh = true
        continue
      }
      fresh = false
      const to = Math.min(total, from + Math.max(1, room))
      band(lines, from, to, shaded)
      from = to
      if (from < total) c.newSheet()
    }
  }
  const drawHeader = () => row(headerLines, true)

  const totals = columns.filter((col) => col.total && table.totals[col.key] !== undefined)
  const summary = [
    [
      `共 ${table.rowCount} 行`,
      ...totals.map(
        (col) =>
          `${col.label}合计 ${cellText(col.type, table.totals[col.key])}${col.type === 'amount_fen' ? ' 元' : (col.unit ?? '')}`,
      ),
    ].join('；'),
    ...(table.omittedRowCount ? [`另有 ${table.omittedRowCount} 行涉及未成年人，依法不公开`] : []),
  ]
  const summaryGap = 4 * k
  const summaryH = summaryGap + summary.reduce((s, t) => s + c.heightOf(t, 11 * k), 0)

  // The header starts a sheet only with the first row (or the totals) under it.
  const firstRow = cells[0] ? layout(cells[0]) : null
  const firstH = firstRow ? heightOf(firstRow) : summaryH
  if (!c.fits(headerH + Math.min(firstH, c.bottom - c.margin - headerH)) && c.y > c.margin) c.newSheet()
  drawHeader()
  c.onNewSheet.push(drawHeader)
  let onSheet = 0
  const sheets = () => c.doc.bufferedPageRange().count
  let sheetStart = sheets()
  cells.forEach((texts, i) => {
    const lines = i === 0 && firstRow ? firstRow : layout(texts)
    const h = heightOf(lines)
    const last = i === cells.length - 1
    // The last row takes the totals with it to the next sheet, so no sheet holds the totals alone.
    const need = last ? h + summaryH : h
    if (!c.fits(need) && onSheet > 0) {
      c.newSheet()
      onSheet = 0
      sheetStart = sheets()
    }
    row(lines, false)
    // A row split across sheets leaves its tail on the new one.
    if (sheets() !== sheetStart) {
      sheetStart = sheets()
      onSheet = 1
    } else onSheet++
  })
  c.onNewSheet.pop()
  c.space(summaryGap)
  for (const line of summary) c.text(line, { size: 11 * k })
}
