import { useState } from 'react'
import { Button, Input, Text, View } from '@tarojs/components'
import Taro, { useDidShow } from '@tarojs/taro'
import type { RoleGrantDto } from '@cunwu/domain'
import { EmptyBox, ErrorBox, LoadingBox } from '@/components/page-state'
import { useLoader } from '@/hooks/use-loader'
import { getMe } from '@/services/api/me'
import {
  approveApplication,
  listApplications,
  rejectApplication,
  type ApplicationDto,
  type RosterMatch,
} from '@/services/api/memberships'
import { Routes, pageUrl } from '@/routes'
import { errorText, needsSignIn } from '@/utils/errors'
import { formatDateTime } from '@/utils/format'
import { secretaryGrant } from '../village'
import './index.scss'

const ROSTER_LABELS: Record<RosterMatch, string> = {
  match: '与户籍名册一致',
  name_not_in_household: '户内没有这个名字',
  unknown_household: '名册上没有这个户号',
}

interface Applications {
  grant: RoleGrantDto
  items: ApplicationDto[]
}

/** The secretary's pending applications, each with its roster match, to approve or reject with a reason. */
export default function ApplicationsPage() {
  const list = useLoader<Applications | null>()
  const [rejecting, setRejecting] = useState<string | null>(null)
  const [reason, setReason] = useState('')
  const [busyId, setBusyId] = useState<string | null>(null)
  const [actionError, setActionError] = useState<{ id: string; message: string } | null>(null)
  const [notice, setNotice] = useState<string | null>(null)

  const load = () =>
    list.run(async () => {
      const grant = secretaryGrant(await getMe())
      if (!grant) return null
      return { grant, items: await listApplications(grant.regionCode, 'pending') }
    })
  useDidShow(() => {
    void load()
  })

  const decide = async (app: ApplicationDto, approve: boolean) => {
    if (list.state.kind !== 'ready' || !list.state.data) return
    const current = list.state.data
    if (!approve && reason.trim() === '') {
      setActionError({ id: app.id, message: '请写上不通过的原因，村民会看到' })
      return
    }
    setBusyId(app.id)
    setActionError(null)
    try {
      if (approve) await approveApplication(app.id)
      else await rejectApplication(app.id, reason.trim())
      list.set({ ...current, items: current.items.filter((a) => a.id !== app.id) })
      setNotice(approve ? `已通过：${app.name}（户号 ${app.householdNo}）` : `未通过：${app.name}`)
      setRejecting(null)
      setReason('')
      void Taro.showToast({ title: approve ? '已通过' : '已退回', icon: 'success' })
    } catch (err) {
      setActionError({ id: app.id, message: errorText(err) })
    } finally {
      setBusyId(null)
    }
  }

  const state = list.state
  return (
    <View className="cw-apps">
      <Text className="cw-apps__title">入村申请</Text>
      {notice && (
        <View className="cw-apps__notice" role="status">
          {notice}
        </View>
      )}
      {(state.kind === 'loading' || state.kind === 'idle') && <LoadingBox />}
      {state.kind === 'error' && (
        <ErrorBox
          message={errorText(state.error)}
          onRetry={() => void load()}
          onSignIn={needsSignIn(state.error) ? () => void Taro.navigateTo({ url: Routes.Login }) : undefined}
        />
      )}
      {state.kind === 'ready' && !state.data && <EmptyBox text="您不是村务管理员，不能审核申请" />}
      {state.kind === 'ready' && state.data && (
        <View>
          <Text className="cw-apps__village">
            {state.data.grant.regionName ?? state.data.grant.regionCode}
          </Text>
          {state.data.items.length === 0 && <EmptyBox text="没有待审核的申请" />}
          {state.data.items.map((app) => (
            <View key={app.id} className="cw-apps__item" data-id={app.id}>
              <Text className="cw-apps__name">{app.name}</Text>
              <Text className="cw-apps__detail">户号 {app.householdNo}</Text>
              <Text className="cw-apps__detail">申请时间 {formatDateTime(app.appliedAt)}</Text>
              <Text className={`cw-apps__badge cw-apps__badge--${app.roster}`}>
                {ROSTER_LABELS[app.roster]}
              </Text>
              {actionError?.id === app.id && <ErrorBox title="没有办成" message={actionError.message} />}
              {rejecting === app.id ? (
                <View className="cw-apps__reject-box">
                  <Text className="cw-apps__label">不通过的原因</Text>
                  <Input
                    className="cw-input cw-apps__reason"
                    value={reason}
                    placeholder="例如：户号不对，请到村委会核对"
                    maxlength={200}
                    onInput={(e) => setReason(e.detail.value)}
                  />
                  <Button
                    className={`cw-btn cw-btn--danger cw-apps__reject-confirm${busyId === app.id ? ' cw-btn--busy' : ''}`}
                    {...(busyId === app.id ? { disabled: true } : {})}
                    onClick={() => void decide(app, false)}
                  >
                    确定不通过
                  </Button>
                  <Button className="cw-btn cw-btn--ghost" onClick={() => setRejecting(null)}>
                    取消
                  </Button>
                </View>
              ) : (
                <View className="cw-apps__actions">
                  <Button
                    className={`cw-btn cw-apps__approve${busyId === app.id ? ' cw-btn--busy' : ''}`}
                    {...(busyId === app.id ? { disabled: true } : {})}
                    onClick={() => void decide(app, true)}
                  >
                    {busyId === app.id ? '正在处理…' : '通过'}
                  </Button>
                  <Button
                    className="cw-btn cw-btn--danger cw-apps__reject"
                    onClick={() => {
                      setRejecting(app.id)
                      setReason('')
                      setActionError(null)
                    }}
                  >
                    不通过
                  </Button>
                </View>
              )}
            </View>
          ))}
          <Button
            className="cw-btn cw-btn--ghost cw-apps__invite"
            onClick={() => void Taro.navigateTo({ url: pageUrl(Routes.SecretaryInvite) })}
          >
            生成入村邀请码
          </Button>
        </View>
      )}
    </View>
  )
}
