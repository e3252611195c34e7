import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { DISCLOSURE_STATUS_LABELS, type DisclosureDto } from '@cunwu/domain'
import { Routes, pageUrl } from '@/routes'
import { formatDateTime } from '@/utils/format'
import { periodLabel } from '@/utils/period'
import './index.scss'

/** Props of {@link DisclosureCard}. */
export interface DisclosureCardProps {
  disclosure: DisclosureDto
  /** Shows the village name (wider searches). @default false */
  showVillage?: boolean
  /** What a tap does. @default opens the disclosure page */
  onOpen?: (d: DisclosureDto) => void
}

/** One disclosure in a list: title, category, period, when it was published, and its state when not plain. */
export function DisclosureCard({ disclosure: d, showVillage = false, onOpen }: DisclosureCardProps) {
  const open = () => {
    if (onOpen) onOpen(d)
    else void Taro.navigateTo({ url: pageUrl(Routes.Disclosure, { id: d.id }) })
  }
  return (
    <View className="cw-list-row cw-dcard" data-id={d.id} onClick={open}>
      <Text className="cw-dcard__title">{d.title}</Text>
      <Text className="cw-dcard__meta">
        {d.catalogItemName} · {periodLabel(d.period)}
        {d.version > 1 ? ` · 第${d.version}版` : ''}
      </Text>
      {showVillage && d.regionName && <Text className="cw-dcard__meta">{d.regionName}</Text>}
      {d.publishedAt && (
        <Text className="cw-dcard__meta">公开于 {formatDateTime(d.publishedAt).slice(0, 10)}</Text>
      )}
      {d.status !== 'published' && (
        <Text className={`cw-dcard__status cw-dcard__status--${d.status}`}>
          {DISCLOSURE_STATUS_LABELS[d.status]}
        </Text>
      )}
    </View>
  )
}
