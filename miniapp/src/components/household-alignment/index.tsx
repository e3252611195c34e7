import { Text, View } from '@tarojs/components'
import type { HouseholdAlignmentDto, HouseholdDiscrepancyDto, HouseholdGovernmentRowDto } from '@cunwu/domain'
import { formatCell } from '@/components/disclosure-table'
import './index.scss'

/** A figure of one side, written as the table writes it; 没有写 when that side left it blank. */
function figureOf(d: HouseholdDiscrepancyDto, value: HouseholdDiscrepancyDto['village']): string {
  if (value === null || value === '') return '没有写'
  return d.column ? formatCell(d.column, value) : String(value)
}

/** Who is checking, and how far it has got, in one plain sentence. */
export function checkingText(a: HouseholdAlignmentDto): string {
  const note = a.note ? `：${a.note}` : ''
  if (a.state === 'explained') return `${a.checkedBy}已经核查并作了说明${note}`
  if (a.state === 'correction_requested') return `${a.checkedBy}已经核查，要求村里更正${note}`
  return `${a.checkedBy}正在核查，核查清楚后会更正名单或作出说明`
}

function Difference({ d, list }: { d: HouseholdDiscrepancyDto; list: string }) {
  if (d.kind === 'only_in_village')
    return (
      <View className="cw-own-diff__item" data-kind={d.kind}>
        <Text className="cw-own-diff__what">
          {d.name ? `${d.name}：` : ''}
          {list}上没有这一行
        </Text>
      </View>
    )
  return (
    <View className="cw-own-diff__item" data-kind={d.kind}>
      <Text className="cw-own-diff__what">
        {d.name ? `${d.name}的` : ''}
        {d.column?.label ?? '内容'}
      </Text>
      <View className="cw-own-diff__sides">
        <View className="cw-own-diff__side cw-own-diff__side--village">
          <Text className="cw-own-diff__side-name">村里公示</Text>
          <Text className="cw-own-diff__figure">{figureOf(d, d.village)}</Text>
        </View>
        <View className="cw-own-diff__side cw-own-diff__side--government">
          <Text className="cw-own-diff__side-name">{list}</Text>
          <Text className="cw-own-diff__figure">{figureOf(d, d.government)}</Text>
        </View>
      </View>
    </View>
  )
}

/** A row of the household's own that only the government's list has: what that list says of it. */
function GovernmentOnly({ r, list }: { r: HouseholdGovernmentRowDto; list: string }) {
  return (
    <View className="cw-own-diff__item" data-kind="only_in_government">
      <Text className="cw-own-diff__what">
        {r.name ? `${r.name}：` : ''}
        村里公示的名单里没有这一行
      </Text>
      <View className="cw-own-diff__side cw-own-diff__side--government">
        <Text className="cw-own-diff__side-name">{list}上写的是</Text>
        {r.cells.map((c) => (
          <Text key={c.column.key} className="cw-own-diff__cell" data-column={c.column.key}>
            {c.column.label}：{formatCell(c.column, c.value)}
          </Text>
        ))}
      </View>
    </View>
  )
}

/** Props of {@link HouseholdAlignment}. */
export interface HouseholdAlignmentProps {
  alignment: HouseholdAlignmentDto
}

/**
 * 您家这一行与县里（乡镇）名单不一样: shown only to the household itself, the figures of its own row that the
 * government's list gives differently, the village's and the government's side by side, and who is checking. When
 * only the government's list has the household (县里名单上有您家，村里公示的名单里没有), what that list says of it.
 */
export function HouseholdAlignment({ alignment: a }: HouseholdAlignmentProps) {
  const list = `${a.office}名单`
  const onlyInGovernment = a.onlyInGovernment ?? []
  const heading =
    a.discrepancies.length === 0 && onlyInGovernment.length > 0
      ? `${list}上有您家，村里公示的名单里没有`
      : `您家这一行与${list}不一样`
  return (
    <View className="cw-own-diff" role="region" aria-label={heading}>
      <Text className="cw-own-diff__heading">{heading}</Text>
      {a.discrepancies.map((d, i) => (
        <Difference key={`${d.row}-${d.column?.key ?? d.kind}-${i}`} d={d} list={list} />
      ))}
      {onlyInGovernment.map((r, i) => (
        <GovernmentOnly key={`government-${i}`} r={r} list={list} />
      ))}
      <Text className="cw-own-diff__checking">{checkingText(a)}。</Text>
    </View>
  )
}
