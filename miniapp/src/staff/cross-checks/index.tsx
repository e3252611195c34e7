import { useState } from 'react'
import { Button, Text, Textarea, View } from '@tarojs/components'
import { useDidShow, useRouter } from '@tarojs/taro'
import { ErrorCode } from '@cunwu/domain'
import type { CrossCheckFindingDto, CrossCheckStatus } from '@cunwu/domain'
import { EmptyBox } from '@/components/page-state'
import { useLoader } from '@/hooks/use-loader'
import { useSubmitOnce } from '@/hooks/use-submit-once'
import {
  CROSS_CHECK_PAGE,
  confirmCrossCheck,
  getCrossCheckRun,
  listCrossChecks,
  resolveCrossCheck,
  runCrossChecks,
} from '@/services/api/cross-checks'
import { getMe } from '@/services/api/me'
import { ApiError } from '@/services/request'
import { readQueryParam } from '@/routes'
import { errorText } from '@/utils/errors'
import { periodLabel, todayInChina } from '@/utils/period'
import { PageRoot } from '@/components/page-root'
import { LoadStateBox } from '@/components/load-error'
import './index.scss'

const STATUS_TEXT: Record<CrossCheckStatus, string> = {
  open: '待处理',
  confirmed: '已要求村里更正',
  resolved: '已说明',
  closed: '已关闭',
}

/** The cells staff need to recognise a row, in Chinese. */
const CELL_LABELS: [string, string][] = [
  ['name', '姓名'],
  ['household_no', '户号'],
  ['household_size', '人数'],
  ['amount', '金额'],
  ['id_number', '身份证号'],
  ['bank_account', '发放账号'],
]

function cellText(key: string, value: unknown): string {
  if (key === 'amount' && typeof value === 'number') return `${(value / 100).toFixed(2)}元`
  return String(value)
}

/** Said after reading the findings again when another officer (or a run) changed this one since the page loaded. */
export const STALE_TEXT =
  '刚刚已有其他工作人员处理过这条核查结果（或已重新核查），已重新读取，请看最新结果后再处理'

/**
 * Whether the officer may confirm it: an open finding, or a confirmed one that spans other townships (the viewer
 * cannot resolve it), which each township confirms for its own villages (docs/cross-checks.md).
 */
function mayConfirm(f: CrossCheckFindingDto): boolean {
  return f.status === 'open' || (f.status === 'confirmed' && !f.canResolve)
}

