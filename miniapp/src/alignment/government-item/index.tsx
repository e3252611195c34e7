import { useState } from 'react'
import { Button, Text, View } from '@tarojs/components'
import { useLoad, useRouter } from '@tarojs/taro'
import type { GovernmentItemDto, PresentedTableDto } from '@cunwu/domain'
import { DisclosureTable } from '@/components/disclosure-table'
import { EmptyBox } from '@/components/page-state'
import { useLoader } from '@/hooks/use-loader'
import { getGovernmentItem } from '@/services/api/government-items'
import { readQueryParam } from '@/routes'
import { errorText, MissingLinkPartError } from '@/utils/errors'
import { formatDateTime } from '@/utils/format'
import { periodLabel } from '@/utils/period'
import { PageRoot } from '@/components/page-root'
import { LoadStateBox } from '@/components/load-error'
import './index.scss'

const STATUS_TEXT: Record<GovernmentItemDto['status'], string> = {
  draft: '草稿',
  published: '已公开',
  superseded: '已有新版本',
  retracted: '已撤回',
}

const LEVEL_TEXT: Record<GovernmentItemDto['level'], string> = { county: '县级公开', township: '乡镇公开' }

/** The rows shown so far followed by the next page (totals and counts add up page by page). */
export function appendPage(shown: PresentedTableDto, next: PresentedTableDto): PresentedTableDto {
  const totals = { ...shown.totals }
  for (const [key, value] of Object.entries(next.totals)) totals[key] = (totals[key] ?? 0) + value
  return {
    ...shown,
    rows: [...shown.rows, ...next.rows],
    totals,
    rowCount: shown.rowCount + next.rowCount,
    omittedRowCount: shown.omittedRowCount + next.omittedRowCount,
  }
}

/** A township or county publication as the public sees it, with only the given village's rows, page by page. */
export default function GovernmentItemPage() {
  const page = useLoader<GovernmentItemDto>()
  const [more, setMore] = useState<{ busy: boolean; error: string | null }>({ busy: false, error: null })
  const params = useRouter().params
  const id = readQueryParam(params.id)
  const village = readQueryParam(params.village)
  const load = () =>
    page.run(async () => {
      if (!id) throw new MissingLinkPartError('id')
      return getGovernmentItem(id, village)
    })
  useLoad(() => {
    void load()
  })
  const state = page.state
  if (state.kind !== 'ready')
    return (
      <PageRoot>
        <LoadStateBox state={state} onRetry={() => void load()} />
      </PageRoot>
    )
  const g = state.data
  const nextOffset = g.rowsPage?.nextOffset ?? null
  const loadMore = async () => {
    if (nextOffset === null || !id) return
    setMore({ busy: true, error: null })
    try {
      const next = await getGovernmentItem(id, village, nextOffset)
      const table = g.table && next.table ? appendPage(g.table, next.table) : g.table
      page.set({ ...g, table, rowsPage: next.rowsPage })
      setMore({ busy: false, error: null })
    } catch (err) {
      setMore({ busy: false, error: errorText(err) })
    }
  }
  return (
    <PageRoot className="cw-gov-item">
      <Text className="cw-gov-item__title">{g.title}</Text>
      <Text className="cw-gov-item__meta">
        {g.regionName ?? LEVEL_TEXT[g.level]} · {g.catalogItemName} · {periodLabel(g.period)} · 第{g.version}
        版
      </Text>
      <Text className="cw-gov-item__meta">
        {STATUS_TEXT[g.status]}
        {g.publishedAt ? ` · 公开时间：${formatDateTime(g.publishedAt)}` : ''}
      </Text>
      {g.retractReason && <Text className="cw-gov-item__retracted">撤回原因：{g.retractReason}</Text>}
      {g.body !== '' && <Text className="cw-gov-item__body">{g.body}</Text>}
      {g.figures.length > 0 && (
        <View className="cw-gov-item__figures">
          {g.figures.map((f) => (
            <Text key={f.name} className="cw-gov-item__figure">
              {f.name}：{String(f.value)}
              {f.unit ?? ''}
            </Text>
          ))}
        </View>
      )}
      {g.table ? <DisclosureTable table={g.table} /> : <EmptyBox text="这一项没有名单" />}
      {g.table && g.rowsPage && nextOffset !== null && (
        <View className="cw-gov-item__more">
          <Text className="cw-gov-item__meta">
            共 {g.rowsPage.total} 行，已显示前 {nextOffset} 行；合计只算已显示的行。
          </Text>
          <Button
            className={`cw-btn cw-btn--ghost cw-gov-item__more-btn${more.busy ? ' cw-btn--busy' : ''}`}
            disabled={more.busy || undefined}
            onClick={() => void loadMore()}
          >
            显示后面的行
          </Button>
          {more.error && <Text className="cw-gov-item__retracted">{more.error}</Text>}
        </View>
      )}
    </PageRoot>
  )
}
