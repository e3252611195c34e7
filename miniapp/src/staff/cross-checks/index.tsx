import { useState } from 'react'
import { Button, Text, View } from '@tarojs/components'
import { useDidShow, useRouter } from '@tarojs/taro'
import type { CrossCheckFindingDto, CrossCheckKindDto } from '@cunwu/domain'
import { EmptyBox } from '@/components/page-state'
import { useLoader } from '@/hooks/use-loader'
import { useLostAnswers } from '@/hooks/use-lost-answers'
import { useSubmitOnce } from '@/hooks/use-submit-once'
import {
  CROSS_CHECK_PAGE,
  getCrossCheckRun,
  listCrossChecks,
  runCrossChecks,
  type CrossCheckFilter,
} from '@/services/api/cross-checks'
import { getMe } from '@/services/api/me'
import { readQueryParam } from '@/routes'
import { errorText } from '@/utils/errors'
import { periodLabel, todayInChina } from '@/utils/period'
import { PageRoot } from '@/components/page-root'
import { LoadStateBox } from '@/components/load-error'
import { Finding, type Notice } from './finding'
import { KindChips, VillageFilter } from './filters'
import './index.scss'

export { ALREADY_DONE, STALE_TEXT } from './finding'

/** The period before or after `key` at its own grain: the month, quarter, half or year next to it. */
export function stepPeriod(key: string, delta: number): string {
  const pad2 = (n: number) => String(n).padStart(2, '0')
  let m = /^(\d{4})-(\d{2})$/.exec(key)
  if (m) {
    const index = Number(m[1]) * 12 + Number(m[2]) - 1 + delta
    return `${Math.floor(index / 12)}-${pad2((index % 12) + 1)}`
  }
  m = /^(\d{4})-([QH])([1-4])$/.exec(key)
  if (m) {
    const per = m[2] === 'Q' ? 4 : 2
    const index = Number(m[1]) * per + Number(m[3]) - 1 + delta
    return `${Math.floor(index / per)}-${m[2]}${(index % per) + 1}`
  }
  if (/^\d{4}$/.test(key)) return String(Number(key) + delta)
  return key
}

interface Listed {
  region: string
  findings: CrossCheckFindingDto[]
  total: number
  nextOffset: number | null
  kinds: Record<CrossCheckKindDto, number>
}

/** What the officer narrowed the list to. */
interface Shown {
  kind: CrossCheckKindDto | null
  village: { code: string; name: string } | null
}

const filterOf = (shown: Shown): CrossCheckFilter => ({
  ...(shown.kind ? { kind: shown.kind } : {}),
  ...(shown.village ? { village: shown.village.code } : {}),
})

/**
 * Cross-village checks for township and county staff: findings of a period (the same ID on two villages' lists, an
 * amount above the standard, a person listed after leaving, one account for two households, a person listed twice),
 * each with its rows one tap away, confirmed as a problem or resolved with a reason. The period is the one the
 * dashboard showed (a year covers its months), stepped back and forth here; findings come a page at a time, the most
 * serious first, and can be narrowed to one kind (chips with how many of each) or one village (found by name).
 */
