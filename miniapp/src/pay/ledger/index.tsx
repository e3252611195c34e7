import { useState } from 'react'
import { Button, Input, Text, View } from '@tarojs/components'
import Taro, { useDidShow, useRouter } from '@tarojs/taro'
import {
  LEDGER_CATEGORY_MAX,
  LEDGER_COUNTERPARTY_MAX,
  LEDGER_HANDLER_MAX,
  LEDGER_SECTION_LABELS,
  LEDGER_SUMMARY_MAX,
  LEDGER_VOUCHER_NO_MAX,
  LedgerDateSchema,
  type LedgerEntryDto,
  type LedgerSection,
  type VoucherDto,
} from '@cunwu/domain'
import { DisclosureChart } from '@/components/disclosure-chart'
import { firstTooLong, oneLineMaxLength } from '@/components/text-count'
import { EmptyBox, LoadingBox } from '@/components/page-state'
import { useLoader } from '@/hooks/use-loader'
import { useSubmitOnce } from '@/hooks/use-submit-once'
import { createLedgerEntry, listLedger, uploadVoucher } from '@/services/api/ledger'
import { getMe } from '@/services/api/me'
import { getRegion } from '@/services/api/regions'
import { chooseFile } from '@/services/upload'
import { Routes, readQueryParam } from '@/routes'
import { errorText } from '@/utils/errors'
import { formatYuan, parseYuanToFen } from '@/utils/money'
import { periodLabel, todayInChina } from '@/utils/period'
import { ledgerVillageOf, type LedgerVillage } from '@/utils/grants'
import { LEDGER_GROUPS, ledgerChart, ledgerTotals, shiftMonth } from '../summary'
import { PageRoot } from '@/components/page-root'
import { LoadErrorBox } from '@/components/load-error'
import { LedgerEntryCard } from './entry'
import './index.scss'

interface Ledger {
  village: LedgerVillage
  month: string
  entries: LedgerEntryDto[]
}

const SECTIONS: LedgerSection[] = ['income', 'expense', 'assets', 'claims', 'debts']

interface EntryForm {
  section: LedgerSection
  date: string
  amount: string
  summary: string
  category: string
  counterparty: string
  voucherNo: string
  handler: string
  vouchers: VoucherDto[]
}

