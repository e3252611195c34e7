import { Text, View } from '@tarojs/components'
import './index.scss'

/** The colour of a bar; each page maps its states onto these (green = good, red = wrong, amber = missing). */
export type BarTone = 'green' | 'red' | 'amber' | 'blue' | 'grey'

/** One bar: a label, a count and its colour. */
export interface BarItem {
  /** Stable key, also written to the row's `data-key` for tests. */
  key: string
  label: string
  count: number
  tone: BarTone
}

/** Props of {@link BarList}. */
export interface BarListProps {
  /** What the chart counts, read out by screen readers (e.g. 各状态的消息数). */
  label: string
  items: readonly BarItem[]
}

/** Width of a bar as a share of the longest one; all-zero counts draw no bars rather than dividing by zero. */
export function barWidth(count: number, items: readonly BarItem[]): string {
  const max = Math.max(1, ...items.map((i) => i.count))
  return `${(Math.max(0, count) / max) * 100}%`
}

/**
 * Counts as horizontal bars drawn with Views (no chart library in the package), one row per item: label,
 * bar, and the number itself, so the figure never depends on seeing the colour or the length.
 */
export function BarList({ label, items }: BarListProps) {
  return (
    <View className="cw-bar-list" role="list" aria-label={label}>
      {items.map((item) => (
        <View key={item.key} className="cw-bar-list__row" role="listitem" data-key={item.key}>
          <Text className="cw-bar-list__label">{item.label}</Text>
          <View className="cw-bar-list__track" aria-hidden="true">
            <View
              className={`cw-bar-list__bar cw-bar-list__bar--${item.tone}`}
              style={{ width: barWidth(item.count, items) }}
            />
          </View>
          <Text className="cw-bar-list__count">{item.count}</Text>
        </View>
      ))}
    </View>
  )
}
