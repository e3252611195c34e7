import { useState } from 'react'
import { Button, Input, Text, View } from '@tarojs/components'
import Taro, { useDidShow } from '@tarojs/taro'
import {
  DISCLOSURE_STATUS_LABELS,
  ErrorCode,
  FINANCE_STATEMENT_CHANGE_NOTE_MAX,
  LEDGER_SECTION_LABELS,
  type DisclosureDto,
  type DisclosureStatus,
  type FinanceStatementDto,
  type FinanceStatementStatusDto,
  type LedgerEntryDto,
  type RoleGrantDto,
} from '@cunwu/domain'
import { DisclosureChart } from '@/components/disclosure-chart'
import { EmptyBox, ErrorBox } from '@/components/page-state'
import { useLoader } from '@/hooks/use-loader'
import { getDisclosure } from '@/services/api/disclosures'
import { draftFinanceStatement, getStatementStatus, listLedger } from '@/services/api/ledger'
import { getMe } from '@/services/api/me'
import { ApiError } from '@/services/request'
import { Routes, pageUrl } from '@/routes'
import { errorText } from '@/utils/errors'
import { formatYuan } from '@/utils/money'
import { periodLabel, todayInChina } from '@/utils/period'
import { secretaryGrantOf } from '@/utils/grants'
import { ledgerChart, ledgerTotals, shiftMonth } from '../summary'
import { PageRoot } from '@/components/page-root'
import { LoadStateBox } from '@/components/load-error'
import { TextCount, oneLineMaxLength } from '@/components/text-count'
import './index.scss'

interface Month {
  grant: RoleGrantDto
  month: string
  entries: LedgerEntryDto[]
  status: FinanceStatementStatusDto
}

interface Drafted {
  statement: FinanceStatementDto
  disclosures: DisclosureDto[]
}

const open = (url: string) => void Taro.navigateTo({ url })
const DEFAULT_NOTE = '公开后台账有变动，按台账更正'

const statusLabel = (s: string) => DISCLOSURE_STATUS_LABELS[s as DisclosureStatus] ?? s

/**
 * The month's finance statement: drafts it from the ledger once the month has ended, shows where each part stands
 * (草稿, 审核中, 已公开), and when the ledger changed after publication says so (账目在公开后又有变动) and drafts a
 * corrected version with a change note, which goes through the same review.
 */
