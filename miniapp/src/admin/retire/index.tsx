import { useState } from 'react'
import { Button, Text, View } from '@tarojs/components'
import Taro, { useDidShow } from '@tarojs/taro'
import { RegionReinstateSchema, retirementNotice, type Region, type RoleGrantDto } from '@cunwu/domain'
import { LoadStateBox } from '@/components/load-error'
import { EmptyBox } from '@/components/page-state'
import { PageRoot } from '@/components/page-root'
import { useLoader } from '@/hooks/use-loader'
import { getMe } from '@/services/api/me'
import { getRegion, reinstateRegion } from '@/services/api/regions'
import { todayInChina } from '@/utils/period'
import { RegionPicker } from '../region-picker'
import { adminGrants } from '../shared'
import { CheckedConfirm } from './checked-confirm'
import { RetireForm } from './retire-form'
import { reinstateSummary } from './words'
import './index.scss'

/** Undoing a retirement entered by mistake: the reason, then a confirmation of what changes. */
function ReinstateForm({
  village,
  onDone,
  onCancel,
}: {
  village: Region
  onDone: (village: Region) => void
  onCancel: () => void
}) {
  const [reason, setReason] = useState('')
  const retirement = village.retirement
  if (!retirement) return null

  return (
    <View className="cw-retire__form">
      <CheckedConfirm
        reason={{
          label: '撤销的原因（会记入操作记录）',
          placeholder: '例如 登记错了村',
          value: reason,
          onChange: setReason,
          onCancel,
          cancelText: '不撤销了',
        }}
        check={() => {
          const checked = RegionReinstateSchema.safeParse({ reason })
          return checked.success ? null : (checked.error.issues[0]?.message ?? '请写明原因')
        }}
        confirmation={() => ({
          title: `确定撤销${village.name}的撤并？`,
          message: reinstateSummary(village.name, retirement),
          confirmText: '确定撤销',
          busyText: '正在撤销…',
        })}
        send={() => reinstateRegion(village.code, reason)}
        onDone={onDone}
      />
    </View>
  )
}

/**
 * 撤并村、乡镇, for admins: a village or township chosen by name down the tree of the admin's own regions; whether it
 * is retired; 登记撤并 (date, the region of its level it merged into if any, a reason) or, for a retired one, 修改撤并信息 and 撤销撤并 (with a reason),
 * each after a confirmation that says what changes. Refusals are the BFF's own sentences.
 */
export default function AdminRetirePage() {
  const grants = useLoader<RoleGrantDto[]>()
  const village = useLoader<Region>('idle')
  const [choosing, setChoosing] = useState(true)
  const [editing, setEditing] = useState<'retire' | 'reinstate' | null>(null)
  const [code, setCode] = useState<string | null>(null)

  const start = () => grants.run(async () => adminGrants(await getMe()))
  useDidShow(() => {
    if (grants.state.kind !== 'ready') void start()
  })

  const open = (chosen: string) => {
    setCode(chosen)
    setChoosing(false)
    setEditing(null)
    void village.run(() => getRegion(chosen))
  }
  const done = (saved: Region, toast: string) => {
    setEditing(null)
    village.set(saved)
    void Taro.showToast({ title: toast, icon: 'success' })
  }

  const g = grants.state
  if (g.kind !== 'ready')
    return (
      <PageRoot className="cw-retire">
        <LoadStateBox state={g} onRetry={() => void start()} />
      </PageRoot>
    )
  if (g.data.length === 0)
    return (
      <PageRoot className="cw-retire">
        <EmptyBox text="您不是系统管理员，不能登记撤并村" />
      </PageRoot>
    )

  const v = village.state
  const picked = v.kind === 'ready' ? v.data : null
  const retirement = picked?.retirement ?? null
  return (
    <PageRoot className="cw-retire">
      <Text className="cw-retire__title">撤并村、乡镇</Text>
      <Text className="cw-retire__subtitle">
        村或乡镇合并、撤销后，在这里登记撤并日期。撤并日期之后的公开期次不再要求这个村公开，以前公开的内容仍然保留。乡镇撤并时，先导入新的区划代码，把它的每个村并入新代码，再撤并乡镇。
      </Text>

      {choosing ? (
        <View className="cw-retire__section">
          <Text className="cw-retire__heading">选择村或乡镇</Text>
          <RegionPicker roots={g.data} levels={['township', 'village']} onPick={(r) => open(r.code)} />
          {code && (
            <Button className="cw-btn cw-btn--ghost cw-retire__cancel" onClick={() => setChoosing(false)}>
              不换了
            </Button>
          )}
        </View>
      ) : (
        <Button className="cw-btn cw-btn--ghost cw-retire__change" onClick={() => setChoosing(true)}>
          换一个村或乡镇
        </Button>
      )}

      {!choosing && v.kind !== 'ready' && <LoadStateBox state={v} onRetry={() => code && open(code)} />}
      {!choosing && picked && (
        <View className="cw-retire__card" data-village={picked.code}>
          <Text className="cw-retire__name">{picked.name}</Text>
          <Text className={`cw-retire__status${retirement ? ' cw-retire__status--retired' : ''}`}>
            {retirement ? retirementNotice(retirement, todayInChina(), picked.name) : '没有撤并，照常公开'}
          </Text>
          {editing === null && (
            <View className="cw-retire__actions">
              <Button className="cw-btn cw-retire__retire" onClick={() => setEditing('retire')}>
                {retirement ? '修改撤并信息' : '登记撤并'}
              </Button>
              {retirement && (
                <Button
                  className="cw-btn cw-btn--ghost cw-retire__undo"
                  onClick={() => setEditing('reinstate')}
                >
                  撤销撤并
                </Button>
              )}
            </View>
          )}
          {editing === 'retire' && (
            <RetireForm
              village={picked}
              roots={g.data}
              onDone={(saved) => done(saved, '已保存')}
              onCancel={() => setEditing(null)}
            />
          )}
          {editing === 'reinstate' && (
            <ReinstateForm
              village={picked}
              onDone={(saved) => done(saved, '已撤销')}
              onCancel={() => setEditing(null)}
            />
          )}
        </View>
      )}
    </PageRoot>
  )
}