const emptyEntry = (): EntryForm => ({
  section: 'expense',
  date: todayInChina(),
  amount: '',
  summary: '',
  category: '',
  counterparty: '',
  voucherNo: '',
  handler: '',
  vouchers: [],
})

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
    const fen = parseYuanToFen(form.amount)
    if (fen === null || fen <= 0) return setFormError('请写正确的金额，例如 120 或 35.50')
    // The day as people type it (2026-6-1, 2026年6月1日), read and checked as the BFF does.
    const date = LedgerDateSchema.safeParse(form.date)
    if (!date.success) return setFormError(date.error.issues[0]?.message ?? '请检查日期')
    if (form.summary.trim().length < 2) return setFormError('请写摘要（至少 2 个字），例如 购买垃圾桶')
    if (form.category.trim() === '') return setFormError('请写科目，例如 公益事业支出')
    const tooLong = firstTooLong([
      ['摘要', form.summary, LEDGER_SUMMARY_MAX],
      ['科目', form.category, LEDGER_CATEGORY_MAX],
      ['对方', form.counterparty, LEDGER_COUNTERPARTY_MAX],
      ['凭证号', form.voucherNo, LEDGER_VOUCHER_NO_MAX],
      ['经手人', form.handler, LEDGER_HANDLER_MAX],
    ])
    if (tooLong) return setFormError(tooLong)
    setBusy('save')
    setFormError(null)
    try {
      const entry = await createLedgerEntry(village.code, {
        section: form.section,
        date: date.data,
        amountFen: fen,
        summary: form.summary.trim(),
        category: form.category.trim(),
        counterparty: form.counterparty.trim(),
        voucherNo: form.voucherNo.trim(),
        handler: form.handler.trim(),
        voucherFileIds: form.vouchers.map((v) => v.fileId),
      })
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
          <View className="cw-ledger__totals">
            <View className="cw-ledger__total cw-ledger__total--income">
              <Text className="cw-ledger__total-label">收入</Text>
              <Text className="cw-ledger__total-value cw-ledger__income">{formatYuan(totals.incomeFen)}</Text>
            </View>
            <View className="cw-ledger__total cw-ledger__total--expense">
              <Text className="cw-ledger__total-label">支出</Text>
              <Text className="cw-ledger__total-value cw-ledger__expense">
                {formatYuan(totals.expenseFen)}
              </Text>
            </View>
            <View className="cw-ledger__total">
              <Text className="cw-ledger__total-label">结余</Text>
              <Text className="cw-ledger__total-value cw-ledger__balance">
                {formatYuan(totals.incomeFen - totals.expenseFen)}
              </Text>
            </View>
          </View>
          <Text className="cw-pay__hint">单位：元</Text>
          {chart && <DisclosureChart chart={chart} />}
          {data.entries.length === 0 && <EmptyBox text="这个月还没有记账" />}
          {LEDGER_GROUPS.map((group) => {
            const entries = data.entries.filter((e) => group.sections.includes(e.section))
            if (entries.length === 0) return null
            return (
              <View key={group.key} className={`cw-ledger__group cw-ledger__group--${group.key}`}>
                <Text className="cw-ledger__group-title">
                  {group.label}（{entries.length} 笔）
                </Text>
                {entries.map((e) => (
                  <LedgerEntryCard
                    key={e.id}
                    entry={e}
                    villageCode={data.village.code}
                    readOnly={!data.village.canAdd}
                    showSection={group.sections.length > 1}
                    onReversed={(message) => {
                      setNotice(message)
                      void refresh(data)
                    }}
                  />
                ))}
              </View>
            )
          })}

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
            <View className="cw-pay__card cw-ledger__form">
              <Text className="cw-pay__card-title">记一笔</Text>
              <Text className="cw-pay__label">类别</Text>
              <View className="cw-pay__choice">
                {SECTIONS.map((s) => (
                  <Text
                    key={s}
                    className={`cw-pay__option cw-ledger__section${form.section === s ? ' cw-pay__option--on' : ''}`}
                    data-section={s}
                    onClick={() => set({ section: s })}
                  >
                    {LEDGER_SECTION_LABELS[s]}
                  </Text>
                ))}
              </View>
              <Text className="cw-pay__label">金额（元）</Text>
              <Input
                aria-label="金额（元）"
                className="cw-input cw-ledger__amount"
                type="digit"
                value={form.amount}
                placeholder="例如 120"
                onInput={(e) => set({ amount: e.detail.value })}
              />
              <Text className="cw-pay__label">日期</Text>
              <Input
                aria-label="日期"
                className="cw-input cw-ledger__date"
                value={form.date}
                maxlength={20}
                onInput={(e) => set({ date: e.detail.value })}
              />
              <Text className="cw-pay__label">摘要</Text>
              <Input
                aria-label="摘要"
                className="cw-input cw-ledger__summary"
                value={form.summary}
                placeholder="例如 购买垃圾桶"
                maxlength={oneLineMaxLength(LEDGER_SUMMARY_MAX)}
                onInput={(e) => set({ summary: e.detail.value })}
              />
              <Text className="cw-pay__label">科目</Text>
              <Input
                aria-label="科目"
                className="cw-input cw-ledger__category"
                value={form.category}
                placeholder="例如 公益事业支出"
                maxlength={oneLineMaxLength(LEDGER_CATEGORY_MAX)}
                onInput={(e) => set({ category: e.detail.value })}
              />
              <Text className="cw-pay__label">对方（单位或个人，可不写）</Text>
              <Input
                aria-label="对方（单位或个人，可不写）"
                className="cw-input cw-ledger__counterparty"
                value={form.counterparty}
                maxlength={oneLineMaxLength(LEDGER_COUNTERPARTY_MAX)}
                onInput={(e) => set({ counterparty: e.detail.value })}
              />
              <Text className="cw-pay__label">凭证号和经手人（可不写）</Text>
              <View className="cw-pay__row">
                <Input
                  aria-label="凭证号（可不写）"
                  className="cw-input cw-ledger__voucher-no"
                  value={form.voucherNo}
                  placeholder="凭证号"
                  maxlength={oneLineMaxLength(LEDGER_VOUCHER_NO_MAX)}
                  onInput={(e) => set({ voucherNo: e.detail.value })}
                />
                <Input
                  aria-label="经手人（可不写）"
                  className="cw-input cw-ledger__handler"
                  value={form.handler}
                  placeholder="经手人"
                  maxlength={oneLineMaxLength(LEDGER_HANDLER_MAX)}
                  onInput={(e) => set({ handler: e.detail.value })}
                />
              </View>
              {form.vouchers.map((v) => (
                <Text key={v.fileId} className="cw-ledger__voucher">
                  已附凭证：{v.filename}
                </Text>
              ))}
              <Button
                className={`cw-btn cw-btn--ghost cw-ledger__attach${busy === 'upload' ? ' cw-btn--busy' : ''}`}
                {...(busy ? { disabled: true } : {})}
                onClick={() => void attach(data.village)}
              >
                {busy === 'upload' ? '正在上传…' : '附上凭证照片或 PDF'}
              </Button>
              {formError && (
                <View className="cw-pay__form-error cw-ledger__error" role="alert">
                  {formError}
                </View>
              )}
              <Button
                className={`cw-btn cw-ledger__save${busy === 'save' ? ' cw-btn--busy' : ''}`}
                {...(busy ? { disabled: true } : {})}
                onClick={() => void save(data.village)}
              >
                {busy === 'save' ? '正在保存…' : '保存'}
              </Button>
              <Button className="cw-btn cw-btn--ghost" onClick={() => setAdding(false)}>
                不记了
              </Button>
            </View>
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
