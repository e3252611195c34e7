import { useState } from 'react'
import { Button, Text, View } from '@tarojs/components'
import { useDidShow, useRouter } from '@tarojs/taro'
import type { MeDto, OutboxMessageDto, OutboxMetricsDto, OutboxStatus, RoleGrantDto } from '@cunwu/domain'
import { BarList, type BarTone } from '@/components/bar-list'
import { EmptyBox, LoadingBox } from '@/components/page-state'
import { useLoader } from '@/hooks/use-loader'
import { getMe } from '@/services/api/me'
import { getOutboxMetrics, listOutbox } from '@/services/api/outbox'
import { readQueryParam } from '@/routes'
import { formatDateTime } from '@/utils/format'
import {
  EVENT_TYPE_LABELS,
  OUTBOX_STATUSES,
  OUTBOX_STATUS_LABELS,
  errcodeText,
  pendingAgeText,
} from './labels'
import { PageRoot } from '@/components/page-root'
import { LoadErrorBox } from '@/components/load-error'
import './index.scss'

/** Which messages the list shows: one delivery state, or all of them. */
type Filter = OutboxStatus | 'all'

/** How many messages the list asks for (the newest ones). */
const LIST_LIMIT = 100

/** The colour of each state, in the chart and on the rows. */
const STATUS_TONE: Record<OutboxStatus, BarTone> = {
  pending: 'blue',
  sent: 'green',
  skipped_no_credit: 'grey',
  skipped_withdrawn: 'grey',
  failed: 'red',
  ambiguous: 'amber',
}

/** The regions the user administers. */
function adminGrants(me: MeDto): RoleGrantDto[] {
  return me.roles.filter((g) => g.role === 'admin')
}

/** The region to open: the one asked for, else the active admin role's, else the first admin grant's. */
function initialRegion(me: MeDto, grants: RoleGrantDto[], asked: string | undefined): string | undefined {
  if (asked) return asked
  if (me.activeRole?.role === 'admin') return me.activeRole.regionCode
  return grants[0]?.regionCode
}

/** The queue at a glance: the chart, the oldest pending message and the events whose messages are being written. */
function QueueSummary({ metrics }: { metrics: OutboxMetricsDto }) {
  return (
    <View className="cw-outbox__summary">
      <BarList
        label="各状态的消息数"
        items={OUTBOX_STATUSES.map((s) => ({
          key: s,
          label: OUTBOX_STATUS_LABELS[s],
          count: metrics.byStatus[s],
          tone: STATUS_TONE[s],
        }))}
      />
      <Text className="cw-outbox__fact cw-outbox__oldest">
        最早待发送：
        {metrics.oldestPendingAgeSeconds === null
          ? '没有待发送的消息'
          : pendingAgeText(metrics.oldestPendingAgeSeconds)}
      </Text>
      <Text className="cw-outbox__fact cw-outbox__expanding">
        正在生成的推送：{metrics.eventsExpanding} 条事件
      </Text>
      {metrics.eventsExpanding > 0 && (
        <Text className="cw-outbox__hint">这些事件的消息还在写入，写完后才计入上面的数字</Text>
      )}
    </View>
  )
}

/** One outgoing message: what it announced and its kind, to whom, when, its state and attempts, and why it failed. */
function MessageRow({ message: m }: { message: OutboxMessageDto }) {
  return (
    <View
      className={`cw-list-row cw-outbox__row cw-outbox__row--${STATUS_TONE[m.status]}`}
      data-id={m.id}
      data-status={m.status}
    >
      <View className="cw-outbox__row-head">
        <Text className="cw-outbox__row-title">{m.title ?? EVENT_TYPE_LABELS[m.eventType]}</Text>
        <Text className={`cw-outbox__row-status cw-outbox__row-status--${STATUS_TONE[m.status]}`}>
          {OUTBOX_STATUS_LABELS[m.status]}
        </Text>
      </View>
      {m.title !== null && (
        <Text className="cw-outbox__row-meta cw-outbox__row-kind">{EVENT_TYPE_LABELS[m.eventType]}</Text>
      )}
      <Text className="cw-outbox__row-meta">排队时间：{formatDateTime(m.createdAt)}</Text>
      {m.sentAt && <Text className="cw-outbox__row-meta">发送时间：{formatDateTime(m.sentAt)}</Text>}
      {m.status === 'pending' && m.nextAttemptAt && (
        <Text className="cw-outbox__row-meta">下次尝试：{formatDateTime(m.nextAttemptAt)}</Text>
      )}
      <Text className="cw-outbox__row-meta cw-outbox__row-recipient">
        发给：{m.recipient} · 已尝试 {m.attempts} 次
      </Text>
      {m.errcode !== null && (
        <Text className="cw-outbox__row-error" data-errcode={m.errcode}>
          错误码 {m.errcode}：{errcodeText(m.errcode)}
        </Text>
      )}
    </View>
  )
}

/**
 * For admins: how WeChat subscribe messages in their region are being delivered. On top the queue at a glance
 * (messages by state, the oldest pending one, events still being expanded to followers) with 刷新; below the
 * newest messages, filtered by state, each with what it announced, to whom in plain words (the BFF names a requester,
 * an asker or a household by their part only) and its errcode explained.
 */
