import { useState } from 'react'
import { Button, Input, Text, View } from '@tarojs/components'
import { useDidShow } from '@tarojs/taro'
import { addDays, type ReconciliationDto, type RoleGrantDto } from '@cunwu/domain'
import { EmptyBox, ErrorBox } from '@/components/page-state'
import { useLoader } from '@/hooks/use-loader'
import { listReconciliations, runReconciliation } from '@/services/api/ledger'
import { getMe } from '@/services/api/me'
import { errorText } from '@/utils/errors'
import { formatDateTime } from '@/utils/format'
import { formatYuan } from '@/utils/money'
import { todayInChina } from '@/utils/period'
import { secretaryGrantOf } from '@/utils/grants'
import { differenceText } from '../summary'
import { PageRoot } from '@/components/page-root'
import { LoadStateBox } from '@/components/load-error'
import './index.scss'

interface Reports {
  grant: RoleGrantDto
  reports: ReconciliationDto[]
}

const VERDICTS: Record<ReconciliationDto['status'], string> = {
  matched: '全部相符',
  differences: '有对不上的地方',
  no_bill: '这一天没有微信账单',
}

function Report({ report }: { report: ReconciliationDto }) {
  return (
    <View
      className={`cw-pay__card cw-recon__report cw-recon__report--${report.status}`}
      data-status={report.status}
      data-date={report.date}
    >
      <Text className={`cw-recon__verdict cw-recon__verdict--${report.status}`}>
        {report.date} · {VERDICTS[report.status]}
      </Text>
      {report.status === 'no_bill' && (
        <Text className="cw-pay__line">当天没有交易，或者账单还没出（第二天上午 10 点以后再对）。</Text>
      )}
      {report.status !== 'no_bill' && (
        <Text className="cw-pay__line cw-recon__summary">
          微信账单 {report.billLines} 笔，对上 {report.matchedLines} 笔；收款{' '}
          {formatYuan(report.billIncomeFen)} 元，退款 {formatYuan(report.billRefundFen)} 元
        </Text>
      )}
      {report.differences.map((d, i) => {
        const text = differenceText(d)
        return (
          <View key={`${d.kind}-${d.outTradeNo}-${i}`} className="cw-recon__diff" data-kind={d.kind}>
            <Text className="cw-recon__diff-title">{text.title}</Text>
            <Text className="cw-pay__line">{text.detail}</Text>
            {d.note && <Text className="cw-pay__hint">{d.note}</Text>}
          </View>
        )
      })}
      <Text className="cw-pay__hint">
        对账时间 {formatDateTime(report.runAt)}
        {report.runs > 1 ? `（第 ${report.runs} 次）` : ''}
      </Text>
    </View>
  )
}

/** Compares WeChat Pay's bill of a day with the village's records and lists every difference plainly. */
export default function ReconciliationPage() {
  const list = useLoader<Reports | null>()
  const run = useLoader<ReconciliationDto>('idle')
  // Yesterday: WeChat publishes a day's bill the next morning.
  const [date, setDate] = useState(() => addDays(todayInChina(), -1))
  const [dateError, setDateError] = useState<string | null>(null)

  const load = () =>
    list.run(async () => {
      const grant = secretaryGrantOf(await getMe())
      return grant ? { grant, reports: await listReconciliations(grant.regionCode) } : null
    })
  useDidShow(() => {
    void load()
  })

  const start = async (grant: RoleGrantDto) => {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(date.trim())) {
      setDateError('日期请写成 2026-06-01 这样')
      return
    }
    setDateError(null)
    await run.run(() => runReconciliation(grant.regionCode, date.trim()))
    void load()
  }

  const state = list.state
  if (state.kind !== 'ready')
    return (
      <PageRoot>
        <LoadStateBox state={state} onRetry={() => void load()} />
      </PageRoot>
    )
  if (!state.data)
    return (
      <PageRoot>
        <EmptyBox text="您不是村务管理员，不能对账" />
      </PageRoot>
    )
  const { grant, reports } = state.data
  const r = run.state
  return (
    <PageRoot className="cw-pay cw-recon">
      <Text className="cw-pay__title">和微信支付对账</Text>
      <Text className="cw-pay__subtitle">{grant.regionName ?? grant.regionCode}</Text>
      <Text className="cw-pay__hint">拿微信支付的当天账单，和本村的缴费订单、账目一笔一笔比对。</Text>
      <Text className="cw-pay__label">对哪一天</Text>
      <Input
        aria-label="对哪一天"
        className="cw-input cw-recon__date"
        value={date}
        maxlength={10}
        onInput={(e) => setDate(e.detail.value)}
      />
      {dateError && (
        <View className="cw-pay__form-error" role="alert">
          {dateError}
        </View>
      )}
      <Button
        className={`cw-btn cw-recon__run${r.kind === 'loading' ? ' cw-btn--busy' : ''}`}
        {...(r.kind === 'loading' ? { disabled: true } : {})}
        onClick={() => void start(grant)}
      >
        {r.kind === 'loading' ? '正在对账…' : '开始对账'}
      </Button>
      {r.kind === 'error' && <ErrorBox title="没有对成" message={errorText(r.error)} />}
      {r.kind === 'ready' && (
        <View className="cw-recon__latest">
          <Text className="cw-pay__label">这次的结果</Text>
          <Report report={r.data} />
        </View>
      )}
      <Text className="cw-pay__label">以前的对账</Text>
      {reports.length === 0 && <EmptyBox text="还没有对过账" />}
      {reports.map((report) => (
        <View key={report.id} className="cw-recon__history-row" data-status={report.status}>
          <Text>{report.date}</Text>
          <Text className={`cw-recon__verdict--${report.status}`}>
            {VERDICTS[report.status]}
            {report.differences.length > 0 ? `（${report.differences.length} 处）` : ''}
          </Text>
        </View>
      ))}
    </PageRoot>
  )
}
