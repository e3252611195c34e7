import { Fragment, useState } from 'react'
import { Button, Text, View } from '@tarojs/components'
import Taro, { useLoad, useRouter } from '@tarojs/taro'
import { ErrorCode, type CatalogItem, type RegionRetirementInfo } from '@cunwu/domain'
import { EmptyBox, LoadingBox } from '@/components/page-state'
import { RetiredNotice } from '@/components/retired-notice'
import { useLoader } from '@/hooks/use-loader'
import {
  getVillageCatalog,
  listCatalogDomains,
  listDomainItems,
  type CatalogDomainSummary,
  type ItemStanding,
} from '@/services/api/catalog'
import { getMe } from '@/services/api/me'
import { ApiError } from '@/services/request'
import { ledgerVillageOf } from '@/utils/grants'
import { Routes, pageUrl, readQueryParam } from '@/routes'
import { periodLabel } from '@/utils/period'
import { PageRoot } from '@/components/page-root'
import { LoadErrorBox } from '@/components/load-error'
import { formatDueDate } from '@/utils/format'
import { LINK } from '@/utils/link-role'
import './index.scss'

type CatalogView =
  | { kind: 'domains'; domains: CatalogDomainSummary[] }
  | {
      kind: 'items'
      title: string
      items: CatalogItem[]
      standings?: Map<string, ItemStanding>
      /** The village's retirement (撤并), when the catalog is a village's and it was retired. */
      retirement?: RegionRetirementInfo | null
      /** The village, when the catalog is a village's. */
      village?: { code: string; name: string }
    }

/** The catalog domain of a village's own money matters (收入明细, 支出明细…), where its ledger is offered. */
const VILLAGE_FINANCE = 'village-finance'

/** This period's state of an item in plain words, and its tone (for the colour). */
export function standingText(
  s: ItemStanding,
): { text: string; tone: 'done' | 'due' | 'overdue' | 'none' } | null {
  const c = s.current
  if (!c) return null
  const period = periodLabel(c.periodKey)
  const more = s.overdueCount > 1 ? `，共 ${s.overdueCount} 期超期` : ''
  if (c.status === 'on_time') return { text: `${period}已按时公开`, tone: 'done' }
  if (c.status === 'late') return { text: `${period}已公开（晚了 ${c.daysPastDue} 天）`, tone: 'done' }
  // The due date with its year (a December or yearly period falls due the next year), the day itself in time, and
  // marked while it is counted without the year's holiday arrangement (statutory holidays only).
  const due = formatDueDate(c.dueDate, c.provisional)
  if (c.status === 'overdue') return { text: `${period}超期未公开（应在${due}前）${more}`, tone: 'overdue' }
  if (c.status === 'due_soon') return { text: `${period}应在${due}前公开${more}`, tone: 'due' }
  return { text: `${period}应在${due}前公开`, tone: 'none' }
}

const go = (url: string) => void Taro.navigateTo({ url })

function ItemRow({ item, standing }: { item: CatalogItem; standing?: ItemStanding }) {
  const state = standing ? standingText(standing) : null
  const latest = standing?.latestDisclosureId
  // Items the catalog does not disclose (不予公开) say so rather than carry the 重点公开 mark.
  const mark = item.method === 'not_disclosed' ? ' · 不公示' : item.focus ? ' · 重点公开' : ''
  return (
    <View
      className="cw-list-row cw-catalog__item"
      data-item={item.id}
      onClick={() => go(pageUrl(Routes.CatalogItem, { id: item.id }))}
    >
      {/* The name is the row's link; the row holds a button of its own, so it cannot be one. */}
      <Text className="cw-catalog__item-name" {...LINK}>
        {item.name}
      </Text>
      <Text className="cw-catalog__item-meta">
        {item.level2 ? `${item.level1} · ${item.level2}` : item.level1}
        {mark}
      </Text>
      {state && (
        <Text className={`cw-catalog__standing cw-catalog__standing--${state.tone}`}>{state.text}</Text>
      )}
      {latest && (
        <Button
          className="cw-btn cw-catalog__open"
          onClick={(e) => {
            // The row itself opens the item's description.
            e.stopPropagation()
            go(pageUrl(Routes.Disclosure, { id: latest }))
          }}
        >
          看最新公开的内容
        </Button>
      )}
    </View>
  )
}

/**
 * Catalog browser. No query: the disclosure domains. `?domain=<id>&title=<name>`: that domain's items.
 * `?village=<code>`: the items that village discloses (its villagers and the staff covering it only).
 */
