import { useState } from 'react'
import { Button, Text, View } from '@tarojs/components'
import Taro, { useDidShow, useRouter } from '@tarojs/taro'
import type { LedgerEntryDto } from '@cunwu/domain'
import { DisclosureChart } from '@/components/disclosure-chart'
import { EmptyBox, LoadingBox } from '@/components/page-state'
import { useLoader } from '@/hooks/use-loader'
import { useSubmitOnce } from '@/hooks/use-submit-once'
import { createLedgerEntry, listLedger, uploadVoucher } from '@/services/api/ledger'
import { getMe } from '@/services/api/me'
import { getRegion } from '@/services/api/regions'
import { chooseFile } from '@/services/upload'
import { Routes, readQueryParam } from '@/routes'
import { errorText } from '@/utils/errors'
import { formatYuan } from '@/utils/money'
import { periodLabel, todayInChina } from '@/utils/period'
import { ledgerVillageOf, type LedgerVillage } from '@/utils/grants'
import { ledgerChart, ledgerTotals, shiftMonth } from '../summary'
import { PageRoot } from '@/components/page-root'
import { LoadErrorBox } from '@/components/load-error'
import { AddEntryForm } from './add-form'
import { emptyEntry, readEntryForm, type EntryForm } from './form'
import { LedgerGroups, LedgerTotals } from './month-view'
import './index.scss'

interface Ledger {
  village: LedgerVillage
  month: string
  entries: LedgerEntryDto[]
}

const open = (url: string) => void Taro.navigateTo({ url })

