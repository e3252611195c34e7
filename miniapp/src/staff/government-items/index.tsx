import { useState } from 'react'
import { Button, Input, Text, View } from '@tarojs/components'
import Taro, { useDidShow, useRouter } from '@tarojs/taro'
import { GOVERNMENT_ITEM_TITLE_MAX } from '@cunwu/domain'
import type { Cadence, CatalogItem, GovernmentItemDto, MeDto, TableSchema } from '@cunwu/domain'
import { oneLineMaxLength } from '@/components/text-count'
import { EmptyBox, ErrorBox, LoadingBox } from '@/components/page-state'
import { TableImport } from '@/components/table-import'
import { useLoader } from '@/hooks/use-loader'
import { useSubmitOnce } from '@/hooks/use-submit-once'
import {
  getCatalogItem,
  listCatalogDomains,
  listDomainItems,
  type CatalogDomainSummary,
} from '@/services/api/catalog'
import {
  createGovernmentItem,
  listGovernmentItems,
  publishGovernmentItem,
} from '@/services/api/government-items'
import { getMe } from '@/services/api/me'
import { applyGovernmentImport, startGovernmentImport } from '@/services/api/table-imports'
import { Routes, pageUrl, readQueryParam } from '@/routes'
import { errorText } from '@/utils/errors'
import { periodLabel, periodOptions, todayInChina } from '@/utils/period'
import { PageRoot } from '@/components/page-root'
import { LoadStateBox } from '@/components/load-error'
import './index.scss'

const STATUS_TEXT: Record<GovernmentItemDto['status'], string> = {
  draft: '草稿',
  published: '已公开',
  superseded: '已有新版本',
  retracted: '已撤回',
}

interface Loaded {
  regionCode: string
  level: 'township' | 'county'
  items: GovernmentItemDto[]
  /** The table a draft's roster fills, by catalog item (null: the item has no table, nothing to import). */
  tables: Record<string, TableSchema | null>
}

function staffLevel(me: MeDto): 'township' | 'county' {
  return me.activeRole?.role === 'county' ? 'county' : 'township'
}

/** How to write the period of an item of a cadence (the BFF checks the same format). */
export function periodHint(cadence: Cadence | null | undefined): string {
  switch (cadence) {
    case 'quarterly':
      return '按季度公开：填年和季度，如 2026-Q4（第4季度）'
    case 'half_yearly':
      return '按半年公开：填年和半年，如 2026-H2（下半年）'
    case 'yearly':
      return '按年公开：填年份，如 2026'
    case 'immediate':
      return '随时公开：填这份名单所属的年份（如 2026）或年月（如 2026-12）'
    default:
      return '按月公开：填年和月，如 2026-12'
  }
}

/**
 * The period an item's new draft starts at: the one containing today, by the item's cadence (monthly: this month); an
 * item published as events happen (a subsidy roster) starts at this year, the period such rosters usually cover.
 */
export function currentPeriod(item: CatalogItem): string {
  const cadence = item.schedule?.cadence
  if (cadence === 'immediate') return todayInChina().slice(0, 4)
  return periodOptions(cadence, todayInChina())[0]?.key ?? todayInChina().slice(0, 4)
}

/** Items a township or county may publish with a roster the villages' lists are compared with. */
export function rosterItems(items: CatalogItem[], level: 'township' | 'county'): CatalogItem[] {
  return items.filter((i) => i.table !== null && i.levels.includes(level) && i.levels.includes('village'))
}

