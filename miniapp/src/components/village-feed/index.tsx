import { useEffect, useState } from 'react'
import { Button, Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import type { DisclosureDto } from '@cunwu/domain'
import { DisclosureCard } from '@/components/disclosure-card'
import { EmptyBox, ErrorBox, LoadingBox } from '@/components/page-state'
import { useLoader } from '@/hooks/use-loader'
import { listCatalogDomains, type CatalogDomainSummary } from '@/services/api/catalog'
import { getVillageFeed } from '@/services/api/disclosures'
import { Routes, pageUrl } from '@/routes'
import { errorText } from '@/utils/errors'
import './index.scss'

/** Domains villagers open most, shown first among the filter chips when the village has them. */
const PINNED_DOMAINS = ['village-finance', 'village-affairs']

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

/** Props of {@link VillageFeed}. */
export interface VillageFeedProps {
  villageCode: string
}

/** The village's published matters, focus categories first, with category chips, search and 与我相关. */
export function VillageFeed({ villageCode }: VillageFeedProps) {
  const feed = useLoader<DisclosureDto[]>()
  const chips = useLoader<CatalogDomainSummary[]>()
  const [domainId, setDomainId] = useState<string | undefined>(undefined)
  const { run } = feed
  const runChips = chips.run

  useEffect(() => {
    void run(() => getVillageFeed(villageCode, { domainId, limit: 20 }))
  }, [run, villageCode, domainId])
  useEffect(() => {
    void runChips(async () => orderChips((await listCatalogDomains()).domains))
  }, [runChips])

  const reload = () => void run(() => getVillageFeed(villageCode, { domainId, limit: 20 }))

  return (
    <View className="cw-feed">
      <View className="cw-feed__tools">
        <Button
          className="cw-btn cw-feed__search"
          onClick={() => void Taro.navigateTo({ url: pageUrl(Routes.Search, { village: villageCode }) })}
        >
          搜索公开内容
        </Button>
        <Button
          className="cw-btn cw-btn--ghost cw-feed__related"
          onClick={() => void Taro.navigateTo({ url: Routes.Related })}
        >
          与我相关
        </Button>
      </View>
      <Text className="cw-feed__heading">本村公开</Text>
      {chips.state.kind === 'ready' && (
        <View className="cw-feed__chips">
          <Text
            className={`cw-feed__chip${domainId === undefined ? ' cw-feed__chip--on' : ''}`}
            onClick={() => setDomainId(undefined)}
          >
            全部
          </Text>
          {chips.state.data.map((d) => (
            <Text
              key={d.id}
              className={`cw-feed__chip${domainId === d.id ? ' cw-feed__chip--on' : ''}`}
              data-domain={d.id}
              onClick={() => setDomainId(d.id)}
            >
              {d.name}
            </Text>
          ))}
        </View>
      )}
      {feed.state.kind === 'loading' && <LoadingBox text="正在读取本村公开的内容…" />}
      {feed.state.kind === 'error' && <ErrorBox message={errorText(feed.state.error)} onRetry={reload} />}
      {feed.state.kind === 'ready' && feed.state.data.length === 0 && (
        <EmptyBox text={domainId ? '这一类还没有公开的内容' : '本村还没有公开的内容'} />
      )}
      {feed.state.kind === 'ready' &&
        feed.state.data.map((d) => <DisclosureCard key={d.id} disclosure={d} />)}
    </View>
  )
}
