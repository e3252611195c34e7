import { useEffect, useState } from 'react'
import { Button, Text, View } from '@tarojs/components'
import { useLoad, useRouter } from '@tarojs/taro'
import {
  CHANNEL_LABELS,
  LEVEL_LABELS,
  METHOD_LABELS,
  type CatalogItem,
  type CatalogResearch,
  type Role,
  type ColumnPolicy,
  type Schedule,
  type UnknownField,
} from '@cunwu/domain'
import { ErrorBox, LoadingBox } from '@/components/page-state'
import { useLoader } from '@/hooks/use-loader'
import { getCatalogItem, getCatalogResearch } from '@/services/api/catalog'
import { getMe } from '@/services/api/me'
import { useSession } from '@/hooks/use-session'
import { ApiError } from '@/services/request'
import { readQueryParam } from '@/routes'
import { errorText, isGone, MissingLinkPartError } from '@/utils/errors'
import { goHome } from '@/components/load-error'
import { PageRoot } from '@/components/page-root'
import './index.scss'

const POLICY_LABELS: Record<ColumnPolicy, string> = {
  public: '公开',
  masked: '部分隐藏',
  never_public: '不公开',
}

const CADENCE_LABELS: Record<Schedule['cadence'], string> = {
  monthly: '每月公开一次',
  quarterly: '每季度公开一次',
  half_yearly: '每半年公开一次',
  yearly: '每年公开一次',
  immediate: '有事随时公开',
}

const DAY_UNITS: Record<Schedule['postingDaysUnit'], string> = {
  calendar_days: '天',
  working_days: '个工作日',
}

/** One element: a list of values (empty = unknown) and the research note when it is (partly) unknown. */
interface Element {
  field: UnknownField | 'name'
  label: string
  values: string[]
}

function elementsOf(item: CatalogItem): Element[] {
  const audience =
    item.audience === null ? [] : [item.audience.kind === 'all' ? '全社会' : item.audience.description]
  const channels = item.channels.map((c) => CHANNEL_LABELS[c])
  return [
    { field: 'name', label: '名称', values: [item.name] },
    { field: 'content', label: '内容', values: item.content },
    { field: 'basis', label: '依据', values: item.basis },
    { field: 'timeLimit', label: '时限', values: item.timeLimit ? [item.timeLimit.text] : [] },
    { field: 'subject', label: '主体', values: item.subject ? [item.subject] : [] },
    { field: 'method', label: '方式', values: item.method ? [METHOD_LABELS[item.method]] : [] },
    {
      field: 'channels',
      label: '渠道',
      values:
        channels.length > 0 ? [channels.join('、'), ...(item.channelNote ? [item.channelNote] : [])] : [],
    },
    { field: 'audience', label: '对象', values: audience },
    {
      field: 'levels',
      label: '层级',
      values: item.levels.length > 0 ? [item.levels.map((l) => LEVEL_LABELS[l]).join('、')] : [],
    },
  ]
}

/**
 * The note on an unknown element. The BFF sends villagers only notes written for them (@cunwu/domain
 * reader-view); the researchers' own notes are in the staff section below.
 */
function noteOf(item: CatalogItem, field: UnknownField | 'name'): string | undefined {
  return item.unknowns.find((u) => u.field === field)?.note
}

/** Roles that read an item's sources and research notes (GET /catalog/items/:id/research). */
const STAFF_ROLES: readonly Role[] = ['secretary', 'township', 'county', 'admin']

/** Sources (titled) and research notes, shown to staff only: the BFF refuses villagers (403), who see nothing. */
function StaffResearch({ id }: { id: string }) {
  const research = useLoader<CatalogResearch | null>()
  const [open, setOpen] = useState(false)
  const { run } = research
  // Mounted after the item loaded (the page's onLoad has passed), so an effect rather than useLoad.
  useEffect(() => {
    void run(async () => {
      // Villagers are not asked for it at all (the BFF would refuse them); staff roles are on the profile.
      const { roles } = await getMe()
      if (!roles.some((r) => STAFF_ROLES.includes(r.role))) return null
      try {
        return await getCatalogResearch(id)
      } catch (err) {
        if (err instanceof ApiError && (err.status === 403 || err.status === 401)) return null
        throw err
      }
    })
  }, [id, run])
  const state = research.state
  if (state.kind !== 'ready' || state.data === null) return null
  const { sources, notes } = state.data
  return (
    <View className="cw-item__section cw-item__sources">
      <Text className="cw-item__heading">资料来源（工作人员可见）</Text>
      <Button
        className="cw-btn cw-btn--ghost cw-item__sources-toggle"
        aria-expanded={open}
        onClick={() => setOpen(!open)}
      >
        {open ? '收起' : `查看 ${sources.length} 个来源和 ${notes.length} 条研究备注`}
      </Button>
      {open &&
        sources.map((s) => (
          <View key={`${s.title}|${s.url ?? ''}`} className="cw-item__source">
            <Text className="cw-item__source-title">{s.title}</Text>
            {s.url && <Text className="cw-item__note cw-item__source-url">{s.url}</Text>}
          </View>
        ))}
      {open && notes.length > 0 && (
        <Text className="cw-item__heading cw-item__research-heading">研究备注</Text>
      )}
      {open &&
        notes.map((n) => (
          <Text key={`${n.about}|${n.text}`} className="cw-item__note cw-item__research-note">
            {n.about}：{n.text}
          </Text>
        ))}
    </View>
  )
}

