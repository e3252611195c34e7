import { useEffect, useState } from 'react'
import { Button, Text, View } from '@tarojs/components'
import Taro, { useDidShow } from '@tarojs/taro'
import type { DisclosureDto } from '@cunwu/domain'
import { DisclosureCard, DisclosureCardSkeleton } from '@/components/disclosure-card'
import { OfflineLabel } from '@/components/offline-label'
import { EmptyBox, ErrorBox } from '@/components/page-state'
import { RetiredNotice, useRetirement } from '@/components/retired-notice'
import { useLoader } from '@/hooks/use-loader'
import { listCatalogDomains, type CatalogDomainSummary } from '@/services/api/catalog'
import { getVillageFeed, listRelatedDisclosures } from '@/services/api/disclosures'
import { Routes, pageUrl } from '@/routes'
import { errorText } from '@/utils/errors'
import './index.scss'

/** Domains villagers open most, shown first among the filter chips when the village has them. */
const PINNED_DOMAINS = ['village-finance', 'village-affairs']
/** Chips shown in the one collapsed row (after 全部); the rest open with 更多. */
export const COLLAPSED_CHIPS = 2
/** Cards the loading skeleton reserves: what a 360×640 screen shows of the feed, so nothing jumps. */
const SKELETON_CARDS = 3

/** Orders the filter chips: pinned high-frequency domains, then focus domains, then the rest as listed. */
export function orderChips(domains: CatalogDomainSummary[]): CatalogDomainSummary[] {
  const rank = (d: CatalogDomainSummary) => {
    const pinned = PINNED_DOMAINS.indexOf(d.id)
    if (pinned >= 0) return pinned
    return d.focus ? PINNED_DOMAINS.length : PINNED_DOMAINS.length + 1
  }
  return domains
    .filter((d) => d.villageItemCount > 0)
    .map((d, i) => ({ d, i }))
    .sort((a, b) => rank(a.d) - rank(b.d) || a.i - b.i)
    .map(({ d }) => d)
}

/** The chips of the collapsed row: the first few, plus the chosen one when it is further down the list. */
export function visibleChips(
  chips: CatalogDomainSummary[],
  expanded: boolean,
  chosen: string | undefined,
): CatalogDomainSummary[] {
  if (expanded) return chips
  const first = chips.slice(0, COLLAPSED_CHIPS)
  const extra = chips.find((c) => c.id === chosen && !first.includes(c))
  return extra ? [...first.slice(0, COLLAPSED_CHIPS - 1), extra] : first
}

/** How many published lists name the signed-in household (the 与我相关 count), refreshed whenever home shows. */
export function useRelatedCount(): number | null {
  const [count, setCount] = useState<number | null>(null)
  // The count is a hint on the button: when it cannot be read, the button shows without it.
  const refresh = () =>
    void listRelatedDisclosures().then(
      (list) => setCount(list.length),
      () => setCount(null),
    )
  useEffect(refresh, [])
  useDidShow(refresh)
  return count
}

/** The 与我相关 button with its count. */
export function RelatedButton({ count, className = '' }: { count: number | null; className?: string }) {
  return (
    <Button
      className={`cw-btn cw-btn--ghost cw-feed__related ${className}`}
      onClick={() => void Taro.navigateTo({ url: Routes.Related })}
    >
      与我相关
      <Text className="cw-feed__related-count">{count === null ? '' : ` ${count} 项`}</Text>
    </Button>
  )
}

/** 搜索: opens the search of published disclosures in this village (the simplified home shows it too, large). */
export function SearchButton({ villageCode, className = '' }: { villageCode: string; className?: string }) {
  return (
    <Button
      className={`cw-btn cw-btn--ghost cw-feed__search ${className}`}
      aria-label="搜索公开内容"
      onClick={() => void Taro.navigateTo({ url: pageUrl(Routes.Search, { village: villageCode }) })}
    >
      搜索
    </Button>
  )
}