function Finding({ f, onChanged }: { f: CrossCheckFindingDto; onChanged: (notice?: string) => void }) {
  const [open, setOpen] = useState(false)
  const [text, setText] = useState('')
  const { busy, once } = useSubmitOnce()
  const [message, setMessage] = useState<string | null>(null)
  const act = once(async (kind: 'confirm' | 'resolve') => {
    if (kind === 'resolve' && text.trim().length < 2) {
      setMessage('请写明处理理由')
      return
    }
    try {
      await (kind === 'confirm' ? confirmCrossCheck(f, text.trim()) : resolveCrossCheck(f, text.trim()))
    } catch (err) {
      // Acted on since the page loaded: nothing was saved; read the findings again and say why.
      if (err instanceof ApiError && err.code === ErrorCode.CrossCheckStale) onChanged(STALE_TEXT)
      else setMessage(errorText(err))
      return
    }
    onChanged()
  })
  const actionable = f.status === 'open' || f.status === 'confirmed'
  return (
    <View className={`cw-list-row cw-cross__finding cw-cross__finding--${f.status}`} data-kind={f.kind}>
      <Text className="cw-cross__kind">
        {f.kindLabel} · {STATUS_TEXT[f.status]}
      </Text>
      <Text className="cw-cross__explanation">{f.explanation}</Text>
      <Text className="cw-cross__meta">涉及：{f.villages.map((v) => v.name).join('、')}</Text>
      {f.closedReason && <Text className="cw-cross__meta">{f.closedReason}</Text>}
      {f.resolution && <Text className="cw-cross__meta">说明：{f.resolution.text}</Text>}
      <Button className="cw-btn cw-btn--ghost cw-cross__toggle" onClick={() => setOpen(!open)}>
        {open ? '收起名单行' : `查看名单行（${f.rows.length}）`}
      </Button>
      {open &&
        f.rows.map((r) => (
          <View key={`${r.disclosureId}-${r.rowIndex}`} className="cw-cross__row">
            <Text className="cw-cross__meta">
              {r.villageName} 第{r.rowIndex + 1}行
            </Text>
            <Text className="cw-cross__cells">
              {CELL_LABELS.filter(([k]) => r.cells[k] !== undefined && r.cells[k] !== null)
                .map(([k, label]) => `${label}：${cellText(k, r.cells[k])}`)
                .join('，')}
            </Text>
          </View>
        ))}
      {actionable && (
        <View className="cw-cross__actions">
          <Textarea
            className="cw-cross__text"
            value={text}
            maxlength={500}
            placeholder="说明或理由（说明情况时必填）"
            onInput={(e) => setText(e.detail.value)}
          />
          {mayConfirm(f) && (
            <Button
              className="cw-btn cw-cross__confirm"
              disabled={busy || undefined}
              onClick={() => void act('confirm')}
            >
              确认有问题，要求村里更正
            </Button>
          )}
          {f.canResolve ? (
            <Button
              className="cw-btn cw-btn--ghost cw-cross__resolve"
              disabled={busy || undefined}
              onClick={() => void act('resolve')}
            >
              不是问题，说明情况
            </Button>
          ) : (
            <Text className="cw-cross__notice">涉及其他乡镇的村，是否是问题由县里说明。</Text>
          )}
        </View>
      )}
      {message && <Text className="cw-cross__notice">{message}</Text>}
    </View>
  )
}

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
}

/**
 * Cross-village checks for township and county staff: findings of a period (the same ID on two villages' lists, an
 * amount above the standard, a person listed after leaving, one account for two households, a person listed twice),
 * each with its rows one tap away, confirmed as a problem or resolved with a reason. The period is the one the
 * dashboard showed (a year covers its months), stepped back and forth here; findings come a page at a time.
 */
export default function CrossChecksPage() {
  const params = useRouter().params
  const [period, setPeriod] = useState(readQueryParam(params.period) ?? todayInChina().slice(0, 7))
  const [running, setRunning] = useState<string | null>(null)
  const [more, setMore] = useState<string | null>(null)
  const [notice, setNotice] = useState<string | null>(null)
  const { busy: fetchingMore, once } = useSubmitOnce()
  const list = useLoader<Listed>()

  const load = (at = period) =>
    list.run(async () => {
      const region = readQueryParam(params.region) ?? (await getMe()).activeRole?.regionCode
      if (!region) throw new Error('no region')
      const { findings, page } = await listCrossChecks(region, at)
      return { region, findings, total: page.total, nextOffset: page.nextOffset }
    })
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
      const { findings, page } = await listCrossChecks(shown.region, period, { offset: shown.nextOffset })
      list.set({ ...shown, findings: [...shown.findings, ...findings], nextOffset: page.nextOffset })
      setMore(null)
    } catch (err) {
      setMore(errorText(err))
    }
  })

  const changed = (text?: string) => {
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
      {notice && <Text className="cw-cross__notice cw-cross__stale">{notice}</Text>}
      {findings.length === 0 && <EmptyBox text="没有发现问题" />}
      {active.map((f) => (
        <Finding key={f.id} f={f} onChanged={changed} />
      ))}
      {findings.length > active.length && (
        <View>
          <Text className="cw-cross__heading">已关闭</Text>
          {findings
            .filter((f) => f.status === 'closed')
            .map((f) => (
              <Finding key={f.id} f={f} onChanged={changed} />
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
