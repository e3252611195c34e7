import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { DISCLOSURE_STATUS_LABELS, type DisclosureDto } from '@cunwu/domain'
import { statusTone } from '@/components/alignment'
import { Routes, pageUrl } from '@/routes'
import { formatDate } from '@/utils/format'
import { formatYuan } from '@/utils/money'
import { periodLabel } from '@/utils/period'
import { LINK } from '@/utils/link-role'
import './index.scss'

/** Props of {@link DisclosureCard}. */
export interface DisclosureCardProps {
  disclosure: DisclosureDto
  /** Shows the village name (wider searches). @default false */
  showVillage?: boolean
  /** What a tap does. @default opens the disclosure page */
  onOpen?: (d: DisclosureDto) => void
}

/**
 * One line that says what is in a disclosure: the first sentence of its text (the card shows it whole, wrapped, so
 * not a whole paragraph), else its list's size and total (共 12 户 · 合计 6,480.00 元), else its figures. Public facts
 * only: the table is the presented (public) one.
 */
export function summaryLine(d: Pick<DisclosureDto, 'body' | 'table' | 'figures'>): string {
  const first = d.body
    .split('\n')
    .map((l) => l.trim())
    .find((l) => l !== '')
  if (first) return /^[^。！？!?]*[。！？!?]/.exec(first)?.[0] ?? first
  if (d.table) {
    const amount = d.table.columns.find((c) => c.type === 'amount_fen' && c.total)
    const total = amount ? d.table.totals[amount.key] : undefined
    const count = `共 ${d.table.rowCount} 条`
    return typeof total === 'number' ? `${count} · 合计 ${formatYuan(total)} 元` : count
  }
  const figure = d.figures[0]
  return figure ? `${figure.name}：${String(figure.value)}${figure.unit ?? ''}` : ''
}

/**
 * One disclosure in a list: title, category and period, a one-line summary, the date it was published and the
 * alignment badge. Every line has a least height (title two lines, the rest one), so a list of cards takes the
 * same room as the skeleton that held its place; a longer line wraps, never cut (large text, narrow phones).
 */
export function DisclosureCard({ disclosure: d, showVillage = false, onOpen }: DisclosureCardProps) {
  const open = () => {
    if (onOpen) onOpen(d)
    else void Taro.navigateTo({ url: pageUrl(Routes.Disclosure, { id: d.id }) })
  }
  const tone = statusTone(d.alignment.status)
  return (
    <View className="cw-list-row cw-dcard" data-id={d.id} onClick={open}>
      {/* The title is the card's link (a keyboard reaches it, a screen reader names it); a tap anywhere opens it. */}
      <Text className="cw-dcard__title" {...LINK}>
        {d.title}
      </Text>
      <Text className="cw-dcard__meta">
        {d.catalogItemName} · {periodLabel(d.period)}
        {d.version > 1 ? ` · 第${d.version}版` : ''}
        {d.successor ? ` · ${d.successor.name}代为公开` : ''}
      </Text>
      {showVillage && d.regionName && <Text className="cw-dcard__meta">{d.regionName}</Text>}
      <Text className="cw-dcard__summary">{summaryLine(d)}</Text>
      <View className="cw-dcard__foot">
        {d.publishedAt && <Text className="cw-dcard__date">{formatDate(d.publishedAt)}</Text>}
        {d.status !== 'published' && (
          <Text className={`cw-dcard__status cw-dcard__status--${d.status}`}>
            {DISCLOSURE_STATUS_LABELS[d.status]}
          </Text>
        )}
        <Text className={`cw-dcard__badge cw-dcard__badge--${tone}`}>{d.alignment.label}</Text>
      </View>
    </View>
  )
}

/** A placeholder of a card's exact height, shown while the list loads. */
export function DisclosureCardSkeleton() {
  return (
    <View className="cw-list-row cw-dcard cw-dcard--skeleton" aria-hidden="true">
      <View className="cw-dcard__title cw-dcard__bone" />
      <View className="cw-dcard__meta cw-dcard__bone" />
      <View className="cw-dcard__summary cw-dcard__bone" />
      <View className="cw-dcard__foot cw-dcard__bone" />
    </View>
  )
}
