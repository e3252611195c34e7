import { Text, View } from '@tarojs/components'
import type { HealthDto } from '@cunwu/domain'
import { formatDateTime } from '@/utils/format'
import './index.scss'

/** Props of {@link HealthCard}. */
export interface HealthCardProps {
  /** The BFF's answer to GET /api/v1/health. */
  health: HealthDto
}

/**
 * Shows whether the service works, in words a villager understands: working or not, what that means for them, and the
 * server's time. No 数据库 or version here (the about page says the version once, at its foot).
 */
export function HealthCard({ health }: HealthCardProps) {
  const ok = health.status === 'ok'
  const dataUp = health.database.state === 'up'
  return (
    <View className="cw-health">
      <Text className={`cw-health__status ${ok ? 'cw-health__status--ok' : 'cw-health__status--degraded'}`}>
        {ok ? '服务正常' : '服务暂时有问题'}
      </Text>
      {!dataUp && (
        <View className="cw-health__row">
          <Text className="cw-health__db cw-health__db--down">暂时打不开公开的内容，请稍后再试</Text>
        </View>
      )}
      <View className="cw-health__row">
        <Text className="cw-health__time">现在时间：{formatDateTime(health.time)}</Text>
      </View>
    </View>
  )
}
