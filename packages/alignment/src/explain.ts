import type { Column } from '@cunwu/domain'
import type { MatchStrategy, ShownValue } from './types'
import { formatYuan, type Parsed } from './values'

/**
 * Plain-Chinese explanations, written for a villager or a township officer reading one line at a time. They only
 * use values already masked for the result (see columns.ts), so they never contain a full personal number.
 * Row numbers are 1-based (第 1 行 is the first row), as people count rows on a notice.
 */

/** How the two sides are named in explanations. */
export interface Sources {
  /** Who published the government side: 县里, 镇里, 政府. */
  government: string
}

/** The household a row-level explanation is about. */
export interface Who {
  name: string | null
  householdNo: string | null
  side: 'village' | 'government'
  index: number
}

const STRATEGY_LABELS: Readonly<Record<MatchStrategy, string>> = {
  id_number: '身份证号',
  household_no_name: '户号和姓名',
  name_id_tail: '姓名和身份证号后几位',
  name: '姓名',
}

function villageList(): string {
  return '村里公示名单'
}

function governmentList(s: Sources): string {
  return `${s.government}名单`
}

function sideList(s: Sources, side: 'village' | 'government'): string {
  return side === 'village' ? villageList() : governmentList(s)
}

/** "王建国（户号003）", or "村里公示名单第 4 行" when the row has no name. */
export function describeWho(s: Sources, who: Who): string {
  const base = who.name ?? `${sideList(s, who.side)}第 ${who.index + 1} 行`
  return who.householdNo ? `${base}（户号${who.householdNo}）` : base
}

function yuanOf(p: Parsed<number>): string | null {
  if (p.ok) return `${formatYuan(p.value)} 元`
  return p.empty ? null : `“${p.raw}”（无法识别为金额）`
}

/** amount_differs: "王建国（户号003）：村里公示的补贴金额为 1,234.50 元，县里名单为 1,324.50 元，相差 90.00 元。" */
export function explainAmount(
  s: Sources,
  who: Who,
  label: string,
  village: Parsed<number>,
  government: Parsed<number>,
): string {
  const v = yuanOf(village)
  const g = yuanOf(government)
  const first = v === null ? `村里公示未填写${label}` : `村里公示的${label}为 ${v}`
  const second = g === null ? `${governmentList(s)}未填写` : `${governmentList(s)}为 ${g}`
  const diff =
    village.ok && government.ok ? `，相差 ${formatYuan(Math.abs(government.value - village.value))} 元` : ''
  return `${describeWho(s, who)}：${first}，${second}${diff}。`
}

function quoted(value: ShownValue, unit: string | undefined): string | null {
  if (value === null) return null
  if (typeof value === 'number') return `${value}${unit ?? ''}`
  return unit && /^-?\d+(\.\d+)?$/.test(value) ? `${value}${unit}` : `“${value}”`
}

/** field_differs: "王建国（户号003）：村民小组不一致，村里公示为“三组”，县里名单为“四组”。" */
export function explainField(
  s: Sources,
  who: Who,
  column: Column,
  village: ShownValue,
  government: ShownValue,
): string {
  const v = quoted(village, column.unit)
  const g = quoted(government, column.unit)
  const first = v === null ? '村里公示未填写' : `村里公示为${v}`
  const second = g === null ? `${governmentList(s)}未填写` : `${governmentList(s)}为${g}`
  const sensitive = column.type === 'id_number' || column.type === 'phone' || column.type === 'bank_account'
  const note =
    sensitive && village !== null && village === government
      ? '（为保护隐私只显示部分号码，两边被隐去的数字不同）'
      : ''
  return `${describeWho(s, who)}：${column.label}不一致，${first}，${second}${note}。`
}

function rowNumbers(indices: readonly number[]): string {
  const shown = indices.slice(0, 5).map((i) => String(i + 1))
  return indices.length > 5 ? `${shown.join('、')} 等 ${indices.length} 行` : `${shown.join('、')} 行`
}

/** only_in_village / only_in_government, with a hint when the other side has an unmatched row of the same name. */
export function explainOnlyIn(s: Sources, who: Who, sameNameOnOtherSide: readonly number[]): string {
  const here = sideList(s, who.side)
  const there = sideList(s, who.side === 'village' ? 'government' : 'village')
  let text = `${describeWho(s, who)}：${here}中有，${there}中没有。`
  if (sameNameOnOtherSide.length > 0) {
    text += `${there}第 ${rowNumbers(sameNameOnOtherSide)}有同名记录，但身份证号或户号对不上，没有当作同一户，请核实是否登记有误。`
  }
  return text
}

interface Named {
  index: number
  displayName: string | null
}

function namesOf(rows: readonly Named[]): string {
  const names = [...new Set(rows.map((r) => r.displayName).filter((n): n is string => n !== null))]
  return names.length > 0 ? `（${names.slice(0, 3).join('、')}${names.length > 3 ? '等' : ''}）` : ''
}

/** ambiguous_match: which rows could correspond and why the system did not pair them. */
export function explainAmbiguous(
  s: Sources,
  village: readonly Named[],
  government: readonly Named[],
  by: MatchStrategy,
): string {
  const v = `${villageList()}第 ${rowNumbers(village.map((r) => r.index))}${namesOf(village)}`
  const g = `${governmentList(s)}第 ${rowNumbers(government.map((r) => r.index))}${namesOf(government)}`
  return `${v}与${g}按${STRATEGY_LABELS[by]}都可能是同一户，无法确定谁对应谁，系统没有自动配对，请人工核对。`
}

function amountOrNumber(value: number | string, unit: string): string {
  if (unit === '元' && typeof value === 'number') return `${formatYuan(value)} 元`
  return `${value}${unit === '' ? '' : ` ${unit}`}`
}

/** total_differs, for the headcount (unit 条) and for totalled columns. */
export function explainTotal(
  s: Sources,
  label: string,
  unit: string,
  village: number | string,
  government: number | string,
  difference: number | string | null,
  villageUnreadable: number,
  governmentUnreadable: number,
): string {
  if (label === '记录数' && typeof village === 'number' && typeof government === 'number') {
    const d = Math.abs(government - village)
    return `记录数：${villageList()}共 ${village} 条，${governmentList(s)}共 ${government} 条，相差 ${d} 条。`
  }
  const abs = typeof difference === 'number' ? Math.abs(difference) : (difference ?? '').replace(/^-/, '')
  let text = `${label}合计：村里公示为 ${amountOrNumber(village, unit)}，${governmentList(s)}为 ${amountOrNumber(government, unit)}，相差 ${amountOrNumber(abs, unit)}。`
  const notes: string[] = []
  if (villageUnreadable > 0) notes.push(`村里公示有 ${villageUnreadable} 项`)
  if (governmentUnreadable > 0) notes.push(`${governmentList(s)}有 ${governmentUnreadable} 项`)
  if (notes.length > 0) text += `另外${notes.join('、')}无法识别为数字，未计入合计。`
  return text
}

/** figure_differs: "低保标准：村里解读中为 650 元/月，县里公布为 680 元/月，相差 30 元/月。" */
export function explainFigure(
  s: Sources,
  name: string,
  village: string | null,
  government: string | null,
  difference: string | null,
): string {
  if (village === null)
    return `${name}：${s.government}公布为 ${government ?? ''}，村里解读中没有这个数字，无法核对。`
  if (government === null)
    return `${name}：村里解读中为 ${village}，${s.government}没有公布这个数字，无法核对。`
  const diff = difference === null ? '' : `，相差 ${difference}`
  return `${name}：村里解读中为 ${village}，${s.government}公布为 ${government}${diff}。`
}
