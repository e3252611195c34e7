import { Text, View } from '@tarojs/components'
import { useLoad, useRouter } from '@tarojs/taro'
import {
  CHANNEL_LABELS,
  LEVEL_LABELS,
  METHOD_LABELS,
  type CatalogItem,
  type ColumnPolicy,
  type Schedule,
  type UnknownField,
} from '@cunwu/domain'
import { ErrorBox, LoadingBox } from '@/components/page-state'
import { useLoader } from '@/hooks/use-loader'
import { getCatalogItem } from '@/services/api/catalog'
import { readQueryParam } from '@/routes'
import { errorText } from '@/utils/errors'
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
 * The note on an unknown element, when it is written for readers. Many notes are the catalog researchers' own
 * (in English, e.g. "Rows not recovered"): villagers see only 暂无资料 for those.
 */
function noteOf(item: CatalogItem, field: UnknownField | 'name'): string | undefined {
  const note = item.unknowns.find((u) => u.field === field)?.note
  return note && !/[A-Za-z]{3,}/.test(note) ? note : undefined
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

  const load = () => item.run(() => (id ? getCatalogItem(id) : Promise.reject(new Error('missing id'))))
  useLoad(() => {
    void load()
  })

  const state = item.state
  if (state.kind === 'loading' || state.kind === 'idle') {
    return (
      <View className="cw-item">
        <LoadingBox />
      </View>
    )
  }
  if (state.kind === 'error') {
    return (
      <View className="cw-item">
        <ErrorBox
          message={id ? errorText(state.error) : '没有指定要看的事项'}
          onRetry={id ? () => void load() : undefined}
        />
      </View>
    )
  }

  const data = state.data
  return (
    <View className="cw-item">
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

      {data.sources.length > 0 && (
        <View className="cw-item__section cw-item__sources">
          <Text className="cw-item__heading">资料来源</Text>
          {data.sources.map((s) => (
            <Text key={s} className="cw-item__note">
              {s}
            </Text>
          ))}
        </View>
      )}
    </View>
  )
}
