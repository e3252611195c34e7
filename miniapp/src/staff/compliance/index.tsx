import { useState } from 'react'
import { Button, Text, View } from '@tarojs/components'
import Taro, { useDidShow, useRouter } from '@tarojs/taro'
import {
  ALIGNMENT_STATUS_LABELS,
  type ComplianceCounts,
  type ComplianceDto,
  type ComplianceRowDto,
} from '@cunwu/domain'
import { statusTone } from '@/components/alignment'
import { BarList, type BarTone } from '@/components/bar-list'
import { OpenQuestions } from '@/components/open-questions'
import { ConsultParticipation } from '@/components/consult-participation'
import { EmptyBox } from '@/components/page-state'
import { useLoader } from '@/hooks/use-loader'
import { downloadComplianceExport, getCompliance } from '@/services/api/alignments'
import { getMe } from '@/services/api/me'
import { Routes, pageUrl, readQueryParam } from '@/routes'
import { errorText } from '@/utils/errors'
import { formatDateTime } from '@/utils/format'
import { periodLabel } from '@/utils/period'
import { RegionPosters } from '@/components/region-posters'
import { PageRoot } from '@/components/page-root'
import { LoadStateBox } from '@/components/load-error'
import { LINK } from '@/utils/link-role'
import { ComplianceChildren, HEALTH_TEXT } from './children'
import './index.scss'

const LEVEL_TEXT: Record<ComplianceDto['level'], string> = { county: '县', township: '乡镇', village: '村' }

/** The bars of the chart: which counts, in which colour. */
const BARS: { key: keyof ComplianceCounts; label: string; tone: BarTone }[] = [
  { key: 'consistent', label: '一致', tone: 'green' },
  { key: 'verified', label: '已核验', tone: 'green' },
  { key: 'inconsistent', label: '有差异', tone: 'red' },
  { key: 'villageMissing', label: '村里未公开', tone: 'amber' },
  { key: 'governmentMissing', label: '政府未公开', tone: 'amber' },
]

const DUE_TEXT: Record<NonNullable<ComplianceRowDto['dueStatus']>, string> = {
  on_time: '按时公开',
  late: '逾期公开',
  overdue: '超期未公开',
  due_soon: '即将到期',
  upcoming: '未到期',
}

function ItemRow({ row, onOpen }: { row: ComplianceRowDto; onOpen: (id: string) => void }) {
  const tone = statusTone(row.alignmentStatus)
  const alignmentId = row.alignmentId
  // A row with an alignment opens its detail: a link named by its text (item, period, status), reached with Tab and
  // followed on Enter in H5 (utils/link-role); a row without one is plain text.
  return (
    <View
      {...(alignmentId ? LINK : {})}
      className={`cw-list-row cw-compliance__row cw-compliance__row--${tone}`}
      data-item={row.catalogItemId}
      onClick={alignmentId ? () => onOpen(alignmentId) : undefined}
    >
      {/* A monthly item appears once per month: the period tells which one is overdue. */}
      <Text className="cw-compliance__row-title">
        {row.catalogItemName} · {periodLabel(row.period)}
      </Text>
      <Text className="cw-compliance__row-status">
        {row.alignmentStatus ? ALIGNMENT_STATUS_LABELS[row.alignmentStatus] : '无对照'}
        {row.discrepancyCount > 0 ? ` · ${row.discrepancyCount} 处差异` : ''}
        {row.dueStatus ? ` · ${DUE_TEXT[row.dueStatus]}` : ''}
      </Text>
      {row.explanations.map((e) => (
        <Text key={e} className="cw-compliance__row-explanation">
          {e}
        </Text>
      ))}
      {row.verifiedBy && row.verifiedAt && (
        <Text className="cw-compliance__row-meta">
          已核验：{row.verifiedBy}，{formatDateTime(row.verifiedAt)}
        </Text>
      )}
      {alignmentId && <Text className="cw-compliance__row-meta">点击查看对照详情</Text>}
    </View>
  )
}

/**
 * The township's or county's compliance dashboard: the counts and a bar chart, then its townships or villages worst
 * first with what needs doing in words and a name search (children.tsx), drill-down to a village's items and their
 * discrepancies, and the Excel export.
 */