export default function CatalogPage() {
  const { params } = useRouter()
  const village = readQueryParam(params.village)
  const domain = readQueryParam(params.domain)
  const title = readQueryParam(params.title)
  const view = useLoader<CatalogView>()
  // Whether the viewer may open this village's ledger (村级账目): its secretary, and the township, county and admin
  // above it, as the ledger page itself decides (`ledgerVillageOf`; the BFF checks again). Villagers read the money
  // through the public statements listed here (收入明细, 支出明细), not the ledger.
  const [ledgerReader, setLedgerReader] = useState(false)

  const load = () =>
    view.run(async (): Promise<CatalogView> => {
      if (village) {
        const res = await getVillageCatalog(village)
        // After the catalog, and without holding it: a failure only leaves the link out.
        void getMe().then(
          (me) => setLedgerReader(ledgerVillageOf(me, village) !== undefined),
          () => setLedgerReader(false),
        )
        return {
          kind: 'items',
          title: `${res.village.name}公开目录`,
          items: res.items,
          standings: new Map(res.standings.map((s) => [s.itemId, s])),
          retirement: res.village.retirement ?? null,
          village: { code: res.village.code, name: res.village.name },
        }
      }
      if (domain) {
        const res = await listDomainItems(domain)
        return { kind: 'items', title: title ?? '公开事项', items: res.items }
      }
      return { kind: 'domains', domains: (await listCatalogDomains()).domains }
    })
  useLoad(() => {
    void load()
  })

  const state = view.state
  const standings = state.kind === 'ready' && state.data.kind === 'items' ? state.data.standings : undefined
  const forbidden =
    state.kind === 'error' && state.error instanceof ApiError && state.error.code === ErrorCode.Forbidden
  const items = state.kind === 'ready' && state.data.kind === 'items' ? state.data : null
  // The ledger sits where one looks for money: right after the village's own money items (at the end without them).
  const ledgerAfter = items ? items.items.map((i) => i.domainId).lastIndexOf(VILLAGE_FINANCE) : -1
  const ledgerVillage = ledgerReader ? items?.village : undefined
  const ledgerLink = ledgerVillage && (
    <Button
      className="cw-btn cw-btn--ghost cw-catalog__ledger"
      onClick={() => go(pageUrl(Routes.PayLedger, { village: ledgerVillage.code }))}
    >
      查看{ledgerVillage.name}的村级账目
    </Button>
  )

  return (
    <PageRoot className="cw-catalog">
      {(state.kind === 'loading' || state.kind === 'idle') && <LoadingBox />}
      {forbidden && (
        <View className="cw-catalog__forbidden" role="alert">
          <Text className="cw-catalog__forbidden-title">无权查看</Text>
          <Text className="cw-catalog__text">只有本村村民和负责本村的工作人员可以查看这个村的公开目录。</Text>
          <Button className="cw-btn cw-btn--ghost" onClick={() => void Taro.reLaunch({ url: Routes.Home })}>
            回到首页
          </Button>
        </View>
      )}
      {state.kind === 'error' && !forbidden && (
        <LoadErrorBox
          error={state.error}
          onRetry={() => void load()}
          signInUrl={pageUrl(Routes.Login, { redirect: pageUrl(Routes.Catalog, { village }) })}
        />
      )}

      {state.kind === 'ready' && state.data.kind === 'domains' && (
        <View>
          <Text className="cw-catalog__title">公开领域</Text>
          <Text className="cw-catalog__text">点一个领域，查看要公开哪些事项。</Text>
          {state.data.domains.length === 0 && <EmptyBox text="目录还是空的" />}
          {state.data.domains.map((d) => (
            <View
              key={d.id}
              className="cw-list-row cw-catalog__domain"
              onClick={() =>
                void Taro.navigateTo({ url: pageUrl(Routes.Catalog, { domain: d.id, title: d.name }) })
              }
            >
              <Text className="cw-catalog__item-name" {...LINK}>
                {d.name}
              </Text>
              <Text className="cw-catalog__item-meta">
                共 {d.itemCount} 项{d.villageItemCount > 0 ? `，村里公开 ${d.villageItemCount} 项` : ''}
              </Text>
            </View>
          ))}
        </View>
      )}

      {items && (
        <View>
          <Text className="cw-catalog__title">{items.title}</Text>
          <RetiredNotice retirement={items.retirement} />
          {items.items.length === 0 && <EmptyBox text="这里还没有事项" />}
          {items.items.map((item, i) => (
            <Fragment key={item.id}>
              <ItemRow item={item} standing={standings?.get(item.id)} />
              {i === ledgerAfter && ledgerLink}
            </Fragment>
          ))}
          {ledgerAfter === -1 && ledgerLink}
        </View>
      )}
    </PageRoot>
  )
}