function NewItemForm({
  regionCode,
  level,
  onCreated,
}: {
  regionCode: string
  level: Loaded['level']
  onCreated: (g: GovernmentItemDto, item: CatalogItem) => void
}) {
  const domains = useLoader<CatalogDomainSummary[]>('idle')
  const items = useLoader<CatalogItem[]>('idle')
  const [item, setItem] = useState<CatalogItem | null>(null)
  const [title, setTitle] = useState('')
  const [period, setPeriod] = useState(todayInChina().slice(0, 4))
  const [error, setError] = useState<string | null>(null)
  const { busy, once } = useSubmitOnce()

  if (domains.state.kind === 'idle') {
    return (
      <Button
        className="cw-btn cw-gov-items__new"
        onClick={() => void domains.run(async () => (await listCatalogDomains()).domains)}
      >
        新建政府公开事项
      </Button>
    )
  }
  const create = once(async () => {
    if (!item) return
    setError(null)
    try {
      onCreated(
        await createGovernmentItem(regionCode, { catalogItemId: item.id, period, title: title.trim() }),
        item,
      )
    } catch (err) {
      setError(errorText(err))
    }
  })
  return (
    <View className="cw-gov-items__form">
      <Text className="cw-gov-items__label">1. 选择类别</Text>
      {domains.state.kind === 'loading' && <LoadingBox />}
      {domains.state.kind === 'ready' && (
        <View className="cw-gov-items__chips">
          {domains.state.data.map((d) => (
            <Text
              key={d.id}
              className="cw-gov-items__chip"
              data-domain={d.id}
              onClick={() => {
                setItem(null)
                void items.run(async () => rosterItems((await listDomainItems(d.id)).items, level))
              }}
            >
              {d.name}
            </Text>
          ))}
        </View>
      )}
      {items.state.kind === 'loading' && <LoadingBox />}
      {items.state.kind === 'ready' && items.state.data.length === 0 && (
        <EmptyBox text="这一类没有带名单的事项" />
      )}
      {items.state.kind === 'ready' && (
        <View>
          <Text className="cw-gov-items__label">2. 选择事项</Text>
          {items.state.data.map((i) => (
            <View
              key={i.id}
              className={`cw-list-row cw-gov-items__pick${item?.id === i.id ? ' cw-gov-items__pick--on' : ''}`}
              data-item={i.id}
              onClick={() => {
                const next = currentPeriod(i)
                // A title still as it was filled in follows the item and period; one typed by hand stays.
                const auto = item ? `${periodLabel(period)}${item.name}` : ''
                if (!title || title === auto) setTitle(`${periodLabel(next)}${i.name}`)
                setItem(i)
                setPeriod(next)
              }}
            >
              {i.name}
            </View>
          ))}
        </View>
      )}
      {item && (
        <View>
          <Text className="cw-gov-items__label">3. 标题和期次</Text>
          <Text className="cw-gov-items__field">标题</Text>
          <Input
            className="cw-input cw-gov-items__title-input"
            value={title}
            maxlength={oneLineMaxLength(GOVERNMENT_ITEM_TITLE_MAX)}
            placeholder="标题，如：2026年耕地地力保护补贴发放名册"
            aria-label="标题"
            onInput={(e) => setTitle(e.detail.value)}
          />
          <Text className="cw-gov-items__field">期次</Text>
          <Text className="cw-gov-items__hint">{periodHint(item.schedule?.cadence)}</Text>
          <Input
            className="cw-input cw-gov-items__period-input"
            value={period}
            maxlength={10}
            aria-label="期次"
            placeholder={currentPeriod(item)}
            onInput={(e) => setPeriod(e.detail.value.trim())}
          />
          {periodLabel(period) !== period && (
            <Text className="cw-gov-items__hint">即 {periodLabel(period)}</Text>
          )}
          <Button
            className={`cw-btn cw-gov-items__create${busy ? ' cw-btn--busy' : ''}`}
            disabled={busy || undefined}
            onClick={() => void create()}
          >
            保存草稿
          </Button>
        </View>
      )}
      {error && <ErrorBox title="没有保存成功" message={error} />}
    </View>
  )
}

/** The tables the drafts' rosters fill, one catalog request per item. */
async function tablesOf(items: GovernmentItemDto[]): Promise<Loaded['tables']> {
  const ids = [...new Set(items.filter((g) => g.status === 'draft').map((g) => g.catalogItemId))]
  return Object.fromEntries(
    await Promise.all(ids.map(async (id) => [id, (await getCatalogItem(id)).table] as const)),
  )
}

/**
 * The township's or county's own publications: list, new draft, roster import from Excel/CSV (progress, column
 * mapping with the village column, row errors, all rows or none), publish.
 */
