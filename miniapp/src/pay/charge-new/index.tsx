import { useState } from 'react'
import { Button, Input, Text, Textarea, View } from '@tarojs/components'
import Taro, { useLoad } from '@tarojs/taro'
import {
  addDays,
  CHARGE_BASIS_MAX,
  CHARGE_CATEGORY_MAX,
  CHARGE_DESCRIPTION_MAX,
  CHARGE_TITLE_MAX,
  CHARGE_UNIT_LABEL_MAX,
  type ChargeUnit,
  type DecisionDto,
  type RoleGrantDto,
} from '@cunwu/domain'
import { ErrorBox } from '@/components/page-state'
import { useLoader } from '@/hooks/use-loader'
import { useIdempotencyKey, useSubmitOnce } from '@/hooks/use-submit-once'
import { getMe } from '@/services/api/me'
import { createCharge, type ChargeCreateInput } from '@/services/api/pay'
import { passedDecisions } from '@/services/api/decisions'
import { Routes, pageUrl } from '@/routes'
import { errorText } from '@/utils/errors'
import { formatDate } from '@/utils/format'
import { parseYuanToFen } from '@/utils/money'
import { todayInChina } from '@/utils/period'
import { secretaryGrantOf } from '@/utils/grants'
import { parseHouseholdList } from '../summary'
import { PageRoot } from '@/components/page-root'
import { LoadStateBox } from '@/components/load-error'
import { NO_CUT, TextCount, firstTooLong, oneLineMaxLength } from '@/components/text-count'
import './index.scss'

interface Form {
  title: string
  description: string
  unit: ChargeUnit
  unitLabel: string
  amount: string
  category: string
  everyone: boolean
  households: string
  /** Per-item charges: the quantity typed for each household number. */
  quantities: Record<string, string>
  dueDate: string
  basis: string
  /** The passed 四议两公开 decision the charge rests on; null for none. */
  decisionId: string | null
}

const emptyForm = (): Form => ({
  title: '',
  description: '',
  unit: 'household',
  unitLabel: '',
  amount: '',
  category: '一事一议筹资',
  everyone: false,
  households: '',
  quantities: {},
  dueDate: addDays(todayInChina(), 30),
  basis: '',
  decisionId: null,
})

/** Checks the form and builds the request, or answers the first thing to fix in plain words. */
function toRequest(form: Form): { ok: true; req: ChargeCreateInput } | { ok: false; message: string } {
  if (form.title.trim().length < 2) return { ok: false, message: '请写收费名称（至少 2 个字）' }
  const fen = parseYuanToFen(form.amount)
  if (fen === null || fen <= 0) return { ok: false, message: '请写正确的金额，例如 50 或 12.50' }
  if (form.unit === 'item' && form.unitLabel.trim() === '')
    return { ok: false, message: '请写计量单位，例如 吨、亩' }
  if (form.category.trim().length < 2) return { ok: false, message: '请写记账科目（至少 2 个字）' }
  if (!/^\d{4}-\d{2}-\d{2}$/.test(form.dueDate))
    return { ok: false, message: '截止日期请写成 2026-07-31 这样' }
  if (form.basis.trim().length < 2) return { ok: false, message: '请写明收费依据，例如哪次村民会议的决议' }
  const tooLong = firstTooLong([
    ['收费名称', form.title, CHARGE_TITLE_MAX],
    ['给村民的说明', form.description, CHARGE_DESCRIPTION_MAX],
    ['计量单位', form.unitLabel, CHARGE_UNIT_LABEL_MAX],
    ['记账科目', form.category, CHARGE_CATEGORY_MAX],
    ['收费依据', form.basis, CHARGE_BASIS_MAX],
  ])
  if (tooLong) return { ok: false, message: tooLong }
  let payers: { householdNo: string; quantity: number }[] = []
  if (!form.everyone) {
    const parsed = parseHouseholdList(form.households)
    if (!parsed.ok) return { ok: false, message: `看不懂“${parsed.bad}”，户号请写成 001 002 或 001-005` }
    if (parsed.numbers.length === 0) return { ok: false, message: '请写要缴费的户号，或选“全村每户”' }
    for (const no of parsed.numbers) {
      const quantity = form.unit === 'item' ? Number(form.quantities[no] ?? '') : 1
      if (!Number.isInteger(quantity) || quantity < 1)
        return { ok: false, message: `请写 ${no} 户的数量（整数）` }
      payers.push({ householdNo: no, quantity })
    }
  } else {
    payers = []
  }
  return {
    ok: true,
    req: {
      title: form.title.trim(),
      description: form.description.trim(),
      unit: form.unit,
      unitAmountFen: fen,
      unitLabel: form.unit === 'item' ? form.unitLabel.trim() : '',
      category: form.category.trim(),
      payers,
      allHouseholds: form.everyone,
      dueDate: form.dueDate,
      basis: { text: form.basis.trim() },
      decisionId: form.decisionId,
    },
  }
}