export default function OutboxPage() {
  const params = useRouter().params
  const grants = useLoader<RoleGrantDto[]>()
  const metrics = useLoader<OutboxMetricsDto>('idle')
  const messages = useLoader<OutboxMessageDto[]>('idle')
  const [region, setRegion] = useState<string | null>(null)
  const [filter, setFilter] = useState<Filter>('all')

  const loadMetrics = (code: string) => metrics.run(() => getOutboxMetrics(code))
  const loadMessages = (code: string, which: Filter) =>
    messages.run(() => listOutbox(code, which === 'all' ? undefined : which, LIST_LIMIT))
  const loadRegion = (code: string, which: Filter) => {
    void loadMetrics(code)
    void loadMessages(code, which)
  }

  const start = () =>
    grants.run(async () => {
      const me = await getMe()
      const mine = adminGrants(me)
      const code = region ?? initialRegion(me, mine, readQueryParam(params.region))
      // Without an admin grant the page only says so; the BFF would refuse the outbox anyway.
      if (mine.length > 0 && code) {
        setRegion(code)
        loadRegion(code, filter)
      }
      return mine
    })
  useDidShow(() => {
    void start()
  })

  const chooseRegion = (code: string) => {
    if (code === region) return
    setRegion(code)
    loadRegion(code, filter)
  }

  const chooseFilter = (next: Filter) => {
    if (next === filter || !region) return
    setFilter(next)
    void loadMessages(region, next)
  }

  const g = grants.state
  if (g.kind === 'loading' || g.kind === 'idle')
    return (
      <PageRoot>
        <LoadingBox />
      </PageRoot>
    )
  if (g.kind === 'error')
    return (
      <PageRoot className="cw-outbox">
        <LoadErrorBox error={g.error} onRetry={() => void start()} />
      </PageRoot>
    )
  if (g.data.length === 0 || !region)
    return (
      <PageRoot className="cw-outbox">
        <EmptyBox text="您不是系统管理员，不能查看消息发送情况" />
      </PageRoot>
    )

  const regionName = g.data.find((x) => x.regionCode === region)?.regionName ?? region
  const m = metrics.state
  const list = messages.state
  const countOf = (s: Filter): number | null => {
    if (m.kind !== 'ready') return null
    return s === 'all' ? OUTBOX_STATUSES.reduce((sum, x) => sum + m.data.byStatus[x], 0) : m.data.byStatus[s]
  }

  return (
    <PageRoot className="cw-outbox">
      <Text className="cw-outbox__title">消息发送情况</Text>
      <Text className="cw-outbox__region">{regionName}</Text>

      {g.data.length > 1 && (
        <View className="cw-outbox__regions" aria-label="选择地区">
          <Text className="cw-outbox__label">选择地区</Text>
          {g.data.map((grant) => (
            <Button
              key={grant.regionCode}
              className={`cw-btn cw-outbox__region-option${grant.regionCode === region ? ' cw-outbox__region-option--chosen' : ' cw-btn--ghost'}`}
              aria-pressed={grant.regionCode === region}
              data-region={grant.regionCode}
              onClick={() => chooseRegion(grant.regionCode)}
            >
              {grant.regionName ?? grant.regionCode}
            </Button>
          ))}
        </View>
      )}

      <View className="cw-outbox__section">
        <View className="cw-outbox__section-head">
          <Text className="cw-outbox__heading">发送队列</Text>
          <Button className="cw-outbox__refresh" onClick={() => loadRegion(region, filter)}>
            刷新
          </Button>
        </View>
        {(m.kind === 'loading' || m.kind === 'idle') && <LoadingBox text="正在统计…" />}
        {m.kind === 'error' && (
          <LoadErrorBox title="没有统计成功" error={m.error} onRetry={() => void loadMetrics(region)} />
        )}
        {m.kind === 'ready' && <QueueSummary metrics={m.data} />}
      </View>

      <View className="cw-outbox__section">
        <Text className="cw-outbox__heading">消息</Text>
        <View className="cw-outbox__tabs">
          {(['all', ...OUTBOX_STATUSES] as const).map((s) => {
            const count = countOf(s)
            return (
              <Button
                key={s}
                className={`cw-outbox__tab${filter === s ? ' cw-outbox__tab--active' : ''}`}
                aria-pressed={filter === s}
                data-filter={s}
                onClick={() => chooseFilter(s)}
              >
                {s === 'all' ? '全部' : OUTBOX_STATUS_LABELS[s]}
                {count === null ? '' : ` ${count}`}
              </Button>
            )
          })}
        </View>
        {(list.kind === 'loading' || list.kind === 'idle') && <LoadingBox />}
        {list.kind === 'error' && (
          <LoadErrorBox error={list.error} onRetry={() => void loadMessages(region, filter)} />
        )}
        {list.kind === 'ready' && list.data.length === 0 && <EmptyBox text="暂无消息" />}
        {list.kind === 'ready' && list.data.map((msg) => <MessageRow key={msg.id} message={msg} />)}
        {list.kind === 'ready' && list.data.length >= LIST_LIMIT && (
          <Text className="cw-outbox__hint">只显示最近 {LIST_LIMIT} 条</Text>
        )}
      </View>
    </PageRoot>
  )
}
