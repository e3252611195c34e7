import type { CellValue } from '../privacy'

/** How a row of the newer version differs from the older one: new, changed, or the same (null). */
export type RowMark = 'added' | 'changed' | null

/** What changed between the rows of two versions of one table. */
export interface RowDiff {
  /** One mark per row of the newer version, in its order. */
  marks: RowMark[]
  added: number
  changed: number
  /** Rows of the older version with no counterpart in the newer one. */
  removed: number
}

type Row = Readonly<Record<string, CellValue | undefined>>

/**
 * Compares the rows of two versions of a table by row key: the cells of `keyColumns` (the columns that identify
 * a household: name, 户号, ID number) name a row, the cells of `valueColumns` are its content. A row whose key is
 * in the older version is `changed` when its content differs; a key seen in neither is `added`. Rows sharing a key
 * (two people of the same name) pair up with identical rows first, then in order. Without key columns a row is
 * named by its content, so an edit reads as one row added and one removed.
 *
 * Pass the rows as the reader sees them (the public presenter's output for the public), so that a change in a
 * column the reader cannot see marks nothing.
 */
export function diffTableRows(
  keyColumns: readonly string[],
  valueColumns: readonly string[],
  before: readonly Row[],
  after: readonly Row[],
): RowDiff {
  const cells = (row: Row, keys: readonly string[]) => JSON.stringify(keys.map((k) => row[k] ?? null))
  const keyOf = (row: Row) => cells(row, keyColumns.length > 0 ? keyColumns : valueColumns)
  const left = new Map<string, number>()
  const same = new Map<string, number>()
  for (const row of before) {
    const key = keyOf(row)
    left.set(key, (left.get(key) ?? 0) + 1)
    const exact = `${key}\u0000${cells(row, valueColumns)}`
    same.set(exact, (same.get(exact) ?? 0) + 1)
  }
  const marks: RowMark[] = after.map(() => null)
  const pending: number[] = []
  // First pass: identical rows.
  after.forEach((row, i) => {
    const key = keyOf(row)
    const exact = `${key}\u0000${cells(row, valueColumns)}`
    const n = same.get(exact) ?? 0
    if (n > 0) {
      same.set(exact, n - 1)
      left.set(key, (left.get(key) ?? 1) - 1)
    } else pending.push(i)
  })
  // Second pass: the rest pair with a remaining row of the same key, or are new.
  let added = 0
  let changed = 0
  for (const i of pending) {
    const row = after[i]
    if (!row) continue
    const key = keyOf(row)
    const n = left.get(key) ?? 0
    if (n > 0) {
      left.set(key, n - 1)
      marks[i] = 'changed'
      changed += 1
    } else {
      marks[i] = 'added'
      added += 1
    }
  }
  let removed = 0
  for (const n of left.values()) removed += n
  return { marks, added, changed, removed }
}