/** The secretary defines a collective charge: what for, how much, which households, until when, on what basis. */
export default function ChargeNewPage() {
  const me = useLoader<{ grant: RoleGrantDto; decisions: DecisionDto[] } | null>()
  const [form, setForm] = useState<Form>(emptyForm)
  const [formError, setFormError] = useState<string | null>(null)
  const { busy: saving, once } = useSubmitOnce()
  const idempotency = useIdempotencyKey()
  // The village's passed decisions, to name the one that authorised the charge (docs/decisions.md).
  const load = () =>
    me.run(async () => {
      const grant = secretaryGrantOf(await getMe())
      if (!grant) return null
      const decisions = await passedDecisions(grant.regionCode)
      return { grant, decisions }
    })
  useLoad(() => {
    void load()
  })
  const set = (patch: Partial<Form>) => setForm((f) => ({ ...f, ...patch }))

  const parsed = parseHouseholdList(form.households)
  const submit = once(async (grant: RoleGrantDto) => {
    const checked = toRequest(form)
    if (!checked.ok) {
      setFormError(checked.message)
      return
    }
    setFormError(null)
    try {
      // The same charge sent again (after a lost answer) carries the same key: the server creates it once.
      const key = idempotency.keyFor({ village: grant.regionCode, req: checked.req })
      const charge = await createCharge(grant.regionCode, checked.req, key)
      idempotency.done()
      void Taro.showToast({ title: '已建好', icon: 'success' })
      void Taro.redirectTo({ url: pageUrl(Routes.PayCharge, { id: charge.id }) })
    } catch (err) {
      setFormError(errorText(err))
    }
  })

  const state = me.state
  if (state.kind !== 'ready')
    return (
      <PageRoot>
        <LoadStateBox state={state} onRetry={() => void load()} />
      </PageRoot>
    )
  if (!state.data)
    return (
      <PageRoot>
        <ErrorBox title="不能建收费" message="您不是村务管理员" />
      </PageRoot>
    )
  const { grant, decisions } = state.data
  const chooseDecision = (d: DecisionDto | null) => {
    const resolution = d?.steps.at(-1)
    set({
      decisionId: d?.id ?? null,
      ...(d && resolution && form.basis.trim() === ''
        ? {
            basis: `${formatDate(resolution.heldOn)} ${resolution.meetingLabel}决议：${d.title}`.slice(
              0,
              200,
            ),
          }
        : {}),
    })
  }
  return (
    <PageRoot className="cw-pay cw-charge-new">
      <Text className="cw-pay__title">新建收费</Text>
      <Text className="cw-pay__subtitle">{grant.regionName ?? grant.regionCode}</Text>

      <Text className="cw-pay__label">收费名称</Text>
      <Input
        aria-label="收费名称"
        className="cw-input cw-charge-new__title"
        value={form.title}
        placeholder="例如：修村道筹资"
        maxlength={oneLineMaxLength(CHARGE_TITLE_MAX)}
        onInput={(e) => set({ title: e.detail.value })}
      />

      <Text className="cw-pay__label">给村民的说明（可不写）</Text>
      <Textarea
        aria-label="给村民的说明（可不写）"
        className="cw-pay__textarea cw-charge-new__description"
        value={form.description}
        placeholder="为什么收、钱用在哪里"
        maxlength={NO_CUT}
        onInput={(e) => set({ description: e.detail.value })}
      />
      <TextCount
        text={form.description}
        max={CHARGE_DESCRIPTION_MAX}
        className="cw-charge-new__description-count"
      />

      <Text className="cw-pay__label">怎么算钱</Text>
      <View className="cw-pay__choice">
        {(['household', 'item'] as const).map((unit) => (
          <Text
            key={unit}
            className={`cw-pay__option cw-charge-new__unit${form.unit === unit ? ' cw-pay__option--on' : ''}`}
            data-unit={unit}
            onClick={() => set({ unit })}
          >
            {unit === 'household' ? '每户一样' : '按数量（吨、亩…）'}
          </Text>
        ))}
      </View>
      {form.unit === 'item' && (
        <Input
          className="cw-input cw-charge-new__unit-label"
          aria-label="计量单位"
          value={form.unitLabel}
          placeholder="计量单位，例如 吨"
          maxlength={oneLineMaxLength(CHARGE_UNIT_LABEL_MAX)}
          onInput={(e) => set({ unitLabel: e.detail.value })}
        />
      )}

      <Text className="cw-pay__label">
        {form.unit === 'item' ? `每${form.unitLabel || '个'}多少元` : '每户多少元'}
      </Text>
      <Input
        className="cw-input cw-charge-new__amount"
        aria-label={form.unit === 'item' ? `每${form.unitLabel || '个'}多少元` : '每户多少元'}
        type="digit"
        value={form.amount}
        placeholder="例如 50"
        onInput={(e) => set({ amount: e.detail.value })}
      />

      <Text className="cw-pay__label">记账科目</Text>
      <Input
        aria-label="记账科目"
        className="cw-input cw-charge-new__category"
        value={form.category}
        maxlength={oneLineMaxLength(CHARGE_CATEGORY_MAX)}
        onInput={(e) => set({ category: e.detail.value })}
      />
      <Text className="cw-pay__hint">收到的钱记在村级账目的这个科目下，例如 一事一议筹资、水费、租金</Text>

      <Text className="cw-pay__label">哪些户要缴</Text>
      <View className="cw-pay__choice">
        <Text
          className={`cw-pay__option cw-charge-new__some${form.everyone ? '' : ' cw-pay__option--on'}`}
          onClick={() => set({ everyone: false })}
        >
          指定户号
        </Text>
        <Text
          className={`cw-pay__option cw-charge-new__everyone${form.everyone ? ' cw-pay__option--on' : ''}`}
          onClick={() => set({ everyone: true })}
        >
          全村每户
        </Text>
      </View>
      {!form.everyone && (
        <View>
          <Input
            className="cw-input cw-charge-new__households"
            aria-label="哪些户要缴（户号）"
            value={form.households}
            placeholder="例如 001-005 或 001 003 007"
            onInput={(e) => set({ households: e.detail.value })}
          />
          <Text className="cw-pay__hint">户号按村里花名册写；连着的户号可以写成 001-005</Text>
          {parsed.ok && parsed.numbers.length > 0 && (
            <Text className="cw-charge-new__households-preview">
              共 {parsed.numbers.length} 户：{parsed.numbers.slice(0, 30).join(' ')}
              {parsed.numbers.length > 30 ? ' …' : ''}
            </Text>
          )}
          {form.unit === 'item' &&
            parsed.ok &&
            parsed.numbers.slice(0, 200).map((no) => (
              <View key={no} className="cw-charge-new__quantity-row">
                <Text>{no} 户</Text>
                <Input
                  className="cw-input cw-charge-new__quantity"
                  aria-label={`${no} 户的数量`}
                  type="number"
                  value={form.quantities[no] ?? ''}
                  placeholder={`多少${form.unitLabel || '个'}`}
                  onInput={(e) => set({ quantities: { ...form.quantities, [no]: e.detail.value } })}
                />
              </View>
            ))}
        </View>
      )}
      {form.everyone && <Text className="cw-pay__hint">花名册上的每一户都缴一份</Text>}

      <Text className="cw-pay__label">截止日期</Text>
      <Input
        aria-label="截止日期"
        className="cw-input cw-charge-new__due"
        value={form.dueDate}
        placeholder="例如 2026-07-31"
        maxlength={10}
        onInput={(e) => set({ dueDate: e.detail.value })}
      />

      <Text className="cw-pay__label">按哪件议事事项收</Text>
      <View className="cw-pay__choice">
        <Text
          className={`cw-pay__option cw-charge-new__decision${form.decisionId === null ? ' cw-pay__option--on' : ''}`}
          onClick={() => chooseDecision(null)}
        >
          不关联
        </Text>
        {decisions.map((d) => (
          <Text
            key={d.id}
            className={`cw-pay__option cw-charge-new__decision${form.decisionId === d.id ? ' cw-pay__option--on' : ''}`}
            data-decision={d.id}
            onClick={() => chooseDecision(d)}
          >
            {d.title}
          </Text>
        ))}
      </View>
      <Text className="cw-pay__hint">
        {decisions.length === 0
          ? '本村还没有表决通过的议事事项'
          : '选了之后，收到的钱会记在这件事下面，村民在议事详情里能看到'}
      </Text>

      <Text className="cw-pay__label">收费依据</Text>
      <Textarea
        aria-label="收费依据"
        className="cw-pay__textarea cw-charge-new__basis"
        value={form.basis}
        placeholder="例如：2026年3月村民代表会议决议（一事一议）"
        maxlength={NO_CUT}
        onInput={(e) => set({ basis: e.detail.value })}
      />
      <TextCount text={form.basis} max={CHARGE_BASIS_MAX} className="cw-charge-new__basis-count" />

      {formError && (
        <View className="cw-pay__form-error cw-charge-new__error" role="alert">
          {formError}
        </View>
      )}
      <Button
        className={`cw-btn cw-charge-new__submit${saving ? ' cw-btn--busy' : ''}`}
        {...(saving ? { disabled: true } : {})}
        onClick={() => void submit(grant)}
      >
        {saving ? '正在保存…' : '保存这项收费'}
      </Button>
    </PageRoot>
  )
}
