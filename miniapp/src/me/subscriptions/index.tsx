import { useState } from 'react'
import { Button, Text, View } from '@tarojs/components'
import { useDidShow } from '@tarojs/taro'
import type { SubscriptionsDto } from '@cunwu/domain'
import { EmptyBox } from '@/components/page-state'
import { useLoader } from '@/hooks/use-loader'
import { useSubmitOnce } from '@/hooks/use-submit-once'
import { listCatalogDomains, type CatalogDomainSummary } from '@/services/api/catalog'
import { deleteSubscription, listSubscriptions } from '@/services/api/notifications'
import {
  allowedAny,
  pickTemplateIds,
  remindersLeft,
  remindersText,
  subscribe,
  subscribedText,
} from '@/services/api/subscribe'
import { errorText } from '@/utils/errors'
import { PageRoot } from '@/components/page-root'
import { LoadStateBox } from '@/components/load-error'
import './index.scss'

interface Loaded {
  mine: SubscriptionsDto
  domains: CatalogDomainSummary[]
}

/** What the user follows (cancel any), the reminders WeChat still allows, and categories to subscribe to. */
export default function SubscriptionsPage() {
  const page = useLoader<Loaded>()
  const [busy, setBusy] = useState<string | null>(null)
  const { once } = useSubmitOnce()
  const [notice, setNotice] = useState<{ ok: boolean; text: string } | null>(null)

  const load = () =>
    page.run(async () => {
      const [mine, catalog] = await Promise.all([listSubscriptions(), listCatalogDomains()])
      return { mine, domains: catalog.domains.filter((d) => d.villageItemCount > 0) }
    })
  useDidShow(() => {
    void load()
  })

  const state = page.state
  if (state.kind !== 'ready')
    return (
      <PageRoot>
        <LoadStateBox state={state} onRetry={() => void load()} />
      </PageRoot>
    )
  const { mine, domains } = state.data
  const templateIds = pickTemplateIds(mine.templates)
  const followed = new Set(mine.subscriptions.filter((s) => s.kind === 'category').map((s) => s.targetId))

  const handleSubscribe = once(async (domain: CatalogDomainSummary) => {
    // WeChat opens its prompt only straight from a tap, so nothing is awaited before subscribe() asks.
    setBusy(domain.id)
    setNotice(null)
    try {
      const { results, subscriptions } = await subscribe({ category: domain.id }, templateIds)
      page.set({ mine: subscriptions, domains })
      setNotice({ ok: true, text: `${domain.name}：${subscribedText(allowedAny(results))}` })
    } catch (err) {
      setNotice({ ok: false, text: errorText(err) })
    } finally {
      setBusy(null)
    }
  })

  const handleCancel = once(async (id: string, name: string) => {
    setBusy(id)
    setNotice(null)
    try {
      await deleteSubscription(id)
      page.set({ mine: { ...mine, subscriptions: mine.subscriptions.filter((s) => s.id !== id) }, domains })
      setNotice({ ok: true, text: `已取消订阅：${name}` })
    } catch (err) {
      setNotice({ ok: false, text: errorText(err) })
    } finally {
      setBusy(null)
    }
  })

  return (
    <PageRoot className="cw-subs">
      <Text className="cw-subs__heading">我订阅的</Text>
      {mine.subscriptions.length === 0 && <EmptyBox text="还没有订阅。订阅后，有新的公开会提醒您。" />}
      {mine.subscriptions.map((s) => (
        <View key={s.id} className="cw-list-row cw-subs__item" data-target={s.targetId}>
          <Text className="cw-subs__name">{s.targetName}</Text>
          <Text className="cw-subs__meta">{s.kind === 'category' ? '整个类别' : '单个事项'}</Text>
          <Button
            className={`cw-btn cw-btn--danger cw-subs__cancel${busy === s.id ? ' cw-btn--busy' : ''}`}
            disabled={busy === s.id || undefined}
            onClick={() => void handleCancel(s.id, s.targetName)}
          >
            取消订阅
          </Button>
        </View>
      ))}
      <Text className="cw-subs__reminders">{remindersText(remindersLeft(mine, templateIds))}</Text>
      {notice && (
        <View
          className={`cw-subs__notice${notice.ok ? '' : ' cw-subs__notice--error'}`}
          role={notice.ok ? 'status' : 'alert'}
        >
          {notice.text}
        </View>
      )}
      <Text className="cw-subs__heading">可以订阅的类别</Text>
      {domains.map((d) => (
        <View key={d.id} className="cw-list-row cw-subs__domain" data-domain={d.id}>
          <Text className="cw-subs__name">{d.name}</Text>
          {followed.has(d.id) && <Text className="cw-subs__meta cw-subs__followed">✓ 已订阅</Text>}
          <Button
            className={`cw-btn cw-subs__subscribe${busy === d.id ? ' cw-btn--busy' : ''}`}
            disabled={busy === d.id || undefined}
            onClick={() => void handleSubscribe(d)}
          >
            {followed.has(d.id) ? '再要一次提醒' : '订阅'}
          </Button>
        </View>
      ))}
    </PageRoot>
  )
}
