import { useEffect, useState } from 'react'
import { Button, View } from '@tarojs/components'
import { useLoader } from '@/hooks/use-loader'
import { useSession } from '@/hooks/use-session'
import { listSubscriptions } from '@/services/api/notifications'
import {
  allowedAny,
  pickTemplateIds,
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
  /** @default '订阅更新提醒' */
  label?: string
}

/**
 * A 订阅 button: asks WeChat's permission to send a reminder (the template ids are loaded before the tap,
 * because WeChat only opens its prompt straight from a tap) and records what to follow.
 */
export function SubscribeButton({ target, villageCode, label = '订阅更新提醒' }: SubscribeButtonProps) {
  const session = useSession()
  const templates = useLoader<string[]>('idle')
  const { run } = templates
  const [busy, setBusy] = useState(false)
  const [notice, setNotice] = useState<{ ok: boolean; text: string } | null>(null)

  useEffect(() => {
    if (session) void run(async () => pickTemplateIds((await listSubscriptions()).templates))
  }, [run, session])

  if (!session || templates.state.kind !== 'ready') return null
  const ids = templates.state.data

  const handleTap = async () => {
    setBusy(true)
    setNotice(null)
    try {
      const { results } = await subscribe(target, ids, villageCode)
      setNotice({ ok: true, text: subscribedText(allowedAny(results)) })
    } catch (err) {
      setNotice({ ok: false, text: errorText(err) })
    } finally {
      setBusy(false)
    }
  }
  return (
    <View className="cw-subscribe">
      <Button
        className={`cw-btn cw-btn--ghost cw-subscribe__button${busy ? ' cw-btn--busy' : ''}`}
        disabled={busy || undefined}
        onClick={() => void handleTap()}
      >
        {label}
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
