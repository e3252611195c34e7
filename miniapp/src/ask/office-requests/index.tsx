import { useState } from 'react'
import { Text, View } from '@tarojs/components'
import { useDidShow, useRouter } from '@tarojs/taro'
import type { InfoRequestDto, InfoRequestReportDto } from '@cunwu/domain'
import { EmptyBox } from '@/components/page-state'
import { useLoader } from '@/hooks/use-loader'
import { getInfoRequestReport, listOfficeInfoRequests } from '@/services/api/info-requests'
import { getMe } from '@/services/api/me'
import { readQueryParam } from '@/routes'
import { ACTED_MEANWHILE } from '@/utils/acted-meanwhile'
import { todayInChina } from '@/utils/period'
import { RequestCard } from '../request-card'
import { OfficeActions } from './actions'
import { PageRoot } from '@/components/page-root'
import { LoadStateBox } from '@/components/load-error'
import '../common.scss'

interface Loaded {
  requests: InfoRequestDto[]
  report: InfoRequestReportDto
}

/** Rows of the annual report shown on the page: the sums, and every result row with a number. */
function reportLines(report: InfoRequestReportDto): { key: string; label: string; total: number }[] {
  const sums = new Set(['new', 'carried_in', 'total', 'carried_out'])
  return report.rows
    .map((r) => ({ key: r.key, label: r.label, total: r.counts.total ?? 0 }))
    .filter((r) => sums.has(r.key) || r.total > 0)
}

/**
 * The office's 依申请公开 queue (a township or county government): open requests by deadline with the steps the
 * procedure allows, and this year's table of the annual report computed from the records.
 */
export default function OfficeRequestsPage() {
  const params = useRouter().params
  const page = useLoader<Loaded>()
  // Said over the list read again after a step someone else took first (D9).
  const [moved, setMoved] = useState(false)
  const load = () =>
    page.run(async () => {
      const region = readQueryParam(params.region) ?? (await getMe()).activeRole?.regionCode
      if (!region) throw new Error('no region')
      const [requests, report] = await Promise.all([
        listOfficeInfoRequests(region),
        getInfoRequestReport(region, Number(todayInChina().slice(0, 4))),
      ])
      return { requests, report }
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
  const { requests, report } = state.data
  const replace = (next: InfoRequestDto) =>
    page.set({ ...state.data, requests: requests.map((r) => (r.id === next.id ? next : r)) })
  // The report counts answered requests: after a reply it is read again.
  const afterStep = (next: InfoRequestDto) => {
    replace(next)
    if (next.status === 'replied') void load()
  }
  return (
    <PageRoot className="cw-ask cw-office">
      <Text className="cw-ask__title">依申请公开办理</Text>
      <Text className="cw-ask__subtitle">
        {report.regionName} · 自收到申请起20个工作日内答复；补正告知、延期各限一次；征求意见期间不计时。
      </Text>
      {moved && (
        <View className="cw-ask__notice cw-ask__notice--warn" role="status">
          {ACTED_MEANWHILE}
        </View>
      )}
      {requests.length === 0 && <EmptyBox text="没有待办的申请" />}
      {requests.map((r) => (
        <RequestCard key={r.id} r={r} showRequester>
          <OfficeActions
            r={r}
            onDone={(next) => {
              setMoved(false)
              afterStep(next)
            }}
            onMoved={() => {
              setMoved(true)
              void load()
            }}
          />
        </RequestCard>
      ))}
      <View className="cw-ask__card cw-office__report">
        <Text className="cw-ask__card-title">{report.year}年度报告：依申请公开情况</Text>
        {reportLines(report).map((l) => (
          <View key={l.key} className="cw-office__report-row" data-key={l.key}>
            <Text className="cw-ask__line">
              {l.label}：{l.total}
            </Text>
          </View>
        ))}
        {!report.balanced && (
          <Text className="cw-ask__hint">本年新收加上年结转，与办理和结转的合计不相等，请核对。</Text>
        )}
      </View>
    </PageRoot>
  )
}
