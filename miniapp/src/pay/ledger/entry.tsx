import { useState } from 'react'
import { Button, Input, Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { LEDGER_REVERSE_REASON_MAX, LEDGER_SECTION_LABELS, type LedgerEntryDto } from '@cunwu/domain'
import { oneLineMaxLength, tooLongText } from '@/components/text-count'
import { openVoucher, reverseLedgerEntry } from '@/services/api/ledger'
import { errorText } from '@/utils/errors'
import { LINK } from '@/utils/link-role'
import { formatDate } from '@/utils/format'
import { formatYuan } from '@/utils/money'

const SOURCE_LABELS: Record<LedgerEntryDto['source'], string> = {
  payment: '微信缴费自动记账',
  refund: '微信退款自动记账',
  manual: '手工记账',
  import: '导入',
  reversal: '冲销（更正）',
}

/**
 * One ledger entry. A manual or imported entry not yet corrected offers 冲销: a reason, then the opposite entry is
 * booked and the original shows 已冲销 (WeChat payments and refunds are corrected by a refund, not here).
 */
export function LedgerEntryCard(props: {
  entry: LedgerEntryDto
  villageCode: string
  showSection: boolean
  /** The township, county or admin reading the ledger: no 冲销 (only the village's secretary books). */
  readOnly?: boolean
  /** After a reversal: what to tell the secretary (the reversal, and a warning when the month is public). */
  onReversed: (message: string) => void
}) {
  const e = props.entry
  const [reversing, setReversing] = useState(false)
  const [reason, setReason] = useState('')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const reversible = !props.readOnly && (e.source === 'manual' || e.source === 'import') && !e.reversedBy

  const reverse = async () => {
    if (reason.trim().length < 2) return setError('请写明冲销原因（至少 2 个字），例如 金额记错')
    const tooLong = tooLongText('冲销原因', reason, LEDGER_REVERSE_REASON_MAX)
    if (tooLong) return setError(tooLong)
    setBusy(true)
    setError(null)
    try {
      const r = await reverseLedgerEntry(props.villageCode, e.id, reason.trim())
      setReversing(false)
      props.onReversed(`已冲销：${e.summary} ${formatYuan(e.amountFen)} 元。${r.warning ?? ''}`)
    } catch (err) {
      setError(errorText(err))
    } finally {
      setBusy(false)
    }
  }

  return (
    <View
      className={`cw-ledger__entry${e.reversedBy ? ' cw-ledger__entry--reversed' : ''}`}
      data-source={e.source}
      data-section={e.section}
      data-ref={e.sourceRef}
    >
      <View className="cw-ledger__entry-head">
        <Text className="cw-ledger__entry-summary">{e.summary}</Text>
        <Text className="cw-ledger__entry-amount">{formatYuan(e.amountFen)} 元</Text>
      </View>
      <Text className="cw-pay__line">
        {formatDate(e.date)} · {props.showSection ? `${LEDGER_SECTION_LABELS[e.section]} · ` : ''}
        {e.category}
        {e.counterparty ? ` · ${e.counterparty}` : ''}
      </Text>
      {e.remark && <Text className="cw-pay__line">{e.remark}</Text>}
      {e.voucherFileIds.length > 0 && (
        <View className="cw-ledger__vouchers">
          <Text className="cw-pay__line">
            附凭证 {e.voucherFileIds.length} 张{e.voucherNo ? ` · 凭证号 ${e.voucherNo}` : ''}
          </Text>
          {e.voucherFileIds.map((fileId, i) => (
            <Text
              key={fileId}
              className="cw-ledger__voucher"
              {...LINK}
              onClick={() =>
                void openVoucher(props.villageCode, fileId).catch((err) =>
                  Taro.showToast({ title: errorText(err), icon: 'none' }),
                )
              }
            >
              查看凭证{e.voucherFileIds.length > 1 ? ` ${i + 1}` : ''}
            </Text>
          ))}
        </View>
      )}
      {e.reversedBy && <Text className="cw-ledger__reversed">已冲销：{e.reversedBy.reason}</Text>}
      <Text className="cw-ledger__source">{SOURCE_LABELS[e.source]}</Text>
      {reversible && !reversing && (
        <Button className="cw-btn cw-btn--ghost cw-ledger__reverse" onClick={() => setReversing(true)}>
          记错了，冲销这笔
        </Button>
      )}
      {reversing && (
        <View className="cw-ledger__reverse-form">
          <Text className="cw-pay__line">冲销会记一笔相反的账，两笔都留在台账里，合计相互抵消。</Text>
          <Input
            className="cw-input"
            aria-label="冲销原因"
            placeholder="冲销原因，例如 金额记错"
            value={reason}
            maxlength={oneLineMaxLength(LEDGER_REVERSE_REASON_MAX)}
            onInput={(ev) => setReason(ev.detail.value)}
          />
          {error && (
            <View className="cw-pay__notice cw-pay__notice--warn" role="alert">
              {error}
            </View>
          )}
          <Button
            className={`cw-btn cw-ledger__reverse-confirm${busy ? ' cw-btn--busy' : ''}`}
            {...(busy ? { disabled: true } : {})}
            onClick={() => void reverse()}
          >
            {busy ? '正在冲销…' : '确认冲销'}
          </Button>
          <Button className="cw-btn cw-btn--ghost" onClick={() => setReversing(false)}>
            取消
          </Button>
        </View>
      )}
    </View>
  )
}
