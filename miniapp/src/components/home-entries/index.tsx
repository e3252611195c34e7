import { useEffect, useState } from 'react'
import { Button, Text, View } from '@tarojs/components'
import Taro, { useDidShow } from '@tarojs/taro'
import type { MeDto } from '@cunwu/domain'
import { getUnreadCount } from '@/services/api/notifications'
import { Routes, pageUrl } from '@/routes'
import './index.scss'

const open = (url: string) => void Taro.navigateTo({ url })

/**
 * The 消息 entry of the home page, with the number of unread messages (refreshed whenever home shows). `compact`:
 * a small tile that fits in the row of the signed-in person's name (the villager's home, whose first screen is
 * for the village's disclosures).
 */
export function InboxEntry({ compact = false }: { compact?: boolean }) {
  const [count, setCount] = useState<number | null>(null)
  // The badge is a hint: when the count cannot be read, the entry shows without it.
  const refresh = () => void getUnreadCount().then(setCount, () => setCount(null))
  // On mount (home shows this entry only once the profile has loaded, after the page's first onShow) and on
  // every later show, e.g. back from the inbox.
  useEffect(refresh, [])
  useDidShow(refresh)
  return (
    <View
      className={`cw-home-entries__inbox${compact ? ' cw-home-entries__inbox--compact' : ''}`}
      role="link"
      onClick={() => open(Routes.MeInbox)}
    >
      <Text className="cw-home-entries__inbox-text">消息</Text>
      {count !== null && count > 0 && (
        <Text className="cw-home-entries__count" aria-label={`${count} 条未读`}>
          {count > 99 ? '99+' : count}
        </Text>
      )}
    </View>
  )
}

/** Props of {@link StaffEntries}. */
export interface StaffEntriesProps {
  me: MeDto
}

/** The township's and county's work on alignment: the compliance dashboard and their own publications. */
export function StaffEntries({ me }: StaffEntriesProps) {
  const grant = me.activeRole
  if (!grant || (grant.role !== 'township' && grant.role !== 'county')) return null
  return (
    <View className="cw-home-entries__staff">
      <Button
        className="cw-btn cw-home-entries__compliance"
        onClick={() => open(pageUrl(Routes.StaffCompliance, { region: grant.regionCode }))}
      >
        合规看板
      </Button>
      <Button
        className="cw-btn cw-btn--ghost cw-home-entries__government"
        onClick={() => open(pageUrl(Routes.StaffGovernmentItems, { region: grant.regionCode }))}
      >
        {grant.role === 'county' ? '县级' : '乡镇'}公开事项（名单导入）
      </Button>
    </View>
  )
}
