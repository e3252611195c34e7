import { useState } from 'react'
import { Button, Input, Text, View } from '@tarojs/components'
import Taro, { useDidShow, useRouter } from '@tarojs/taro'
import {
  PAYER_STATUS_LABELS,
  REFUND_REASON_MAX,
  REFUND_STATUS_LABELS,
  type ChargeDetailDto,
  type ChargePayerDto,
  type RefundDto,
} from '@cunwu/domain'
import { EmptyBox } from '@/components/page-state'
import { oneLineMaxLength, tooLongText } from '@/components/text-count'
import { useLoader } from '@/hooks/use-loader'
import { useSubmitOnce } from '@/hooks/use-submit-once'
import { getCharge, refundCharge } from '@/services/api/pay'
import { Routes, readQueryParam } from '@/routes'
import { errorText } from '@/utils/errors'
import { formatDate, formatDateTime } from '@/utils/format'
import { formatYuan } from '@/utils/money'
import { PageRoot } from '@/components/page-root'
import { LoadStateBox } from '@/components/load-error'
import './index.scss'

/**
 * What the secretary does about a refund WeChat Pay could not complete (docs/wechat-pay.md, ABNORMAL): the money
 * waits at WeChat Pay and is sent on by hand in the merchant platform.
 */
const ABNORMAL_ADVICE =
  '微信没能把钱原路退回（多半是村民的银行卡已注销或冻结），这笔钱还在微信支付那里。请登录微信支付商户平台（pay.weixin.qq.com），在“交易中心”找到这笔退款，按提示改退到村民的其他银行卡，或退回村里的银行账户。不要在这里再退一次，以免重复退款。'

/** One refund of a payer: amount, state, reason, and what to do when it went wrong. */
function RefundLine({ r }: { r: RefundDto }) {
  return (
    <View className="cw-charge__refund-line" data-status={r.status} data-no={r.outRefundNo}>
      <Text className="cw-pay__line">
        退款 {formatYuan(r.amountFen)} 元 · {REFUND_STATUS_LABELS[r.status]} · {formatDateTime(r.createdAt)}
      </Text>
      <Text className="cw-pay__hint">原因：{r.reason}</Text>
      {r.status === 'abnormal' && (
        <View className="cw-pay__form-error cw-charge__abnormal" role="alert">
          {ABNORMAL_ADVICE}
        </View>
      )}
      {r.status === 'closed' && (
        <Text className="cw-pay__hint">这笔没有退出去，钱还在村里账上，可以重新办理退款。</Text>
      )}
    </View>
  )
}

