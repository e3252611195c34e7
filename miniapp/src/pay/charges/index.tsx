import { Button, Text, View } from '@tarojs/components'
import Taro, { useDidShow } from '@tarojs/taro'
import type { ChargeDto, RoleGrantDto } from '@cunwu/domain'
import { EmptyBox, LoadingBox } from '@/components/page-state'
import { useLoader } from '@/hooks/use-loader'
import { getMe } from '@/services/api/me'
import { listCharges } from '@/services/api/pay'
import { Routes, pageUrl } from '@/routes'
import { formatYuan } from '@/utils/money'
import { secretaryGrantOf } from '@/utils/grants'
import { PageRoot } from '@/components/page-root'
import { LoadErrorBox } from '@/components/load-error'
import { formatDate } from '@/utils/format'
import './index.scss'

interface Charges {
  grant: RoleGrantDto
  charges: ChargeDto[]
}

const open = (url: string) => void Taro.navigateTo({ url })

/** The secretary's collective charges: how many households paid each, and the way to define a new one. */
export default function ChargesPage() {
  const list = useLoader<Charges | null>()
  const load = () =>
    list.run(async () => {
      const grant = secretaryGrantOf(await getMe())
      return grant ? { grant, charges: await listCharges(grant.regionCode) } : null
    })
  useDidShow(() => {
    void load()
  })

  const state = list.state
  return (
    <PageRoot className="cw-pay cw-charges">
      <Text className="cw-pay__title">集体收费</Text>
      {(state.kind === 'loading' || state.kind === 'idle') && <LoadingBox />}
      {state.kind === 'error' && <LoadErrorBox error={state.error} onRetry={() => void load()} />}
      {state.kind === 'ready' && !state.data && <EmptyBox text="您不是村务管理员，不能管理收费" />}
      {state.kind === 'ready' && state.data && (
        <View>
          <Text className="cw-pay__subtitle">
            {state.data.grant.regionName ?? state.data.grant.regionCode}
          </Text>
          <Button className="cw-btn cw-charges__new" onClick={() => open(Routes.PayChargeNew)}>
            新建一项收费
          </Button>
          {state.data.charges.length === 0 && <EmptyBox text="还没有收费项目" />}
          {state.data.charges.map((c) => (
            <View
              key={c.id}
              className="cw-pay__card cw-charges__item"
              data-id={c.id}
              onClick={() => open(pageUrl(Routes.PayCharge, { id: c.id }))}
            >
              <Text className="cw-pay__card-title">{c.title}</Text>
              <Text className="cw-pay__line">
                已缴 {c.paidCount} / {c.payerCount} 户 · 已收 {formatYuan(c.receivedFen)} 元
              </Text>
              <View className="cw-charges__progress" aria-hidden>
                <View
                  className="cw-charges__progress-bar"
                  style={{ width: `${c.payerCount > 0 ? (c.paidCount / c.payerCount) * 100 : 0}%` }}
                />
              </View>
              <Text className="cw-pay__line">
                应收 {formatYuan(c.dueFen)} 元 · 截止 {formatDate(c.dueDate)}
                {c.status === 'closed' ? ' · 已结束' : ''}
              </Text>
            </View>
          ))}
          <Button className="cw-btn cw-btn--ghost cw-charges__ledger" onClick={() => open(Routes.PayLedger)}>
            村级账目
          </Button>
        </View>
      )}
    </PageRoot>
  )
}
