import type { Column } from '@cunwu/domain'
import { normalizeLabel } from './normalize'
import { parseDecimalText } from './values'

/**
 * Totals and footer rows of a sheet (合计, 制表人…) and exact sums of the imported columns, for importRows.
 */

// A totals label, with a scope before it (本页, 全村, 一组, 第二村民小组) and counts after it as people write them in
// the name column: 合计15户, 合计：2户（normalised 合计2户）, 共计15户32人, 共2户. A bare 共 is a totals label only with a
// count after it. Labels are compared after normalizeLabel, which drops brackets (总计（2户3人）→ 总计), spaces (合 计)
// and punctuation (合计：→ 合计).
const COUNTS = '(?:\\d+(?:户|人|名|条|项|笔|个|元)?)'
const TOTALS = new RegExp(
  `^((?:本页|本表|全村|全乡|全镇|(?:第?[一二三四五六七八九十百\\d]+(?:村民小?组|组|队|社)))?(?:合计|总计|小计|累计|共计|总合计))${COUNTS}*$` +
    `|^(共)${COUNTS}+$`,
)
/** A closing totals label whose numbers are the sheet's declared totals. */
export const GRAND_TOTALS = /(合计|总计|共计|^共)$/
// A footer line names a role or a note and is followed by a colon (制表人：张三, 注：…), or asks for a seal.
const FOOTER =
  /^(制表|填表|填报|审核|审批|复核|经办|负责人|单位负责人|主管领导|分管领导|联系电话|监督电话|举报电话|日期|时间|注|说明|备注|公示期|公示时间)[^:：]{0,6}[:：]|盖章|公章|签字|签名/

/**
 * The normalised totals label of a 合计/总计/小计 row (without the counts written after it: 合计15户 → 合计), or
 * null. docs/spreadsheet-imports.md, "Rows that are not imported".
 */
export function isTotalsRow(row: readonly string[]): string | null {
  for (const cell of row) {
    // Every totals label contains 计 or 共; checking that first keeps normalisation off the hot path.
    if (cell === '' || cell.length > 24 || !(cell.includes('计') || cell.includes('共'))) continue
    const match = TOTALS.exec(normalizeLabel(cell))
    if (match !== null) return match[1] ?? match[2] ?? null
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
