// The 记一笔 card: the section chips, amount, day, texts and vouchers, with what is wrong and the buttons.
import { Button, Input, Text, View } from '@tarojs/components'
import {
  LEDGER_CATEGORY_MAX,
  LEDGER_COUNTERPARTY_MAX,
  LEDGER_HANDLER_MAX,
  LEDGER_SECTION_LABELS,
  LEDGER_SUMMARY_MAX,
  LEDGER_VOUCHER_NO_MAX,
} from '@cunwu/domain'
import { oneLineMaxLength } from '@/components/text-count'
import { SECTIONS, type EntryForm } from './form'

export function AddEntryForm(props: {
  form: EntryForm
  set: (patch: Partial<EntryForm>) => void
  busy: 'save' | 'upload' | null
  formError: string | null
  onAttach: () => void
  onSave: () => void
  onCancel: () => void
}) {
  const { form, set, busy, formError } = props
  return (
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
        onClick={props.onAttach}
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
        onClick={props.onSave}
      >
        {busy === 'save' ? '正在保存…' : '保存'}
      </Button>
      <Button className="cw-btn cw-btn--ghost" onClick={props.onCancel}>
        不记了
      </Button>
    </View>
  )
}
