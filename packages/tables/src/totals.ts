import type { Column } from '@cunwu/domain'
import { normalizeLabel } from './normalize'
import { parseDecimalText } from './values'

/**
 * Totals and footer rows of a sheet (合计, 制表人…) and exact sums of the imported columns, for importRows.
 */

const TOTALS = /^(本页|本表|全村|全乡|全镇)?(合计|总计|小计|累计|共计|总合计)$/
/** A closing totals label whose numbers are the sheet's declared totals. */
export const GRAND_TOTALS = /(合计|总计|共计)$/
// A footer line names a role or a note and is followed by a colon (制表人：张三, 注：…), or asks for a seal.
const FOOTER =
  /^(制表|填表|填报|审核|审批|复核|经办|负责人|单位负责人|主管领导|分管领导|联系电话|监督电话|举报电话|日期|时间|注|说明|备注|公示期|公示时间)[^:：]{0,6}[:：]|盖章|公章|签字|签名/

/** The normalised totals label of a 合计/总计/小计 row, or null. */
export function isTotalsRow(row: readonly string[]): string | null {
  for (const cell of row) {
    // Every totals label contains 计; checking that first keeps normalisation off the hot path.
    if (cell === '' || cell.length > 20 || !cell.includes('计')) continue
    const label = normalizeLabel(cell)
    if (TOTALS.test(label)) return label
  }
  return null
}

/** Whether a row is a footer line (制表人：…, 审核：…, 注：…, 盖章). */
export function isFooterRow(row: readonly string[]): boolean {
  const first = row.find((c) => c !== '')
  return first !== undefined && FOOTER.test(first.normalize('NFKC').replace(/\s+/g, ''))
}

/** Exact running sum of decimal texts (no float drift over 10,000 areas in 亩). */
export class ExactSum {
  private units = 0n
  private scale = 0

  add(text: string): void {
    const p = parseDecimalText(text)
    if (p === null) return
    const frac = p.frac.replace(/0+$/, '')
    if (frac.length > this.scale) {
      this.units *= 10n ** BigInt(frac.length - this.scale)
      this.scale = frac.length
    }
    const v = BigInt(p.int + frac.padEnd(this.scale, '0'))
    this.units += p.negative ? -v : v
  }

  toNumber(): number {
    if (this.scale === 0) return Number(this.units)
    const negative = this.units < 0n
    const digits = (negative ? -this.units : this.units).toString().padStart(this.scale + 1, '0')
    const text = `${digits.slice(0, -this.scale)}.${digits.slice(-this.scale)}`
    return Number(negative ? `-${text}` : text)
  }
}

/** A total for a message: amounts as 1,503.00 元, other numbers with the column's unit. */
export function formatTotal(column: Column, value: number): string {
  if (column.type === 'amount_fen') {
    const yuan = (Math.abs(value) / 100).toLocaleString('en-US', {
      minimumFractionDigits: 2,
      maximumFractionDigits: 2,
    })
    return `${value < 0 ? '-' : ''}${yuan} 元`
  }
  return `${value}${column.unit ?? ''}`
}
