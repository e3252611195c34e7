import { useState } from 'react'
import { Button, Input, Text, View } from '@tarojs/components'
import Taro, { useDidShow } from '@tarojs/taro'
import type { CatalogItem, DisclosureDto, RoleGrantDto } from '@cunwu/domain'
import { DisclosureCard } from '@/components/disclosure-card'
import { EmptyBox, LoadingBox } from '@/components/page-state'
import { useLoader } from '@/hooks/use-loader'
import { getVillageCatalog } from '@/services/api/catalog'
import { listVillageDisclosures } from '@/services/api/disclosure-drafts'
import { getVillageSchedule, type VillageSchedule } from '@/services/api/disclosures'
import { getMe } from '@/services/api/me'
import { Routes, pageUrl } from '@/routes'
import { periodLabel } from '@/utils/period'
import { secretaryGrant } from '../village'
import { MergedVillagesSection } from './merged-villages'
import { PageRoot } from '@/components/page-root'
import { LoadErrorBox, LoadStateBox } from '@/components/load-error'
import { formatDueDate } from '@/utils/format'
import './index.scss'

interface Overview {
  grant: RoleGrantDto
  disclosures: DisclosureDto[]
  schedule: VillageSchedule | null
}

const openEdit = (query: Record<string, string>) =>
  void Taro.navigateTo({ url: pageUrl(Routes.SecretaryDisclosureEdit, query) })

/** How many overdue items show before 显示全部. */
const OVERDUE_SHOWN = 5

/** Items whose name or heading contains the words typed (spaces separate words; all must match). */
export function matchingItems(items: CatalogItem[], query: string): CatalogItem[] {
  const words = query.trim().toLowerCase().split(/\s+/).filter(Boolean)
  if (words.length === 0) return items
  return items.filter((i) => {
    const text = `${i.name} ${i.level1} ${i.level2 ?? ''}`.toLowerCase()
    return words.every((w) => text.includes(w))
  })
}

/** Items a village publishes itself, focus items first, for the 新建 picker. */
export function villageItems(items: CatalogItem[]): CatalogItem[] {
  return items
    .filter((i) => i.levels.includes('village') && i.method !== 'not_disclosed')
    .sort((a, b) => Number(b.focus) - Number(a.focus))
}

/** The secretary's disclosures (drafts, waiting for review, published…), the year's overdue items, and 新建. */
export default function SecretaryDisclosuresPage() {
  const overview = useLoader<Overview | null>()
  const items = useLoader<CatalogItem[]>('idle')
  const [picking, setPicking] = useState(false)
  const [query, setQuery] = useState('')
  const [allOverdue, setAllOverdue] = useState(false)

  const load = () =>
    overview.run(async () => {
      const grant = secretaryGrant(await getMe())
      if (!grant) return null
      const [disclosures, schedule] = await Promise.all([
        listVillageDisclosures(grant.regionCode),
        // The schedule is a help, not a must: the list still shows when it fails.
        getVillageSchedule(grant.regionCode).catch(() => null),
      ])
      return { grant, disclosures, schedule }
    })
  useDidShow(() => {
    void load()
  })

  const startPicking = (grant: RoleGrantDto) => {
    setPicking(true)
    void items.run(async () => villageItems((await getVillageCatalog(grant.regionCode)).items))
  }

  const state = overview.state
  if (state.kind !== 'ready')
    return (
      <PageRoot>
        <LoadStateBox state={state} onRetry={() => void load()} />
      </PageRoot>
    )
  if (!state.data)
    return (
      <PageRoot>
        <EmptyBox text="您不是村务管理员，不能发布公开内容" />
      </PageRoot>
    )
  const { grant, disclosures, schedule } = state.data
  const overdue = schedule?.entries.filter((e) => e.status === 'overdue') ?? []
  return (
    <PageRoot className="cw-sdlist">
      <Text className="cw-sdlist__title">村务公开</Text>
      <Text className="cw-sdlist__village">{grant.regionName ?? grant.regionCode}</Text>

      {schedule && (
        <View className={`cw-sdlist__schedule${overdue.length > 0 ? ' cw-sdlist__schedule--overdue' : ''}`}>
          <Text className="cw-sdlist__overdue">超期未公开 {schedule.summary.overdue} 项</Text>
          <Text className="cw-sdlist__meta">
            近期要公开 {schedule.summary.dueSoon} 项 · 按时公开 {schedule.summary.onTime} 项
          </Text>
          {overdue.length > 0 && <Text className="cw-sdlist__meta">点一项就开始公开它：</Text>}
          {(allOverdue ? overdue : overdue.slice(0, OVERDUE_SHOWN)).map((e) => (
            <View
              key={`${e.itemId}|${e.periodKey}`}
              className="cw-list-row cw-sdlist__overdue-item"
              data-item={e.itemId}
              data-period={e.periodKey}
              onClick={() => openEdit({ itemId: e.itemId, period: e.periodKey })}
            >
              <Text className="cw-sdlist__item-name">
                {e.itemName} · {periodLabel(e.periodKey)}
              </Text>
              <Text className="cw-sdlist__meta">
                应在{formatDueDate(e.dueDate, e.provisional)}前公开 · 去公开 ›
              </Text>
            </View>
          ))}
          {overdue.length > OVERDUE_SHOWN && (
            <Button
              className="cw-btn cw-btn--ghost cw-sdlist__more"
              onClick={() => setAllOverdue(!allOverdue)}
            >
              {allOverdue ? '收起' : `显示全部 ${overdue.length} 项`}
            </Button>
          )}
        </View>
      )}

      <MergedVillagesSection grant={grant} />

      {!picking && (
        <Button className="cw-btn cw-sdlist__new" onClick={() => startPicking(grant)}>
          新建公开内容
        </Button>
      )}
      {picking && (
        <View className="cw-sdlist__picker">
          <Text className="cw-sdlist__heading">选择要公开的事项</Text>
          <Input
            className="cw-input cw-sdlist__search"
            type="text"
            value={query}
            placeholder="输入事项名称查找，如：低保、收支"
            aria-label="查找事项"
            onInput={(e) => setQuery(e.detail.value)}
          />
          {items.state.kind === 'loading' && <LoadingBox />}
          {items.state.kind === 'error' && (
            <LoadErrorBox error={items.state.error} onRetry={() => startPicking(grant)} />
          )}
          {items.state.kind === 'ready' && matchingItems(items.state.data, query).length === 0 && (
            <EmptyBox text="没有找到这个事项，换个词试试" />
          )}
          {items.state.kind === 'ready' &&
            matchingItems(items.state.data, query).map((item) => (
              <View
                key={item.id}
                className="cw-list-row cw-sdlist__pick-item"
                data-item={item.id}
                onClick={() => openEdit({ itemId: item.id })}
              >
                <Text className="cw-sdlist__item-name">{item.name}</Text>
                <Text className="cw-sdlist__meta">
                  {item.level2 ? `${item.level1} · ${item.level2}` : item.level1}
                  {item.table ? ' · 含表格' : ''}
                </Text>
              </View>
            ))}
          <Button className="cw-btn cw-btn--ghost" onClick={() => setPicking(false)}>
            取消
          </Button>
        </View>
      )}

      <Text className="cw-sdlist__heading">本村的公开内容</Text>
      {disclosures.length === 0 && <EmptyBox text="还没有公开内容，点上面的按钮新建" />}
      {disclosures.map((d) => (
        <View key={d.id} className="cw-sdlist__item">
          <DisclosureCard disclosure={d} onOpen={() => openEdit({ id: d.id })} />
        </View>
      ))}
    </PageRoot>
  )
}
