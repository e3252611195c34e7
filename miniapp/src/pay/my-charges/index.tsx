import { useEffect, useRef, useState } from 'react'
import { Button, Text, View } from '@tarojs/components'
import Taro, { useDidShow, useRouter } from '@tarojs/taro'
import { ErrorCode, PAYER_STATUS_LABELS, type MyChargeDto } from '@cunwu/domain'
import { EmptyBox, LoadingBox } from '@/components/page-state'
import { useLoader } from '@/hooks/use-loader'
import { useSubmitOnce } from '@/hooks/use-submit-once'
import { listMyCharges, payCharge, payReturnUrl, takePayReturn, waitUntilPaid } from '@/services/api/pay'
import { ApiError } from '@/services/request'
import { Routes, pageUrl, readQueryParam } from '@/routes'
import { errorText } from '@/utils/errors'
import { formatYuan } from '@/utils/money'
import { PageRoot } from '@/components/page-root'
import { LoadErrorBox } from '@/components/load-error'
import { formatDate } from '@/utils/format'
import './index.scss'

type Notice = { text: string; tone: 'ok' | 'warn' } | null

const keyOf = (c: MyChargeDto) => `${c.chargeId}:${c.householdNo}`
const owes = (c: MyChargeDto) => c.status === 'unpaid' || c.status === 'pending'

/** What came back of a paid share: all of it, or part. */
function refundText(c: MyChargeDto): string | null {
  if (c.status === 'refunded') return '已全部退还'
  if (c.status === 'paid' && c.refundedFen > 0) return `已退 ${formatYuan(c.refundedFen)} 元`
  return null
}

