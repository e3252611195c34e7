import { Text, View } from '@tarojs/components'
import type { HealthDto } from '@cunwu/domain'
import { formatDateTime } from '@/utils/format'
import './index.scss'

/** Props of {@link HealthCard}. */
export interface HealthCardProps {
  /** The BFF's answer to GET /api/v1/health. */
  health: HealthDto
}

const DB_TEXT: Record<HealthDto['database']['state'], string> = {
  up: '已连接',
  down: '不可用',
  unavailable: '不可用',
}

/** Shows the service health in plain words: status, database, version and server time. */
export function HealthCard({ health }: HealthCardProps) {
  const ok = health.status === 'ok'
  const dbUp = health.database.state === 'up'
  return (
    <View className="cw-health">
      <Text className={`cw-health__status ${ok ? 'cw-health__status--ok' : 'cw-health__status--degraded'}`}>
        {ok ? '服务正常' : '服务降级'}
      </Text>
      <View className="cw-health__row">
        <Text className={dbUp ? 'cw-health__db' : 'cw-health__db cw-health__db--down'}>
          数据库：{DB_TEXT[health.database.state]}
        </Text>
      </View>
      <View className="cw-health__row">
        <Text className="cw-health__version">版本：{health.version}</Text>
      </View>
      <View className="cw-health__row">
        <Text className="cw-health__time">服务器时间：{formatDateTime(health.time)}</Text>
      </View>
    </View>
  )
}
