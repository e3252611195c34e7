import { useEffect, useState } from 'react'
import { Button, Text, View } from '@tarojs/components'
import type { SubscriptionsDto } from '@cunwu/domain'
import { useLoader } from '@/hooks/use-loader'
import { useSession } from '@/hooks/use-session'
import { useSubmitOnce } from '@/hooks/use-submit-once'
import { listSubscriptions } from '@/services/api/notifications'
import {
  allowedAny,
  followedBy,
  pickTemplateIds,
  remindersLeft,
  remindersText,
  subscribe,
  subscribedText,
  type SubscribeTarget,
} from '@/services/api/subscribe'
import { errorText } from '@/utils/errors'
import './index.scss'

/** Props of {@link SubscribeButton}. */
export interface SubscribeButtonProps {
  /** The category or item to follow. */
  target: SubscribeTarget
  /** The village; @default the user's only village. */
  villageCode?: string
  /** The item's category: following it counts as following the item. @default none */
  category?: string
  /** @default '订阅更新提醒' */
  label?: string
}

/**
 * A 订阅 button: asks WeChat's permission to send a reminder (the template ids are loaded before the tap,
 * because WeChat only opens its prompt straight from a tap) and records what to follow. Once followed it says
 * so, with the reminders WeChat still allows, and the button asks for one more.
 */
export function SubscribeButton({
  target,
  villageCode,
  category,
  label = '订阅更新提醒',
}: SubscribeButtonProps) {
  const session = useSession()
  const mine = useLoader<SubscriptionsDto>('idle')
  const { run } = mine
  const { busy, once } = useSubmitOnce()
  const [notice, setNotice] = useState<{ ok: boolean; text: string } | null>(null)

  useEffect(() => {
    if (session) void run(listSubscriptions)
  }, [run, session])

  if (!session || mine.state.kind !== 'ready') return null
  const subscriptions = mine.state.data
  const ids = pickTemplateIds(subscriptions.templates)
  const followed = followedBy(subscriptions, target, { villageCode, category })

  const handleTap = once(async () => {
    setNotice(null)
    try {
      const { results, subscriptions: next } = await subscribe(target, ids, villageCode)
      mine.set(next)
      setNotice({ ok: true, text: subscribedText(allowedAny(results)) })
    } catch (err) {
      setNotice({ ok: false, text: errorText(err) })
    }
  })
  return (
    <View className="cw-subscribe">
      {followed && (
        <View className="cw-subscribe__state" role="status">
          <Text className="cw-subscribe__followed">
            {followed === 'item' ? '✓ 已订阅这一项' : '✓ 已订阅这一类'}
          </Text>
          <Text className="cw-subscribe__reminders">{remindersText(remindersLeft(subscriptions, ids))}</Text>
        </View>
      )}
      <Button
        className={`cw-btn cw-btn--ghost cw-subscribe__button${busy ? ' cw-btn--busy' : ''}`}
        disabled={busy || undefined}
        onClick={() => void handleTap()}
      >
        {followed ? '再要一次微信提醒' : label}
      </Button>
      {notice && (
        <View
          className={`cw-subscribe__notice${notice.ok ? '' : ' cw-subscribe__notice--error'}`}
          role={notice.ok ? 'status' : 'alert'}
        >
          {notice.text}
        </View>
      )}
    </View>
  )
}