function Unknown({ note }: { note: string | undefined }) {
  return (
    <View className="cw-item__unknown">
      <Text className="cw-item__unknown-text">暂无资料</Text>
      {note && <Text className="cw-item__note">说明：{note}</Text>}
    </View>
  )
}

function scheduleLines(s: Schedule): string[] {
  const unit = DAY_UNITS[s.postingDaysUnit]
  return [
    CADENCE_LABELS[s.cadence],
    ...(s.minPostingDays !== null ? [`公示时间不少于 ${s.minPostingDays} ${unit}`] : []),
    ...(s.dueDays !== null ? [`期满或事情发生后 ${s.dueDays} ${unit}内公开`] : []),
  ]
}

/** One catalog item: the nine elements as labelled rows, the schedule, and the table columns with privacy. */
export default function CatalogItemPage() {
  const { params } = useRouter()
  const id = readQueryParam(params.id)
  const item = useLoader<CatalogItem>()
  const signedIn = useSession() !== null

  const load = () =>
    item.run(() => (id ? getCatalogItem(id) : Promise.reject(new MissingLinkPartError('id'))))
  useLoad(() => {
    void load()
  })

  const state = item.state
  if (state.kind === 'loading' || state.kind === 'idle') {
    return (
      <PageRoot className="cw-item">
        <LoadingBox />
      </PageRoot>
    )
  }
  if (state.kind === 'error') {
    return (
      <PageRoot className="cw-item">
        <ErrorBox
          message={id ? errorText(state.error) : '没有指定要看的事项'}
          onRetry={id ? () => void load() : undefined}
          onHome={!id || isGone(state.error) ? goHome : undefined}
        />
      </PageRoot>
    )
  }

  const data = state.data
  return (
    <PageRoot className="cw-item">
      <Text className="cw-item__title">{data.name}</Text>
      <Text className="cw-item__subtitle">
        {data.level2 ? `${data.level1} · ${data.level2}` : data.level1}
      </Text>

      <View className="cw-item__section">
        <Text className="cw-item__heading">公开要素</Text>
        {elementsOf(data).map((el) => {
          const note = noteOf(data, el.field)
          return (
            <View key={el.field} className={`cw-item__row cw-item__row--${el.field}`}>
              <Text className="cw-item__label">{el.label}</Text>
              {el.values.length === 0 ? (
                <Unknown note={note} />
              ) : (
                <View className="cw-item__value">
                  {el.values.map((v) => (
                    <Text key={v} className="cw-item__value-line">
                      {v}
                    </Text>
                  ))}
                  {note && <Text className="cw-item__note">说明：{note}</Text>}
                </View>
              )}
            </View>
          )
        })}
      </View>

      <View className="cw-item__section cw-item__schedule">
        <Text className="cw-item__heading">什么时候公开</Text>
        {data.schedule ? (
          <View className="cw-item__value">
            {scheduleLines(data.schedule).map((line) => (
              <Text key={line} className="cw-item__value-line">
                {line}
              </Text>
            ))}
            <Text className="cw-item__note">依据：{data.schedule.basis.join('；')}</Text>
          </View>
        ) : (
          <Unknown note={noteOf(data, 'schedule') ?? '没有固定的公开周期'} />
        )}
      </View>

      {data.table && (
        <View className="cw-item__section cw-item__table">
          <Text className="cw-item__heading">公开的表格：{data.table.title}</Text>
          <Text className="cw-item__note">每一列是否公开：</Text>
          {data.table.columns.map((c) => (
            <View key={c.key} className="cw-item__column">
              <Text className="cw-item__column-label">{c.label}</Text>
              <Text className={`cw-item__policy cw-item__policy--${c.policy}`}>
                {POLICY_LABELS[c.policy]}
              </Text>
            </View>
          ))}
          {data.table.note && <Text className="cw-item__note">说明：{data.table.note}</Text>}
        </View>
      )}
      {!data.table && noteOf(data, 'table') && (
        <View className="cw-item__section cw-item__table">
          <Text className="cw-item__heading">公开的表格</Text>
          <Unknown note={noteOf(data, 'table')} />
        </View>
      )}

      {signedIn && id && <StaffResearch id={id} />}
    </PageRoot>
  )
}
