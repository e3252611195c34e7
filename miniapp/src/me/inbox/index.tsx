import { useState } from 'react'
import { Button, Text, View } from '@tarojs/components'
import Taro, { useDidShow } from '@tarojs/taro'
import type { InboxEntryDto } from '@cunwu/domain'
import { EmptyBox } from '@/components/page-state'
import { useLoader } from '@/hooks/use-loader'
import { getInbox, markAllInboxRead, markInboxRead } from '@/services/api/notifications'
import { Routes } from '@/routes'
import { errorText } from '@/utils/errors'
import { formatDateTime } from '@/utils/format'
import { deepLinkUrl } from './deep-link'
import { PageRoot } from '@/components/page-root'
import { LoadStateBox } from '@/components/load-error'
import { LINK } from '@/utils/link-role'
import './index.scss'

interface Loaded {
  entries: InboxEntryDto[]
  nextBefore: string | null
}

const PAGE_SIZE = 20

/** The message centre: every notification, newest first, unread ones marked; a tap opens what it is about. */
export default function InboxPage() {
  const page = useLoader<Loaded>()
  const [more, setMore] = useState<'idle' | 'loading' | string>('idle')
  const [notice, setNotice] = useState<string | null>(null)

  const load = () => page.run(() => getInbox({ limit: PAGE_SIZE }))
  // On every show: coming back from a disclosure, the list should show it as read.
  useDidShow(() => {
    void load()
  })

  const state = page.state
  if (state.kind !== 'ready')
    return (
      <PageRoot>
        <LoadStateBox state={state} onRetry={() => void load()} loadingText="正在读取消息…" />
      </PageRoot>
    )
  const data = state.data
  const unread = data.entries.filter((e) => e.readAt === null).length

  const markLocally = (ids: Set<string> | 'all') => {
    const now = new Date().toISOString()
    page.set({
      ...data,
      entries: data.entries.map((e) =>
        e.readAt === null && (ids === 'all' || ids.has(e.id)) ? { ...e, readAt: now } : e,
      ),
    })
  }

  const openEntry = async (e: InboxEntryDto) => {
    if (e.readAt === null) {
      markLocally(new Set([e.id]))
      // Opening matters more than the read mark: a failed mark is retried by the next tap or 全部已读.
      void markInboxRead(e.id).catch(() => undefined)
    }
    const url = deepLinkUrl(e.link)
    if (url) await Taro.navigateTo({ url })
    else setNotice('这条消息没有可以打开的页面')
  }

  const readAll = async () => {
    try {
      await markAllInboxRead()
      markLocally('all')
    } catch (err) {
      setNotice(errorText(err))
    }
  }

  const loadMore = async () => {
    if (!data.nextBefore) return
    setMore('loading')
    try {
      const next = await getInbox({ before: data.nextBefore, limit: PAGE_SIZE })
      page.set({ entries: [...data.entries, ...next.entries], nextBefore: next.nextBefore })
      setMore('idle')
    } catch (err) {
      setMore(errorText(err))
    }
  }

  return (
    <PageRoot className="cw-inbox">
      <View className="cw-inbox__top">
        <Text className="cw-inbox__summary">{unread > 0 ? `${unread} 条未读` : '没有未读消息'}</Text>
        {unread > 0 && (
          <Button className="cw-inbox__read-all" onClick={() => void readAll()}>
            全部已读
          </Button>
        )}
      </View>
      <Button
        className="cw-btn cw-btn--ghost cw-inbox__subscriptions"
        onClick={() => void Taro.navigateTo({ url: Routes.MeSubscriptions })}
      >
        管理我的订阅
      </Button>
      {notice && (
        <View className="cw-inbox__notice" role="alert">
          {notice}
        </View>
      )}
      {data.entries.length === 0 && (
        <EmptyBox text="还没有消息。订阅关心的公开类别后，有新内容会在这里提醒您。" />
      )}
      {data.entries.map((e) => (
        <View
          key={e.id}
          className={`cw-list-row cw-inbox__entry${e.readAt === null ? ' cw-inbox__entry--unread' : ''}`}
          data-id={e.id}
          data-event={e.eventType}
          onClick={() => void openEntry(e)}
        >
          <View className="cw-inbox__entry-head">
            {e.readAt === null && <Text className="cw-inbox__dot">未读</Text>}
            <Text className="cw-inbox__entry-title" {...LINK}>
              {e.title}
            </Text>
          </View>
          <Text className="cw-inbox__entry-body">{e.body}</Text>
          <Text className="cw-inbox__entry-time">{formatDateTime(e.createdAt)}</Text>
        </View>
      ))}
      {data.nextBefore && (
        <Button className="cw-btn cw-btn--ghost cw-inbox__more" onClick={() => void loadMore()}>
          {more === 'loading' ? '正在加载…' : '加载更早的消息'}
        </Button>
      )}
      {more !== 'idle' && more !== 'loading' && <Text className="cw-inbox__notice">{more}</Text>}
    </PageRoot>
  )
}