export default function GovernmentItemsPage() {
  const params = useRouter().params
  const page = useLoader<Loaded>()
  const [notice, setNotice] = useState<{ ok: boolean; text: string } | null>(null)
  const [busyId, setBusyId] = useState<string | null>(null)

  const load = () =>
    page.run(async () => {
      const me = await getMe()
      const regionCode = readQueryParam(params.region) ?? me.activeRole?.regionCode
      if (!regionCode) throw new Error('no region')
      const items = await listGovernmentItems(regionCode)
      return { regionCode, level: staffLevel(me), items, tables: await tablesOf(items) }
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
  const data = state.data

  const replace = (g: GovernmentItemDto) =>
    page.set({ ...data, items: [g, ...data.items.filter((x) => x.id !== g.id)] })

  const runOn = async (g: GovernmentItemDto, work: () => Promise<GovernmentItemDto | null>, done: string) => {
    setBusyId(g.id)
    setNotice(null)
    try {
      const updated = await work()
      if (updated) {
        replace(updated)
        setNotice({ ok: true, text: done.replace('{n}', String(updated.rowCount)) })
      }
    } catch (err) {
      setNotice({ ok: false, text: errorText(err) })
    } finally {
      setBusyId(null)
    }
  }

  return (
    <PageRoot className="cw-gov-items">
      <NewItemForm
        regionCode={data.regionCode}
        level={data.level}
        onCreated={(g, item) => {
          page.set({
            ...data,
            items: [g, ...data.items.filter((x) => x.id !== g.id)],
            tables: { ...data.tables, [item.id]: item.table },
          })
          setNotice({ ok: true, text: '草稿已保存，请导入名单后发布' })
        }}
      />
      {notice && (
        <View
          className={`cw-gov-items__notice${notice.ok ? '' : ' cw-gov-items__notice--error'}`}
          role={notice.ok ? 'status' : 'alert'}
        >
          {notice.text}
        </View>
      )}
      <Text className="cw-gov-items__heading">已有事项</Text>
      {data.items.length === 0 && <EmptyBox text="还没有政府公开事项" />}
      {data.items.map((g) => {
        const table = data.tables[g.catalogItemId] ?? null
        return (
          <View key={g.id} className="cw-list-row cw-gov-items__item" data-id={g.id} data-status={g.status}>
            <Text
              className="cw-gov-items__item-title"
              onClick={() =>
                void Taro.navigateTo({ url: pageUrl(Routes.AlignmentGovernmentItem, { id: g.id }) })
              }
            >
              {g.title}
            </Text>
            <Text className="cw-gov-items__meta">
              {g.catalogItemName} · {periodLabel(g.period)} · 第{g.version}版 · {STATUS_TEXT[g.status]}
            </Text>
            <Text className="cw-gov-items__meta cw-gov-items__rows">
              名单 {g.rowCount} 行，涉及 {g.villageCodes.length} 个村
            </Text>
            {g.status === 'draft' && (
              <View className="cw-gov-items__actions">
                {table && (
                  <TableImport
                    schema={table}
                    villageColumn
                    pickLabel="导入名单（Excel / CSV）"
                    pickClassName="cw-gov-items__import"
                    hint="表格里要有“村名”或“区划代码”一列；导入后替换这份草稿原有的名单，有错的行要改好后整份重新导入。"
                    start={(file) => startGovernmentImport(g.id, file)}
                    apply={applyGovernmentImport}
                    onApplied={(updated) => {
                      replace(updated)
                      setNotice({
                        ok: true,
                        text: `已导入 ${updated.rowCount} 行，涉及 ${updated.villageCodes.length} 个村`,
                      })
                    }}
                  />
                )}
                <Button
                  className={`cw-btn cw-gov-items__publish${busyId === g.id ? ' cw-btn--busy' : ''}`}
                  disabled={busyId === g.id || undefined}
                  onClick={() => void runOn(g, () => publishGovernmentItem(g.id), '已公开，各村的对照已更新')}
                >
                  发布
                </Button>
              </View>
            )}
          </View>
        )
      })}
    </PageRoot>
  )
}