export default function CompliancePage() {
  const params = useRouter().params
  // Without a period in the address the BFF chooses the year (the one holding the most recent overdue period, by its
  // clock, not the phone's date); the board's answer says which, and the year steps from there.
  const [period, setPeriod] = useState<string | undefined>(readQueryParam(params.period))
  const [exporting, setExporting] = useState<string | null>(null)
  const board = useLoader<ComplianceDto>()

  const load = (p: string | undefined) =>
    board.run(async () => {
      const region = readQueryParam(params.region) ?? (await getMe()).activeRole?.regionCode
      if (!region) throw new Error('no region')
      return getCompliance(region, p)
    })
  useDidShow(() => {
    void load(period)
  })

  const switchYear = (from: string, delta: number) => {
    // Annual items are what the government publishes most; a year is the period the dashboard steps through.
    const next = String(Number(from.slice(0, 4)) + delta)
    setPeriod(next)
    void load(next)
  }

  const open = (url: string) => void Taro.navigateTo({ url })
  const state = board.state
  if (state.kind !== 'ready')
    return (
      <PageRoot>
        <LoadStateBox state={state} onRetry={() => void load(period)} loadingText="正在统计…" />
      </PageRoot>
    )
  const d = state.data

  const handleExport = () => {
    setExporting('正在导出…')
    downloadComplianceExport(d.regionCode, d.period).then(
      () => setExporting('已导出 Excel 表格'),
      (err: unknown) => setExporting(errorText(err)),
    )
  }

  return (
    <PageRoot className="cw-compliance">
      <Text className="cw-compliance__title">
        {d.regionName}（{LEVEL_TEXT[d.level]}）
      </Text>
      <View className="cw-compliance__period">
        <Button className="cw-compliance__step" onClick={() => switchYear(d.period, -1)}>
          上一年
        </Button>
        <Text className="cw-compliance__period-text">{d.period} 年</Text>
        <Button className="cw-compliance__step" onClick={() => switchYear(d.period, 1)}>
          下一年
        </Button>
      </View>

      <View className={`cw-compliance__health cw-compliance__health--${d.health}`} data-health={d.health}>
        {/* What is owed and not published first: the colour and 对照 are about the government's lists only. */}
        <Text
          className={`cw-compliance__health-overdue${d.counts.overdue > 0 ? ' cw-compliance__health-overdue--some' : ''}`}
        >
          {d.counts.overdue > 0 ? `超期未公开 ${d.counts.overdue} 项` : '没有超期未公开的事项'}
        </Text>
        <Text className="cw-compliance__health-text">与政府公开对照：{HEALTH_TEXT[d.health]}</Text>
        <Text className="cw-compliance__meta">
          应公开 {d.counts.expected} 项 · 已公开 {d.counts.published} · 超期 {d.counts.overdue} · 差异{' '}
          {d.counts.discrepancies} 处
        </Text>
      </View>

      <BarList
        label="对照结果统计"
        items={BARS.map((b) => ({ key: b.key, label: b.label, count: d.counts[b.key], tone: b.tone }))}
      />

      {d.children.length > 0 && (
        <ComplianceChildren
          board={d}
          onOpen={(code) => open(pageUrl(Routes.StaffCompliance, { region: code, period: d.period }))}
        />
      )}

      <OpenQuestions
        regionCode={d.regionCode}
        areas={d.children.length > 0 ? d.children : [{ code: d.regionCode, name: d.regionName }]}
      />
      <ConsultParticipation
        regionCode={d.regionCode}
        areas={d.children.length > 0 ? d.children : [{ code: d.regionCode, name: d.regionName }]}
      />
      {d.level === 'village' && (
        <View className="cw-compliance__section">
          <Text className="cw-compliance__heading">各项公开</Text>
          {d.rows.length === 0 && <EmptyBox text="这一年没有要对照的公开" />}
          {d.rows.map((r) => (
            <ItemRow
              key={`${r.catalogItemId}-${r.period}`}
              row={r}
              onOpen={(id) => open(pageUrl(Routes.StaffAlignment, { id }))}
            />
          ))}
        </View>
      )}

      {d.level === 'village' && (
        // The village's own books, which the township and county above may read (pay/ledger, ?village= as their
        // other pages take a village; docs/wechat-pay.md 'Vouchers').
        <Button
          className="cw-btn cw-btn--ghost cw-compliance__ledger"
          onClick={() => open(pageUrl(Routes.PayLedger, { village: d.regionCode }))}
        >
          查看{d.regionName}的村级账目
        </Button>
      )}
      {d.level === 'village' && (
        // What the villagers see of it: the officer's home opens this page, so the catalog is one tap further.
        <Button
          className="cw-btn cw-btn--ghost cw-compliance__catalog"
          onClick={() => open(pageUrl(Routes.Catalog, { village: d.regionCode }))}
        >
          查看村民看到的公开目录
        </Button>
      )}
      {d.level === 'township' && <RegionPosters regionCode={d.regionCode} />}
      {d.level !== 'village' && (
        <Button
          className="cw-btn cw-btn--ghost cw-compliance__export"
          onClick={() => open(pageUrl(Routes.StaffCrossChecks, { region: d.regionCode, period: d.period }))}
        >
          跨村核查
        </Button>
      )}
      <Button className="cw-btn cw-btn--ghost cw-compliance__export" onClick={handleExport}>
        导出 Excel 表格
      </Button>
      {exporting && <Text className="cw-compliance__notice">{exporting}</Text>}
      <Text className="cw-compliance__meta">统计时间：{formatDateTime(d.asOf)}</Text>
    </PageRoot>
  )
}
