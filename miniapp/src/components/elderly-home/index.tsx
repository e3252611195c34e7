import { useEffect } from 'react'
import { Button, Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import type { DisclosureDto, RoleGrantDto } from '@cunwu/domain'
import { DisclosureCard, DisclosureCardSkeleton } from '@/components/disclosure-card'
import { CallCommittee, useOfficePhone } from '@/components/office-phone'
import { EmptyBox, ErrorBox } from '@/components/page-state'
import { ReadAloud } from '@/components/read-aloud'
import { RelatedButton, SearchButton, useRelatedCount } from '@/components/village-feed'
import { useLoader } from '@/hooks/use-loader'
import { getVillageFeed } from '@/services/api/disclosures'
import { markElderlyModeOffered, setElderlyMode } from '@/services/elderly-mode'
import { Routes, pageUrl } from '@/routes'
import { errorText } from '@/utils/errors'
import { LINK } from '@/utils/link-role'
import './index.scss'

/** Newest items the simplified home lists. */
const ELDERLY_FEED_LIMIT = 5

/** Props of {@link ElderlyOffer}. */
export interface ElderlyOfferProps {
  /** Called once the person answered or closed the offer. */
  onDone: () => void
}

/** The one-time offer of 长辈模式 at first open: turn it on, or not now (the profile page has the switch). */
export function ElderlyOffer({ onDone }: ElderlyOfferProps) {
  const answer = (on: boolean | null) => {
    if (on === null) markElderlyModeOffered()
    else setElderlyMode(on)
    onDone()
  }
  return (
    <View className="cw-elderly-offer" role="region" aria-label="长辈模式">
      <Text className="cw-elderly-offer__text">字太小？长辈模式字更大（可在“我的”里改）</Text>
      <View className="cw-elderly-offer__actions">
        <Button className="cw-btn cw-elderly-offer__on" onClick={() => answer(true)}>
          打开长辈模式
        </Button>
        <Button className="cw-btn cw-btn--ghost cw-elderly-offer__no" onClick={() => answer(null)}>
          不用了
        </Button>
      </View>
    </View>
  )
}

/** Props of {@link ElderlyHome}. */
export interface ElderlyHomeProps {
  /** The villager's active role (its region is the village). */
  grant: RoleGrantDto
}

const openItem = (d: DisclosureDto) => void Taro.navigateTo({ url: pageUrl(Routes.Disclosure, { id: d.id }) })

/**
 * The simplified home of 长辈模式: the newest item with 读给我听 (the read-aloud player), 与我相关 with its count, 搜索,
 * 打电话给村委会 when the village has set its office phone, and the village's newest items.
 */
export function ElderlyHome({ grant }: ElderlyHomeProps) {
  const feed = useLoader<DisclosureDto[]>()
  const related = useRelatedCount()
  const officePhone = useOfficePhone(grant.regionCode)
  const { run } = feed
  const load = () => run(() => getVillageFeed(grant.regionCode, { limit: ELDERLY_FEED_LIMIT }))
  useEffect(() => {
    void run(() => getVillageFeed(grant.regionCode, { limit: ELDERLY_FEED_LIMIT }))
  }, [run, grant.regionCode])
  const newest = feed.state.kind === 'ready' ? feed.state.data[0] : undefined

  return (
    <View className="cw-elderly-home">
      {newest && (
        <View className="cw-elderly-home__newest">
          <Text className="cw-elderly-home__newest-label">最新一条</Text>
          <Text className="cw-elderly-home__newest-title" {...LINK} onClick={() => openItem(newest)}>
            {newest.title}
          </Text>
          {/* The same player as the item's page: the script and audio of this disclosure (docs/speech.md). */}
          <ReadAloud disclosureId={newest.id} />
        </View>
      )}
      <RelatedButton count={related} className="cw-elderly-home__related" />
      <SearchButton villageCode={grant.regionCode} className="cw-elderly-home__search" />
      {officePhone && <CallCommittee phone={officePhone} />}
      <Text className="cw-elderly-home__heading">本村公开</Text>
      {(feed.state.kind === 'loading' || feed.state.kind === 'idle') && (
        <View aria-busy="true" aria-label="正在读取本村公开的内容">
          <DisclosureCardSkeleton />
          <DisclosureCardSkeleton />
        </View>
      )}
      {feed.state.kind === 'error' && (
        <ErrorBox message={errorText(feed.state.error)} onRetry={() => void load()} />
      )}
      {feed.state.kind === 'ready' && feed.state.data.length === 0 && (
        <EmptyBox text="本村还没有公开的内容" />
      )}
      {feed.state.kind === 'ready' &&
        feed.state.data.map((d) => <DisclosureCard key={d.id} disclosure={d} />)}
      <Button
        className="cw-btn cw-btn--ghost cw-elderly-home__catalog"
        onClick={() => void Taro.navigateTo({ url: pageUrl(Routes.Catalog, { village: grant.regionCode }) })}
      >
        查看本村公开目录
      </Button>
    </View>
  )
}
