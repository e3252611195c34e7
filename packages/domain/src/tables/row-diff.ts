import type { TableSchema } from '../catalog'
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
  /** For each row of the newer version marked `changed`, the index of the older row it pairs with; null otherwise. */
  pairedWith: (number | null)[]
}

/** One cell of a changed row: its column, its value in the older version and in the newer one. */
export interface CellChange {
  column: string
  before: CellValue | null
  after: CellValue | null
}

type Row = Readonly<Record<string, CellValue | undefined>>

/**
 * The columns that name a row between two versions, for every reader: those that identify a household
 * (`identifiesHousehold`) and that the public is shown (not `never_public`), i.e. the name. A reader who also sees the
 * ID number or 户号 (the household, staff) pairs rows as the public does, so a correction that fills in or corrects
 * an ID number reads as that row changed, not as one row added and another removed.
 */
export function rowKeyColumns(schema: Pick<TableSchema, 'columns'>): string[] {
  return schema.columns.filter((c) => c.identifiesHousehold && c.policy !== 'never_public').map((c) => c.key)
}

/**
 * Compares the rows of two versions of a table by row key: the cells of `keyColumns` (`rowKeyColumns`: the
 * household-identifying columns the public is shown) name a row, the cells of `valueColumns` are its content. A row whose key is
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
  // The older rows not yet paired, in order, by key and by key and content.
  const left = new Map<string, number[]>()
  const same = new Map<string, number[]>()
  const push = (map: Map<string, number[]>, key: string, i: number) => {
    const list = map.get(key)
    if (list) list.push(i)
    else map.set(key, [i])
  }
  before.forEach((row, i) => {
    const key = keyOf(row)
    push(left, key, i)
    push(same, `${key}\u0000${cells(row, valueColumns)}`, i)
  })
  const taken = new Set<number>()
  const marks: RowMark[] = after.map(() => null)
  const pairedWith: (number | null)[] = after.map(() => null)
  const pending: number[] = []
  // First pass: identical rows.
  after.forEach((row, i) => {
    const j = same.get(`${keyOf(row)}\u0000${cells(row, valueColumns)}`)?.shift()
    if (j === undefined) pending.push(i)
    else taken.add(j)
  })
  // Second pass: the rest pair with a remaining row of the same key (the first in order), or are new.
  let added = 0
  let changed = 0
  for (const i of pending) {
    const row = after[i]
    if (!row) continue
    const list = left.get(keyOf(row)) ?? []
    while (list.length > 0 && taken.has(list[0] ?? -1)) list.shift()
    const j = list.shift()
    if (j !== undefined) {
      taken.add(j)
      marks[i] = 'changed'
      pairedWith[i] = j
      changed += 1
    } else {
      marks[i] = 'added'
      added += 1
    }
  }
  const removed = before.length - taken.size
  return { marks, added, changed, removed, pairedWith }
}

/**
 * The cells of `columns` whose value differs between an older row and the newer row it pairs with (`pairedWith` of
 * `diffTableRows`), in column order. Pass both rows as the reader sees them, so a column the reader cannot see
 * is never named and a masked value is compared and given masked.
 */
export function changedCells(columns: readonly string[], before: Row, after: Row): CellChange[] {
  return columns
    .filter((c) => JSON.stringify(before[c] ?? null) !== JSON.stringify(after[c] ?? null))
    .map((c) => ({ column: c, before: before[c] ?? null, after: after[c] ?? null }))
}
