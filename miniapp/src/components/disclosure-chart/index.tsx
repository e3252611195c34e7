import { Text, View } from '@tarojs/components'
import type { ChartSpec } from '@cunwu/domain'
import { formatYuan } from '@/utils/money'
import './index.scss'

/** A chart value as read aloud: 元 for fen amounts, plain numbers otherwise. */
export function chartValueText(unit: ChartSpec['unit'], value: number): string {
  if (unit === 'fen') return `${formatYuan(value)} 元`
  if (unit === 'count') return `${value}`
  return String(value)
}

/** Props of {@link DisclosureChart}. */
export interface DisclosureChartProps {
  chart: ChartSpec
}

// Drawn with plain Views (bar widths in %) instead of echarts: a few labelled bars are all a notice needs,
// it costs about 2 KB instead of a 500 KB subpackage, works the same in WeChat and H5, and every value is
// written out as text next to its bar, so nobody has to read a length or an angle.
/** A bar chart, or for `pie` the shares of the whole as one stacked bar, with each value written out. */
export function DisclosureChart({ chart }: DisclosureChartProps) {
  const values = chart.series.map((s) => Math.max(0, s.value))
  const max = Math.max(...values, 0)
  const sum = values.reduce((a, b) => a + b, 0)
  return (
    <View className={`cw-chart cw-chart--${chart.kind}`} aria-label={chart.title}>
      <Text className="cw-chart__title">{chart.title}</Text>
      {chart.kind === 'pie' && sum > 0 && (
        <View className="cw-chart__stack">
          {chart.series.map((s, i) => (
            <View
              key={s.label}
              className={`cw-chart__slice cw-chart__color--${i % 6}`}
              style={{ width: `${(Math.max(0, s.value) / sum) * 100}%` }}
            />
          ))}
        </View>
      )}
      {chart.series.map((s, i) => (
        <View key={s.label} className="cw-chart__item">
          <View className="cw-chart__label-row">
            <Text className="cw-chart__label">
              {chart.kind === 'pie' && <Text className={`cw-chart__dot cw-chart__color--${i % 6}`} />}
              {s.label}
            </Text>
            <Text className="cw-chart__value">
              {chartValueText(chart.unit, s.value)}
              {chart.kind === 'pie' && sum > 0
                ? `（${Math.round((Math.max(0, s.value) / sum) * 100)}%）`
                : ''}
            </Text>
          </View>
          {chart.kind === 'bar' && (
            <View className="cw-chart__track">
              <View
                className="cw-chart__bar"
                style={{ width: `${max > 0 ? Math.max(1, (Math.max(0, s.value) / max) * 100) : 0}%` }}
              />
            </View>
          )}
        </View>
      ))}
    </View>
  )
}
