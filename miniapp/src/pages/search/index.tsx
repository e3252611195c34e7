import { useState } from 'react'
import { Button, Input, Text, View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import {
  isHowToQuery,
  levelOfCode,
  SEARCH_QUERY_MAX,
  type DisclosureDto,
  type ServiceGuideSummaryDto,
} from '@cunwu/domain'
import { oneLineMaxLength } from '@/components/text-count'
import { DisclosureCard } from '@/components/disclosure-card'
import { LoadErrorBox } from '@/components/load-error'
import { EmptyBox, LoadingBox } from '@/components/page-state'
import { useLoader } from '@/hooks/use-loader'
import { searchWithGuides } from '@/services/api/service-guides'
import { publicRegion } from '@/services/public-region'
import { isSignedIn } from '@/services/session'
import { Routes, pageUrl, readQueryParam } from '@/routes'
import { PageRoot } from '@/components/page-root'
import './index.scss'

/** Where to search: the village itself, or every village of its county. */
export type SearchScope = 'village' | 'county'

/** The region code a search covers: the village, or its county (first 6 digits of the 12-digit code). */
export function scopeRegion(villageCode: string, scope: SearchScope): string {
  return scope === 'village' ? villageCode : `${villageCode.slice(0, 6)}000000`
}

interface Results {
  q: string
  /** What was searched: the village, or the county (also when no village is known). */
  scope: SearchScope
  /** No village was known (signed out, not yet in a village): the county was searched whatever was chosen. */
  noVillage: boolean
  list: DisclosureDto[]
  /** 办事指南 matching the words, in the village's county. */
  guides: ServiceGuideSummaryDto[]
  village: string
}

/**
 * Published disclosures are public (GET /search needs no sign-in): without a village of one's own (signed out, not
 * yet in a village) the county is searched, and the page says so, with 去登录 when signed out. It used to say
 * 请先登录并加入本村 with a 重试 that could never succeed.
 */
async function runSearch(q: string, scope: SearchScope, fromQuery: string | undefined): Promise<Results> {
  const place = await publicRegion(fromQuery)
  // A township's staff search their township under 只搜本村 as before; the county is the county either way.
  const noVillage = levelOfCode(place) === 'county'
  const searched: SearchScope = noVillage ? 'county' : scope
  const found = await searchWithGuides(q, scopeRegion(place, searched))
  return { q, scope: searched, noVillage, list: found.disclosures, guides: found.guides, village: place }
}

/** Says that the whole county was searched because no village is known, with the way to one's own village. */
function NoVillageNote({ q }: { q: string }) {
  const signedIn = isSignedIn()
  const back = pageUrl(Routes.Search, { q })
  return (
    <View className="cw-search__no-village" role="status">
      <Text className="cw-search__note">
        {signedIn
          ? '这里搜的是全县的公开内容。加入本村后可以只搜本村。'
          : '您还没有登录，这里搜的是全县的公开内容。登录并加入本村后可以只搜本村。'}
      </Text>
      {!signedIn && (
        <Button
          className="cw-btn cw-btn--ghost cw-search__sign-in"
          onClick={() => void Taro.navigateTo({ url: pageUrl(Routes.Login, { redirect: back }) })}
        >
          去登录
        </Button>
      )}
    </View>
  )
}

/** The 办事指南 found: shown first for how-to questions (怎么申请低保), after the disclosures otherwise. */
function GuideResults({ guides, village }: { guides: ServiceGuideSummaryDto[]; village: string }) {
  if (guides.length === 0) return null
  return (
    <View className="cw-search__guides">
      <Text className="cw-search__count">办事指南</Text>
      {guides.map((g) => (
        <View
          key={g.id}
          className="cw-search__guide"
          role="link"
          onClick={() =>
            void Taro.navigateTo({ url: pageUrl(Routes.GuideDetail, { id: g.id, code: village }) })
          }
        >
          <Text className="cw-search__guide-title">{g.name}</Text>
          <Text className="cw-search__guide-text">{g.summary}</Text>
        </View>
      ))}
    </View>
  )
}

/** Keyword search over published disclosures, in this village or the whole county, in the server's order. */
export default function SearchPage() {
  const { params } = useRouter()
  const fromQuery = readQueryParam(params.village)
  const [q, setQ] = useState(readQueryParam(params.q) ?? '')
  const [scope, setScope] = useState<SearchScope>('village')
  const [hint, setHint] = useState<string | null>(null)
  const results = useLoader<Results>('idle')

  const search = (nextScope: SearchScope = scope) => {
    const text = q.trim()
    if (text === '') {
      setHint('请先输入要找的内容，例如“低保”')
      // The previous word's result would read as the answer to an empty box.
      results.reset()
      return
    }
    setHint(null)
    void results.run(() => runSearch(text, nextScope, fromQuery))
  }

  const changeScope = (next: SearchScope) => {
    setScope(next)
    if (results.state.kind !== 'idle') search(next)
  }

  const state = results.state
  return (
    <PageRoot className="cw-search">
      <Text className="cw-search__title">搜索公开内容</Text>
      <Input
        className="cw-input cw-search__input"
        value={q}
        placeholder="输入关键词，例如：低保"
        confirmType="search"
        maxlength={oneLineMaxLength(SEARCH_QUERY_MAX)}
        onInput={(e) => setQ(e.detail.value)}
        onConfirm={() => search()}
      />
      <View className="cw-search__scopes" role="radiogroup">
        {(['village', 'county'] as const).map((s) => (
          <View
            key={s}
            role="radio"
            aria-checked={scope === s}
            className={`cw-search__scope cw-search__scope--${s}${scope === s ? ' cw-search__scope--on' : ''}`}
            onClick={() => changeScope(s)}
          >
            {s === 'village' ? '只搜本村' : '搜全县'}
          </View>
        ))}
      </View>
      <Button className="cw-btn cw-search__submit" onClick={() => search()}>
        搜索
      </Button>
      {hint && <Text className="cw-search__hint">{hint}</Text>}
      {state.kind === 'loading' && <LoadingBox text="正在搜索…" />}
      {state.kind === 'error' && <LoadErrorBox error={state.error} onRetry={() => search()} />}
      {state.kind === 'ready' && (
        <View className="cw-search__results">
          <Text className="cw-search__count">
            {state.data.scope === 'village' ? '本村' : '全县'}找到 {state.data.list.length} 条“{state.data.q}”
          </Text>
          {state.data.noVillage && <NoVillageNote q={state.data.q} />}
          {isHowToQuery(state.data.q) && (
            <GuideResults guides={state.data.guides} village={state.data.village} />
          )}
          {state.data.list.length === 0 && state.data.guides.length === 0 && (
            <EmptyBox text="没有找到，换个词试试" />
          )}
          {state.data.list.map((d) => (
            <DisclosureCard key={d.id} disclosure={d} showVillage={state.data.scope === 'county'} />
          ))}
          {!isHowToQuery(state.data.q) && (
            <GuideResults guides={state.data.guides} village={state.data.village} />
          )}
        </View>
      )}
    </PageRoot>
  )
}