/** The village ledger by month: totals, a chart by category, the entries in four groups, and 记一笔 with vouchers. */
export default function LedgerPage() {
  const { params } = useRouter()
  const asked = readQueryParam(params.village)
  const [month, setMonth] = useState(() => todayInChina().slice(0, 7))
  const ledger = useLoader<Ledger | null>()
  const [adding, setAdding] = useState(false)
  const [form, setForm] = useState<EntryForm>(emptyEntry)
  const [formError, setFormError] = useState<string | null>(null)
  const [busy, setBusy] = useState<'save' | 'upload' | null>(null)
  const { once } = useSubmitOnce()
  const [notice, setNotice] = useState<string | null>(null)
  const [refreshing, setRefreshing] = useState(false)

  const load = (m: string) =>
    ledger.run(async () => {
      const found = ledgerVillageOf(await getMe(), asked)
      if (!found) return null
      const [entries, name] = await Promise.all([
        listLedger(found.code, { month: m }),
        found.name === null ? getRegion(found.code).then((r) => r.name) : found.name,
      ])
      return { village: { ...found, name }, month: m, entries }
    })
  useDidShow(() => {
    void load(month)
  })
  // 刷新 keeps the entries on screen while it asks again (no loading box), so the page does not jump.
  const refresh = async (current: Ledger) => {
    setRefreshing(true)
    try {
      ledger.set({
        ...current,
        entries: await listLedger(current.village.code, { month: current.month }),
      })
    } catch (err) {
      setNotice(errorText(err))
    } finally {
      setRefreshing(false)
    }
  }
  const goMonth = (delta: number) => {
    const m = shiftMonth(month, delta)
    setMonth(m)
    void load(m)
  }
  const set = (patch: Partial<EntryForm>) => setForm((f) => ({ ...f, ...patch }))

  const attach = once(async (village: LedgerVillage) => {
    const file = await chooseFile({ extensions: ['jpg', 'jpeg', 'png', 'pdf'], purpose: '选择记账凭证' })
    if (!file) return
    setBusy('upload')
    setFormError(null)
    try {
      const voucher = await uploadVoucher(village.code, file)
      setForm((f) => ({ ...f, vouchers: [...f.vouchers, voucher] }))
    } catch (err) {
      setFormError(errorText(err))
    } finally {
      setBusy(null)
    }
  })

  const save = once(async (village: LedgerVillage) => {
    const read = readEntryForm(form)
    if ('error' in read) return setFormError(read.error)
    setBusy('save')
    setFormError(null)
    try {
      const entry = await createLedgerEntry(village.code, read.entry)
      // Booked into a month whose statement is public: the answer's warning says so, and the page shows it.
      setNotice(`已记一笔：${entry.summary} ${formatYuan(entry.amountFen)} 元。${entry.warning ?? ''}`)
      setAdding(false)
      setForm(emptyEntry())
      const m = entry.date.slice(0, 7)
      setMonth(m)
      void load(m)
    } catch (err) {
      setFormError(errorText(err))
    } finally {
      setBusy(null)
    }
  })

  const state = ledger.state
  if (state.kind === 'error')
    return (
      <PageRoot>
        <LoadErrorBox error={state.error} onRetry={() => void load(month)} />
      </PageRoot>
    )
  if (state.kind === 'ready' && !state.data)
    return (
      <PageRoot>
        <EmptyBox text="只有本村的村务管理员和负责本村的乡镇、县工作人员能看账目" />
      </PageRoot>
    )
  const data = state.kind === 'ready' ? state.data : null
  const totals = ledgerTotals(data?.entries ?? [])
  const chart = ledgerChart(totals, `${periodLabel(month)}收入和支出（按科目）`)
  return (
    <PageRoot className="cw-pay cw-ledger">
      <Text className="cw-pay__title">村级账目</Text>
      {data && <Text className="cw-pay__subtitle">{data.village.name ?? data.village.code}</Text>}
      {notice && (
        <View className="cw-pay__notice cw-ledger__notice" role="status">
          {notice}
        </View>
      )}
      <View className="cw-ledger__month">
        <Button className="cw-btn cw-btn--ghost cw-ledger__prev" onClick={() => goMonth(-1)}>
          上个月
        </Button>
        <Text className="cw-ledger__month-label">{periodLabel(month)}</Text>
        <Button className="cw-btn cw-btn--ghost cw-ledger__next" onClick={() => goMonth(1)}>
          下个月
        </Button>
      </View>
      {!data && <LoadingBox />}
      {data && (
        <View className="cw-ledger__body" data-month={data.month}>
          <LedgerTotals totals={totals} />
          <Text className="cw-pay__hint">单位：元</Text>
          {chart && <DisclosureChart chart={chart} />}
          {data.entries.length === 0 && <EmptyBox text="这个月还没有记账" />}
          <LedgerGroups
            entries={data.entries}
            villageCode={data.village.code}
            readOnly={!data.village.canAdd}
            onReversed={(message) => {
              setNotice(message)
              void refresh(data)
            }}
          />

          {!data.village.canAdd && (
            <Text className="cw-pay__subtitle cw-ledger__read-only">
              只有本村的村务管理员能记账，这里只能查看。
            </Text>
          )}
          {data.village.canAdd && !adding && (
            <Button className="cw-btn cw-ledger__add" onClick={() => setAdding(true)}>
              记一笔
            </Button>
          )}
          {data.village.canAdd && adding && (
            <AddEntryForm
              form={form}
              set={set}
              busy={busy}
              formError={formError}
              onAttach={() => void attach(data.village)}
              onSave={() => void save(data.village)}
              onCancel={() => setAdding(false)}
            />
          )}
          <Button
            className={`cw-btn cw-btn--ghost cw-ledger__reload${refreshing ? ' cw-btn--busy' : ''}`}
            {...(refreshing ? { disabled: true } : {})}
            onClick={() => void refresh(data)}
          >
            {refreshing ? '正在刷新…' : '刷新'}
          </Button>
          <Button
            className="cw-btn cw-btn--ghost cw-ledger__statement"
            onClick={() => open(Routes.PayStatement)}
          >
            起草月度财务公开
          </Button>
          <Button
            className="cw-btn cw-btn--ghost cw-ledger__reconciliation"
            onClick={() => open(Routes.PayReconciliation)}
          >
            和微信支付对账
          </Button>
          <Button className="cw-btn cw-btn--ghost cw-ledger__charges" onClick={() => open(Routes.PayCharges)}>
            集体收费
          </Button>
        </View>
      )}
    </PageRoot>
  )
}
