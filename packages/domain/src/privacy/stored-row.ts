import type { TableSchema } from '../catalog/table-schema'
import { presentTableRows, type TableRow } from './present'

/**
 * The stored row (1-based) a villager means by a row number of the public table, or null when the public table
 * has no such row. Villagers count the rows they are shown, and the public table leaves out rows about minors
 * (the privacy rule of `presentTableRows`, docs/privacy.md; docs/questions.md), so the two numbers differ after such a row. The
 * rule is applied one row at a time through `presentTableRows` itself, so the count matches what was shown.
 */
export function storedRowOf(
  schema: TableSchema | null | undefined,
  rows: readonly TableRow[] | null | undefined,
  publicRow: number,
): number | null {
  if (!schema || !rows) return null
  let seen = 0
  for (const [index, row] of rows.entries()) {
    if (presentTableRows(schema, [row], { audience: 'public' }).omittedRowCount > 0) continue
    seen += 1
    if (seen === publicRow) return index + 1
  }
  return null
}
