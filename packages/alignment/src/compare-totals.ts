import type { Column } from '@cunwu/domain'
import type { ColumnComparer } from './columns'
import type { Context } from './context'
import { explainTotal } from './explain'
import { emptyDiscrepancy, pad, push } from './ordering'
import { FREE } from './side'
import type { SideTotal, SideTotals } from './totals'
import type { AlignmentSummary, ColumnTotal, Row } from './types'
import { addDecimals, formatDecimal } from './values'

/**
 * Column totals, summed while the matched rows are compared, since their cells are read then anyway (a separate
 * pass over a million government rows in their own order cost more than all the comparing). The village sums
 * follow row order; the government sums follow the village order and are checked to be order-independent.
 */
export interface Totals {
  village: SideTotals
  government: SideTotals
  /** Per compared column: its position among the totalled columns, -1 when it is not totalled. */
  position: Int32Array
}

/**
 * Completes the government sums with the rows not matched; when the order of the additions could matter (a sum
 * near 2^53), sums the government rows again in row order.
 */
export function sumGovernment(ctx: Context, sums: SideTotals): SideTotal[] {
  if (sums.empty) return []
  const g = ctx.g
  for (let j = 0; j < g.length; j += 1) {
    if ((g.partner[j] ?? FREE) < 0) sums.addRow(g.rows[j] as Row)
  }
  return sums.exact ? sums.totals() : sums.sumRows(g.rows)
}

/**
 * Headcount and column totals: `totalled` are the compared columns with `total`, `villageSums` / `governmentSums`
 * their sums on each side (same order).
 */
export function compareTotals(
  ctx: Context,
  summary: AlignmentSummary,
  primaryAmount: Column | undefined,
  totalled: readonly ColumnComparer[],
  villageSums: readonly SideTotal[],
  governmentSums: readonly SideTotal[],
): void {
  const village = ctx.v.rows
  const government = ctx.g.rows
  const { sources } = ctx
  if (village.length !== government.length) {
    const d = emptyDiscrepancy('total_differs', null)
    d.label = '记录数'
    d.villageValue = village.length
    d.governmentValue = government.length
    d.difference = government.length - village.length
    d.explanation = explainTotal(sources, '记录数', '条', village.length, government.length, null, 0, 0)
    push(ctx, d, `0\u0000${pad(-1)}`)
  }
  totalled.forEach((c, k) => {
    const column = c.column
    const vt = villageSums[k]
    const gt = governmentSums[k]
    if (!vt || !gt) return
    const isAmount = column.type === 'amount_fen'
    if (column === primaryAmount) {
      summary.villageTotalFen = vt.present ? vt.fen : null
      summary.governmentTotalFen = gt.present ? gt.fen : null
    }
    const vValue = isAmount ? vt.fen : formatDecimal(vt.decimal)
    const gValue = isAmount ? gt.fen : formatDecimal(gt.decimal)
    summary.totals.push({
      column: column.key,
      label: column.label,
      village: vValue,
      government: gValue,
      villageUnreadable: vt.unreadable,
      governmentUnreadable: gt.unreadable,
    } satisfies ColumnTotal)
    if (vValue === gValue) return
    const d = emptyDiscrepancy('total_differs', null)
    d.column = column.key
    d.label = column.label
    d.villageValue = vValue
    d.governmentValue = gValue
    d.difference = isAmount
      ? gt.fen - vt.fen
      : formatDecimal(addDecimals([gt.decimal, { units: -vt.decimal.units, scale: vt.decimal.scale }]))
    d.explanation = explainTotal(
      sources,
      column.label,
      isAmount ? '元' : (column.unit ?? ''),
      vValue,
      gValue,
      d.difference,
      vt.unreadable,
      gt.unreadable,
    )
    push(ctx, d, `0\u0000${pad(c.order)}`)
  })
}