/** The villager's charges: what the household owes, what is paid, and a 缴费 button per unpaid share. */
export default function MyChargesPage() {
  const { params } = useRouter()
  const returnedCharge = readQueryParam(params.charge)
  const returnedHousehold = readQueryParam(params.household)
  const list = useLoader<MyChargeDto[]>()
  const [busy, setBusy] = useState<string | null>(null)
  const { once } = useSubmitOnce()
  const [notice, setNotice] = useState<Notice>(null)
  const closed = useRef(false)
  useEffect(
    () => () => {
      closed.current = true
    },
    [],
  )

  const load = () => list.run(listMyCharges)

  // After the wallet (or the H5 pay page) says paid, or when the villager asks: the server checks the order at WeChat
  // Pay, so a payment whose notice was lost still shows as paid within seconds.
  const confirmPaid = async (chargeId: string, householdNo: string | undefined) => {
    setNotice({ text: '正在确认付款结果…', tone: 'warn' })
    try {
      const { paid, charges } = await waitUntilPaid(chargeId, householdNo, {
        cancelled: () => closed.current,
      })
      list.set(charges)
      setNotice(
        paid
          ? { text: '缴费成功，谢谢您！', tone: 'ok' }
          : { text: '付款已提交，结果稍后更新，请过一会儿再看', tone: 'warn' },
      )
    } catch (err) {
      setNotice({ text: errorText(err), tone: 'warn' })
    }
  }

  useDidShow(() => {
    const result = takePayReturn()
    if (result === 'ok' && returnedCharge) {
      void confirmPaid(returnedCharge, returnedHousehold)
      return
    }
    if (result === 'cancel') setNotice({ text: '您取消了付款，钱没有扣', tone: 'warn' })
    if (result === 'fail') setNotice({ text: '付款没有成功，钱没有扣，请再试一次', tone: 'warn' })
    void load()
  })

  // once() only wraps the handler; it runs on a tap, where confirmPaid reads `closed`, not during render.
  // eslint-disable-next-line react-hooks/refs
  const pay = once(async (charge: MyChargeDto) => {
    setBusy(keyOf(charge))
    setNotice(null)
    try {
      const back = pageUrl(Routes.PayMyCharges, { charge: charge.chargeId, household: charge.householdNo })
      const outcome = await payCharge(charge.chargeId, {
        householdNo: charge.householdNo,
        returnUrl: typeof window === 'undefined' ? undefined : payReturnUrl(back),
      })
      if (outcome === 'paid') await confirmPaid(charge.chargeId, charge.householdNo)
      if (outcome === 'cancelled') setNotice({ text: '您取消了付款，钱没有扣', tone: 'warn' })
    } catch (err) {
      if (err instanceof ApiError && err.code === ErrorCode.AlreadyPaid) {
        // The server words it: 本户已缴清这项费用, or 已全部退还 for a share refunded in full.
        setNotice({ text: errorText(err), tone: 'ok' })
        void load()
      } else {
        setNotice({ text: errorText(err), tone: 'warn' })
      }
    } finally {
      setBusy(null)
    }
  })

  const state = list.state
  const unpaidFen = state.kind === 'ready' ? state.data.filter(owes).reduce((s, c) => s + c.amountFen, 0) : 0
  return (
    <PageRoot className="cw-pay cw-my-charges">
      <Text className="cw-pay__title">我的缴费</Text>
      {notice && (
        <View
          className={`cw-pay__notice cw-my-charges__notice${notice.tone === 'warn' ? ' cw-pay__notice--warn' : ''}`}
          role="status"
        >
          {notice.text}
        </View>
      )}
      {(state.kind === 'loading' || state.kind === 'idle') && <LoadingBox />}
      {state.kind === 'error' && <LoadErrorBox error={state.error} onRetry={() => void load()} />}
      {state.kind === 'ready' && state.data.length === 0 && <EmptyBox text="现在没有要缴的费用" />}
      {state.kind === 'ready' && state.data.length > 0 && (
        <Text className="cw-pay__subtitle cw-my-charges__owed">
          {unpaidFen > 0 ? `还要缴 ${formatYuan(unpaidFen)} 元` : '都已缴清'}
        </Text>
      )}
      {state.kind === 'ready' &&
        state.data.map((c) => (
          <View
            key={keyOf(c)}
            className="cw-pay__card cw-my-charges__item"
            data-charge-id={c.chargeId}
            data-status={c.status}
          >
            <Text className="cw-pay__card-title">{c.title}</Text>
            <Text className="cw-pay__amount">{formatYuan(c.amountFen)} 元</Text>
            <Text className="cw-pay__line">
              户号 {c.householdNo}
              {c.quantity > 1 || c.unitLabel ? ` · ${c.quantity}${c.unitLabel}` : ''}
            </Text>
            {c.description && <Text className="cw-pay__line">{c.description}</Text>}
            <Text className="cw-my-charges__due">
              截止日期 {formatDate(c.dueDate)}
              {c.pastDue && owes(c) ? '（已过截止日期，仍可缴费）' : ''}
            </Text>
            <Text className="cw-my-charges__basis">收费依据：{c.basis.text}</Text>
            <Text className={`cw-pay__badge cw-pay__badge--${c.status} cw-my-charges__status`}>
              {PAYER_STATUS_LABELS[c.status]}
            </Text>
            {refundText(c) && <Text className="cw-pay__line cw-my-charges__refunded">{refundText(c)}</Text>}
            {c.status === 'pending' && (
              <Button
                className="cw-btn cw-btn--ghost cw-my-charges__check"
                {...(busy !== null ? { disabled: true } : {})}
                onClick={() => void confirmPaid(c.chargeId, c.householdNo)}
              >
                已经付过款？点这里查一下
              </Button>
            )}
            {owes(c) && (
              <Button
                className={`cw-btn cw-my-charges__pay${busy === keyOf(c) ? ' cw-btn--busy' : ''}`}
                {...(busy !== null ? { disabled: true } : {})}
                onClick={() => void pay(c)}
              >
                {busy === keyOf(c) ? '正在打开微信支付…' : `缴费 ${formatYuan(c.amountFen)} 元`}
              </Button>
            )}
          </View>
        ))}
      {state.kind === 'ready' && (
        <Button className="cw-btn cw-btn--ghost cw-my-charges__reload" onClick={() => void load()}>
          刷新
        </Button>
      )}
      <Button
        className="cw-btn cw-btn--ghost cw-my-charges__home"
        onClick={() => void Taro.reLaunch({ url: Routes.Home })}
      >
        回到首页
      </Button>
    </PageRoot>
  )
}