export default function CrossChecksPage() {
  const params = useRouter().params
  const [period, setPeriod] = useState(readQueryParam(params.period) ?? todayInChina().slice(0, 7))
  const [running, setRunning] = useState<string | null>(null)
  const [more, setMore] = useState<string | null>(null)
  const [notice, setNotice] = useState<Notice | null>(null)
  const [filter, setFilter] = useState<Shown>({ kind: null, village: null })
  const { busy: fetchingMore, once } = useSubmitOnce()
  const list = useLoader<Listed>()
  const lost = useLostAnswers()

  const load = (at = period, by = filter) =>
    list.run(async () => {
      const region = readQueryParam(params.region) ?? (await getMe()).activeRole?.regionCode
      if (!region) throw new Error('no region')
      const { findings, page, kinds } = await listCrossChecks(region, at, filterOf(by))
      return { region, findings, total: page.total, nextOffset: page.nextOffset, kinds }
    })
  const narrow = (by: Shown) => {
    setFilter(by)
    setNotice(null)
    void load(period, by)
  }
  useDidShow(() => {
    void load()
  })
  const step = (delta: number) => {
    const next = stepPeriod(period, delta)
    setPeriod(next)
    setRunning(null)
    setNotice(null)
    void load(next)
  }
  const loadMore = once(async (shown: Listed) => {
    if (shown.nextOffset === null) return
    setMore('正在读取…')
    try {
      const { findings, page } = await listCrossChecks(shown.region, period, {
        ...filterOf(filter),
        offset: shown.nextOffset,
      })
      list.set({ ...shown, findings: [...shown.findings, ...findings], nextOffset: page.nextOffset })
      setMore(null)
    } catch (err) {
      setMore(errorText(err))
    }
  })

  const changed = (text?: Notice) => {
    setNotice(text ?? null)
    void load()
  }

  const runNow = async (region: string) => {
    setRunning('正在核查各村名单…')
    try {
      let run = await runCrossChecks(region, period)
      for (let i = 0; i < 120 && run.status === 'running'; i += 1) {
        await new Promise((r) => setTimeout(r, 1000))
        run = await getCrossCheckRun(run.id)
      }
      setRunning(run.status === 'done' ? `核查完成，发现 ${run.counts.found} 条` : '核查没有完成，请重试')
      void load()
    } catch (err) {
      setRunning(errorText(err))
    }
  }

  const state = list.state
  if (state.kind !== 'ready')
    return (
      <PageRoot>
        <LoadStateBox state={state} onRetry={() => void load()} loadingText="正在读取…" />
      </PageRoot>
    )
  const shown = state.data
  const { region, findings } = shown
  const active = findings.filter((f) => f.status !== 'closed')
  return (
    <PageRoot className="cw-cross">
      <Text className="cw-cross__title">跨村核查（{periodLabel(period)}）</Text>
      <View className="cw-cross__period">
        <Button className="cw-btn cw-btn--ghost cw-cross__step" onClick={() => step(-1)}>
          上一期
        </Button>
        <Button className="cw-btn cw-btn--ghost cw-cross__step" onClick={() => step(1)}>
          下一期
        </Button>
      </View>
      <Text className="cw-cross__meta">只有乡镇和县里的工作人员能看到，不对村民公开。</Text>
      {shown.total > 0 && (
        <Text className="cw-cross__meta cw-cross__count">
          共 {shown.total} 条{shown.total > findings.length ? `，已显示 ${findings.length} 条` : ''}
        </Text>
      )}
      <Button className="cw-btn cw-cross__run" onClick={() => void runNow(region)}>
        重新核查
      </Button>
      {running && <Text className="cw-cross__notice">{running}</Text>}
      {notice && (
        <View className={`cw-cross__notice${notice.stale ? ' cw-cross__stale' : ''}`} role="status">
          {notice.text}
        </View>
      )}
      <KindChips kinds={shown.kinds} value={filter.kind} onChange={(kind) => narrow({ ...filter, kind })} />
      <VillageFilter
        region={region}
        value={filter.village}
        onChange={(village) => narrow({ ...filter, village })}
      />
      {findings.length === 0 && (
        <EmptyBox text={filter.kind || filter.village ? '没有这样的问题' : '没有发现问题'} />
      )}
      {active.map((f) => (
        <Finding key={f.id} f={f} lost={lost} onChanged={changed} />
      ))}
      {findings.length > active.length && (
        <View>
          <Text className="cw-cross__heading">已关闭</Text>
          {findings
            .filter((f) => f.status === 'closed')
            .map((f) => (
              <Finding key={f.id} f={f} lost={lost} onChanged={changed} />
            ))}
        </View>
      )}
      {shown.nextOffset !== null && (
        <Button
          className="cw-btn cw-btn--ghost cw-cross__more"
          disabled={fetchingMore || undefined}
          onClick={() => void loadMore(shown)}
        >
          再显示 {Math.min(CROSS_CHECK_PAGE, shown.total - findings.length)} 条
        </Button>
      )}
      {more && <Text className="cw-cross__notice">{more}</Text>}
    </PageRoot>
  )
}
