import { Text, View } from '@tarojs/components'
import { shanghaiDateTimeOf } from '@cunwu/domain'
import { offlineSavedAt } from '@/services/offline-cache'
import './index.scss'

/** "12月6日 14:30" in China time: when the copy on the phone was saved. */
export function savedAtText(savedAt: number): string {
  const [date = '', time = ''] = shanghaiDateTimeOf(savedAt).split('T')
  const [, month = '', day = ''] = date.split('-')
  return `${Number(month)}月${Number(day)}日 ${time.slice(0, 5)}`
}

/** Props of {@link OfflineLabel}. */
export interface OfflineLabelProps {
  /** What the page shows; the label appears only when it was read from the phone instead of the server. */
  data: unknown
}

/**
 * Says that the page shows the copy kept on the phone, and from when, because the network failed
 * (services/offline-cache.ts). Renders nothing for fresh data.
 */
export function OfflineLabel({ data }: OfflineLabelProps) {
  const savedAt = offlineSavedAt(data)
  if (savedAt === undefined) return null
  return (
    <View className="cw-offline-label" role="status">
      <Text className="cw-offline-label__text">离线查看 · 更新于 {savedAtText(savedAt)}</Text>
      <Text className="cw-offline-label__hint">网络恢复后，重新打开可看到最新内容</Text>
    </View>
  )
}