/** The feed's place while the signed-in person's profile loads: the same rows and heights, no content. */
export function VillageFeedSkeleton() {
  return (
    <View className="cw-feed cw-feed--skeleton" aria-busy="true" aria-label="正在读取">
      <View className="cw-feed__tools">
        <View className="cw-feed__bone" />
      </View>
      <Text className="cw-feed__heading">本村公开</Text>
      <View className="cw-feed__chips" />
      {Array.from({ length: SKELETON_CARDS }, (_, i) => (
        <DisclosureCardSkeleton key={i} />
      ))}
    </View>
  )
}

/** Props of {@link VillageFeed}. */
export interface VillageFeedProps {
  villageCode: string
}

/**
 * The village's published matters, newest first, as the first thing on the villager's home: 与我相关 with its
 * count and 搜索 on one row, the category chips in one row with 更多, then the cards. While the feed loads, cards
 * of the same fixed height hold its place, so the page does not jump when it arrives (docs/miniapp.md).
 */
export function VillageFeed({ villageCode }: VillageFeedProps) {
  const feed = useLoader<DisclosureDto[]>()
  const chips = useLoader<CatalogDomainSummary[]>()
  const [domainId, setDomainId] = useState<string | undefined>(undefined)
  const [expanded, setExpanded] = useState(false)
  const related = useRelatedCount()
  const retirement = useRetirement(villageCode)
  const { run } = feed
  const runChips = chips.run

  useEffect(() => {
    void run(() => getVillageFeed(villageCode, { domainId, limit: 20 }))
  }, [run, villageCode, domainId])
  useEffect(() => {
    void runChips(async () => orderChips((await listCatalogDomains()).domains))
  }, [runChips])

  const reload = () => void run(() => getVillageFeed(villageCode, { domainId, limit: 20 }))
  const allChips = chips.state.kind === 'ready' ? chips.state.data : []
  const shownChips = visibleChips(allChips, expanded, domainId)
  const chip = (id: string | undefined, name: string) => (
    <Button
      key={id ?? 'all'}
      className={`cw-feed__chip${domainId === id ? ' cw-feed__chip--on' : ''}`}
      data-domain={id}
      aria-pressed={domainId === id}
      onClick={() => setDomainId(id)}
    >
      {name}
    </Button>
  )

  return (
    <View className="cw-feed">
      <View className="cw-feed__tools">
        <RelatedButton count={related} />
        <SearchButton villageCode={villageCode} />
      </View>
      {/* A merged village (撤并) says so; what it published stays below. */}
      <RetiredNotice retirement={retirement} />
      <Text className="cw-feed__heading">本村公开</Text>
      {feed.state.kind === 'ready' && <OfflineLabel data={feed.state.data} />}
      <View className="cw-feed__chips">
        {chip(undefined, '全部')}
        {shownChips.map((d) => chip(d.id, d.name))}
        {allChips.length > COLLAPSED_CHIPS && (
          <Button
            className="cw-feed__chip cw-feed__more"
            aria-expanded={expanded}
            onClick={() => setExpanded(!expanded)}
          >
            {expanded ? '收起' : '更多'}
          </Button>
        )}
      </View>
      {(feed.state.kind === 'loading' || feed.state.kind === 'idle') && (
        <View aria-busy="true" aria-label="正在读取本村公开的内容">
          {Array.from({ length: SKELETON_CARDS }, (_, i) => (
            <DisclosureCardSkeleton key={i} />
          ))}
        </View>
      )}
      {feed.state.kind === 'error' && <ErrorBox message={errorText(feed.state.error)} onRetry={reload} />}
      {feed.state.kind === 'ready' && feed.state.data.length === 0 && (
        <EmptyBox text={domainId ? '这一类还没有公开的内容' : '本村还没有公开的内容'} />
      )}
      {feed.state.kind === 'ready' &&
        feed.state.data.map((d) => <DisclosureCard key={d.id} disclosure={d} />)}
      {/* A short feed keeps the skeleton's height, so what follows (查看本村公开目录) does not move up when it arrives. */}
      {feed.state.kind === 'ready' &&
        Array.from({ length: Math.max(0, SKELETON_CARDS - Math.max(feed.state.data.length, 1)) }, (_, i) => (
          <View key={`spacer-${i}`} className="cw-feed__spacer">
            <DisclosureCardSkeleton />
          </View>
        ))}
    </View>
  )
}
