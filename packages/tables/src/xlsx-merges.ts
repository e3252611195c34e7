/** Merged ranges of a worksheet (`<mergeCell>`): every cell of a range reads the range's top-left value. */
import type { MergedDown } from './import-types'

/** Vertical merged ranges reported at most (a merged family in every row of a 20,000-row roster is 10,000). */
const MAX_MERGED_DOWN = 50_000

/** Most merged ranges kept while waiting for the rows, in a file that lists them before `<sheetData>`. */
const MAX_EARLY_MERGES = 10_000

/** Row and column numbers (1-based) of a range such as `A2:A4` (or one cell), or null when it is not one. */
function rangeOf(ref: string): [number, number, number, number] | null {
  const match = /^([A-Z]+)(\d+)(?::([A-Z]+)(\d+))?$/.exec(ref.replace(/\$/g, '').toUpperCase())
  if (match === null) return null
  const c0 = columnOf(match[1] ?? '')
  const r0 = parseInt(match[2] ?? '', 10)
  const c1 = match[3] === undefined ? c0 : columnOf(match[3])
  const r1 = match[4] === undefined ? r0 : parseInt(match[4], 10)
  if (!(r0 >= 1 && c0 >= 1 && r1 >= r0 && c1 >= c0)) return null
  return [r0, c0, r1, c1]
}

/** The column number (1 = A) of a cell reference such as `AB12`, or 0 when it has no letters. */
export function columnOf(ref: string): number {
  let col = 0
  for (let i = 0; i < ref.length; i++) {
    const code = ref.charCodeAt(i)
    if (code < 65 || code > 90) break
    col = col * 26 + code - 64
  }
  return col
}

/**
 * The merged ranges of one worksheet, filled into its rows (`rows`, as readSheetRows reads them) within the rows and
 * the `width` columns that hold values: a range listed after the rows is filled as it arrives, one listed before
 * them is kept until `finish`.
 */
export function mergeFiller(
  rows: string[][],
  name: string,
): {
  /** The ranges filled over several rows (SheetRead.mergedDown). */
  mergedDown: MergedDown[]
  /** A `<mergeCell>`'s `ref`, read once the rows are (`rowsRead`) or before them. */
  add(ref: string, rowsRead: boolean, width: number): void
  /** Fills the ranges listed before the rows. */
  finish(width: number): void
} {
  const earlyMerges: [number, number, number, number][] = []
  let filled = 0
  const mergedDown: MergedDown[] = []

  /** Gives every cell of a merged range its top-left value, within the rows and columns that hold values. */
  const fillMerge = ([r0, c0, r1, c1]: [number, number, number, number], width: number): void => {
    const top = rows[r0 - 1]?.[c0 - 1] ?? ''
    if (top === '') return
    const lastRow = Math.min(r1, rows.length)
    const lastColumn = Math.min(c1, width)
    if (lastRow > r0 && lastColumn >= c0 && mergedDown.length < MAX_MERGED_DOWN)
      mergedDown.push({
        firstRow: r0 - 1,
        lastRow: lastRow - 1,
        firstColumn: c0 - 1,
        lastColumn: lastColumn - 1,
      })
    for (let r = r0; r <= lastRow; r++) {
      // A row without a value of its own stays blank (the import skips it), as before the range was merged.
      const row = rows[r - 1]
      if (row === undefined || row.length === 0) continue
      for (let c = r === r0 ? c0 + 1 : c0; c <= lastColumn; c++) {
        while (row.length < c - 1) row.push('')
        row[c - 1] = top
      }
      filled += lastColumn - c0 + 1
    }
    // Ranges do not overlap in a file Excel wrote, so they fill at most the rows × columns that hold values.
    if (filled > rows.length * width) throw new Error(`overlapping merged ranges in ${name}`)
  }

  return {
    mergedDown,
    add(ref, rowsRead, width) {
      const range = rangeOf(ref)
      if (range === null) return
      if (rowsRead) fillMerge(range, width)
      else if (earlyMerges.length < MAX_EARLY_MERGES) earlyMerges.push(range)
      else throw new Error(`too many merged ranges before the rows in ${name}`)
    },
    finish(width) {
      for (const range of earlyMerges) fillMerge(range, width)
    },
  }
}