/** One charge for the secretary: who paid and who has not, and refunds with a reason. */
export default function ChargePage() {
  const { params } = useRouter()
  const id = readQueryParam(params.id) ?? ''
  const detail = useLoader<ChargeDetailDto>()
  const [refunding, setRefunding] = useState<string | null>(null)
  const [reason, setReason] = useState('')
  const { busy, once } = useSubmitOnce()
  const [actionError, setActionError] = useState<string | null>(null)
  const [notice, setNotice] = useState<string | null>(null)

  const load = () => detail.run(() => getCharge(id))
  useDidShow(() => {
    void load()
  })

  const refund = once(async (payer: ChargePayerDto) => {
    if (reason.trim().length < 2) {
      setActionError('请写上退款原因，会记进账目')
      return
    }
    const tooLong = tooLongText('退款原因', reason, REFUND_REASON_MAX)
    if (tooLong) {
      setActionError(tooLong)
      return
    }
    setActionError(null)
    try {
      await refundCharge(id, { householdNo: payer.householdNo, reason: reason.trim() })
      setNotice(`已给 ${payer.householdNo} 户（${payer.headName}）办理退款，微信退回后自动记账`)
      setRefunding(null)
      setReason('')
      void load()
    } catch (err) {
      setActionError(errorText(err))
    }
  })

  const state = detail.state
  if (state.kind !== 'ready')
    return (
      <PageRoot>
        <LoadStateBox state={state} onRetry={() => void load()} />
      </PageRoot>
    )
  const c = state.data
  const unpaid = c.payers.filter((p) => p.status === 'unpaid' || p.status === 'pending').length
  const abnormal = c.refunds.filter((r) => r.status === 'abnormal').length
  return (
    <PageRoot className="cw-pay cw-charge" data-id={c.id}>
      <Text className="cw-pay__title cw-charge__title">{c.title}</Text>
      <Text className="cw-pay__subtitle">
        {c.unit === 'household'
          ? `每户 ${formatYuan(c.unitAmountFen)} 元`
          : `每${c.unitLabel} ${formatYuan(c.unitAmountFen)} 元`}
        {' · '}截止 {formatDate(c.dueDate)}
      </Text>
      <Text className="cw-pay__hint">收费依据：{c.basis.text}</Text>
      {abnormal > 0 && (
        <View className="cw-pay__notice cw-pay__notice--warn cw-charge__abnormal-count" role="status">
          有 {abnormal} 笔退款异常，要到微信支付商户平台处理，见下面的缴费户
        </View>
      )}
      {notice && (
        <View className="cw-pay__notice cw-charge__notice" role="status">
          {notice}
        </View>
      )}
      <View className="cw-charge__totals">
        <View className="cw-charge__total">
          <Text className="cw-charge__total-label">已缴</Text>
          <Text className="cw-charge__total-value cw-charge__paid-count">
            {c.paidCount} / {c.payerCount} 户
          </Text>
        </View>
        <View className="cw-charge__total">
          <Text className="cw-charge__total-label">已收（扣除退款）</Text>
          <Text className="cw-charge__total-value cw-charge__received">{formatYuan(c.receivedFen)} 元</Text>
        </View>
      </View>
      <Text className="cw-pay__hint">
        应收 {formatYuan(c.dueFen)} 元，还有 {unpaid} 户没缴
      </Text>

      {c.payers.length === 0 && <EmptyBox text="这项收费没有缴费户" />}
      {c.payers.map((p) => (
        <View
          key={p.householdNo}
          className="cw-pay__card cw-charge__payer"
          data-household={p.householdNo}
          data-status={p.status}
        >
          <View className="cw-charge__payer-head">
            <Text className="cw-charge__payer-name">
              {p.householdNo} 户 · {p.headName}
            </Text>
            <Text className="cw-charge__payer-amount">{formatYuan(p.amountFen)} 元</Text>
          </View>
          {c.unit === 'item' && (
            <Text className="cw-pay__line">
              {p.quantity} {c.unitLabel}
            </Text>
          )}
          <Text className={`cw-pay__badge cw-pay__badge--${p.status} cw-charge__status`}>
            {PAYER_STATUS_LABELS[p.status]}
          </Text>
          {p.paidAt && <Text className="cw-pay__line">缴费时间 {formatDateTime(p.paidAt)}</Text>}
          {p.refundedFen > 0 && <Text className="cw-pay__line">已退 {formatYuan(p.refundedFen)} 元</Text>}
          {c.refunds
            .filter((r) => r.householdNo === p.householdNo)
            .map((r) => (
              <RefundLine key={r.outRefundNo} r={r} />
            ))}
          {p.status === 'paid' && refunding !== p.householdNo && (
            <Button
              className="cw-btn cw-btn--danger cw-charge__refund"
              onClick={() => {
                setRefunding(p.householdNo)
                setReason('')
                setActionError(null)
              }}
            >
              退款
            </Button>
          )}
          {refunding === p.householdNo && (
            <View className="cw-charge__refund-box">
              <Text className="cw-pay__label">退款原因（会记进账目）</Text>
              <Input
                aria-label="退款原因（会记进账目）"
                className="cw-input cw-charge__reason"
                value={reason}
                placeholder="例如：重复缴费"
                maxlength={oneLineMaxLength(REFUND_REASON_MAX)}
                onInput={(e) => setReason(e.detail.value)}
              />
              {actionError && (
                <View className="cw-pay__form-error" role="alert">
                  {actionError}
                </View>
              )}
              <Button
                className={`cw-btn cw-btn--danger cw-charge__refund-confirm${busy ? ' cw-btn--busy' : ''}`}
                {...(busy ? { disabled: true } : {})}
                onClick={() => void refund(p)}
              >
                {busy ? '正在退款…' : `确定退回 ${formatYuan(p.amountFen - p.refundedFen)} 元`}
              </Button>
              <Button className="cw-btn cw-btn--ghost" onClick={() => setRefunding(null)}>
                不退了
              </Button>
            </View>
          )}
        </View>
      ))}
      <Button className="cw-btn cw-btn--ghost cw-charge__reload" onClick={() => void load()}>
        刷新
      </Button>
      <Button
        className="cw-btn cw-btn--ghost cw-charge__ledger"
        onClick={() => void Taro.navigateTo({ url: Routes.PayLedger })}
      >
        看村级账目
      </Button>
    </PageRoot>
  )
}