export default function StatementPage() {
  const [month, setMonth] = useState(() => todayInChina().slice(0, 7))
  const preview = useLoader<Month | null>()
  const drafted = useLoader<Drafted>('idle')
  const [note, setNote] = useState(DEFAULT_NOTE)

  const load = (m: string) =>
    preview.run(async () => {
      const grant = secretaryGrantOf(await getMe())
      if (!grant) return null
      const [entries, status] = await Promise.all([
        listLedger(grant.regionCode, { month: m }),
        getStatementStatus(grant.regionCode, m),
      ])
      return { grant, month: m, entries, status }
    })
  useDidShow(() => {
    void load(month)
  })
  const goMonth = (delta: number) => {
    const m = shiftMonth(month, delta)
    setMonth(m)
    drafted.reset()
    void load(m)
  }

  const draft = (grant: RoleGrantDto, changeNote?: string) =>
    drafted.run(async () => {
      const statement = await draftFinanceStatement(grant.regionCode, month, changeNote)
      const disclosures = await Promise.all(statement.disclosures.map((d) => getDisclosure(d.disclosureId)))
      void load(month)
      return { statement, disclosures }
    })

  const state = preview.state
  if (state.kind !== 'ready')
    return (
      <PageRoot>
        <LoadStateBox state={state} onRetry={() => void load(month)} />
      </PageRoot>
    )
  if (!state.data)
    return (
      <PageRoot>
        <EmptyBox text="您不是村务管理员，不能起草财务公开" />
      </PageRoot>
    )
  const { grant, entries, status } = state.data
  const totals = ledgerTotals(entries)
  const chart = ledgerChart(totals, `${periodLabel(month)}收支（按科目）`)
  const d = drafted.state
  const exists =
    d.kind === 'error' && d.error instanceof ApiError && d.error.code === ErrorCode.DisclosureExists
  const changed = status.sections.filter((s) => s.publishedId && (s.ledgerChanged || s.reconciliationChanged))
  return (
    <PageRoot className="cw-pay cw-statement">
      <Text className="cw-pay__title">月度财务公开</Text>
      <Text className="cw-pay__subtitle">{grant.regionName ?? grant.regionCode}</Text>
      <View className="cw-statement__month">
        <Text className="cw-statement__month-label">{periodLabel(month)}</Text>
        <Button className="cw-btn cw-btn--ghost cw-statement__prev" onClick={() => goMonth(-1)}>
          上个月
        </Button>
        <Button className="cw-btn cw-btn--ghost cw-statement__next" onClick={() => goMonth(1)}>
          下个月
        </Button>
      </View>
      <Text className="cw-pay__line cw-statement__totals">
        账上本月收入 {formatYuan(totals.incomeFen)} 元，支出 {formatYuan(totals.expenseFen)} 元，共{' '}
        {entries.length} 笔
      </Text>
      {chart && d.kind !== 'ready' && <DisclosureChart chart={chart} />}
      {entries.length === 0 && status.sections.length === 0 && <EmptyBox text="这个月没有账目，不用起草" />}

      {status.sections.map((s) => (
        <View key={s.section} className="cw-pay__card cw-statement__section" data-section={s.section}>
          <Text className="cw-pay__card-title">
            {LEDGER_SECTION_LABELS[s.section]}明细 · 第 {s.version} 版 · {statusLabel(s.status)}
          </Text>
          <Button
            className="cw-btn cw-btn--ghost cw-statement__open"
            onClick={() => open(pageUrl(Routes.SecretaryDisclosureEdit, { id: s.disclosureId }))}
          >
            {s.status === 'draft' ? '打开草稿修改、提交' : '查看'}
          </Button>
        </View>
      ))}

      {status.correctionDue && (
        <View className="cw-pay__notice cw-pay__notice--warn cw-statement__changed" role="alert">
          <Text className="cw-statement__changed-title">账目在公开后又有变动</Text>
          <Text className="cw-pay__line">
            {changed.map((s) => `${LEDGER_SECTION_LABELS[s.section]}明细`).join('、')}
            公开的内容和现在的台账
            {changed.some((s) => s.ledgerChanged) ? '对不上' : '的对账结果不一样'}
            。请写明更正说明，按台账生成更正版，提交乡镇审核后公开。
          </Text>
          <Input
            className="cw-input cw-statement__note"
            aria-label="更正说明"
            value={note}
            maxlength={oneLineMaxLength(FINANCE_STATEMENT_CHANGE_NOTE_MAX)}
            onInput={(e) => setNote(e.detail.value)}
          />
          <TextCount
            text={note}
            max={FINANCE_STATEMENT_CHANGE_NOTE_MAX}
            className="cw-statement__note-count"
            onlyWhenOver
          />
          <Button
            className={`cw-btn cw-statement__correct${d.kind === 'loading' ? ' cw-btn--busy' : ''}`}
            {...(d.kind === 'loading' ? { disabled: true } : {})}
            onClick={() => void draft(grant, note.trim())}
          >
            {d.kind === 'loading' ? '正在生成…' : '按台账生成更正版'}
          </Button>
        </View>
      )}

      {!status.ended && entries.length > 0 && (
        <View className="cw-pay__notice cw-statement__not-ended" role="status">
          {periodLabel(month)}还没有过完，下个月 1 日起才能起草这个月的财务公开。
        </View>
      )}
      {status.ended && status.undrafted.length > 0 && d.kind !== 'ready' && (
        <Button
          className={`cw-btn cw-statement__draft${d.kind === 'loading' ? ' cw-btn--busy' : ''}`}
          {...(d.kind === 'loading' ? { disabled: true } : {})}
          onClick={() => void draft(grant)}
        >
          {d.kind === 'loading' ? '正在起草…' : `起草${periodLabel(month)}财务公开`}
        </Button>
      )}
      {d.kind === 'error' && exists && (
        <View className="cw-pay__notice cw-pay__notice--warn cw-statement__exists" role="status">
          {errorText(d.error)}
        </View>
      )}
      {d.kind === 'error' && !exists && <ErrorBox title="没有生成成功" message={errorText(d.error)} />}
      {d.kind === 'ready' && (
        <View className="cw-statement__result">
          <View className="cw-pay__notice cw-statement__done" role="status">
            已生成 {d.data.disclosures.length} 份草稿：收入 {formatYuan(d.data.statement.incomeFen)} 元，支出{' '}
            {formatYuan(d.data.statement.expenseFen)} 元。请核对后提交乡镇审核。
          </View>
          {d.data.statement.openReconciliationIssues > 0 && (
            <View className="cw-pay__notice cw-pay__notice--warn cw-statement__issues" role="alert">
              本月还有 {d.data.statement.openReconciliationIssues} 处和微信账单对不上，已写进草稿的说明里。
            </View>
          )}
          {d.data.disclosures.map((disclosure, i) => (
            <View
              key={disclosure.id}
              className="cw-pay__card cw-statement__disclosure"
              data-id={disclosure.id}
              data-section={d.data.statement.disclosures[i]?.section}
            >
              <Text className="cw-pay__card-title">{disclosure.title}</Text>
              <Text className="cw-pay__line">
                {LEDGER_SECTION_LABELS[d.data.statement.disclosures[i]?.section ?? 'income']} ·{' '}
                {d.data.statement.disclosures[i]?.rows ?? 0} 行 · 草稿
              </Text>
              {disclosure.interpretation?.chart && (
                <DisclosureChart chart={disclosure.interpretation.chart} />
              )}
              <Button
                className="cw-btn cw-statement__open"
                onClick={() => open(pageUrl(Routes.SecretaryDisclosureEdit, { id: disclosure.id }))}
              >
                打开草稿修改、提交
              </Button>
            </View>
          ))}
        </View>
      )}
    </PageRoot>
  )
}
