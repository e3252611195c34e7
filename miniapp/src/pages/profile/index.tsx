import { useState } from 'react'
import { Button, Text, View } from '@tarojs/components'
import Taro, { useDidShow } from '@tarojs/taro'
import { ErrorCode, type MeDto, type MembershipDto, type RoleGrantDto } from '@cunwu/domain'
import { ConfirmDialog } from '@/components/confirm-dialog'
import { EmptyBox, ErrorBox, LoadingBox } from '@/components/page-state'
import { useElderlyMode } from '@/hooks/use-elderly-mode'
import { useLoader } from '@/hooks/use-loader'
import { useSession } from '@/hooks/use-session'
import { useSubmitOnce } from '@/hooks/use-submit-once'
import { getMe, setActiveRole } from '@/services/api/me'
import { leaveVillage } from '@/services/api/memberships'
import { setElderlyMode } from '@/services/elderly-mode'
import { ApiError } from '@/services/request'
import { signOut } from '@/services/session'
import { Routes } from '@/routes'
import { errorText } from '@/utils/errors'
import { MEMBERSHIP_STATUS_LABELS, roleText, sameGrant } from '@/utils/labels'
import { PageRoot } from '@/components/page-root'
import { OfflineLabel } from '@/components/offline-label'
import { LoadErrorBox } from '@/components/load-error'
import { focusable } from '@/utils/focusable'
import './index.scss'

const goSignIn = () => void Taro.navigateTo({ url: Routes.Login })

/** The 长辈模式 switch: larger text and buttons, and a simpler home (remembered on this phone). */
function ElderlySwitch({ on }: { on: boolean }) {
  return (
    <View className="cw-profile__elderly">
      <Text className="cw-profile__heading">长辈模式</Text>
      <Text className="cw-profile__hint">字和按钮更大，首页更简单。</Text>
      {/* The visible words are the button's name (WCAG 2.5.3); aria-pressed tells a screen reader its state. */}
      <Button
        className={`cw-btn ${on ? 'cw-btn--ghost' : ''} cw-profile__elderly-switch`}
        aria-pressed={on}
        onClick={() => setElderlyMode(!on)}
      >
        {on ? '长辈模式已打开，点这里关闭' : '长辈模式已关闭，点这里打开'}
      </Button>
    </View>
  )
}

/**
 * Profile page: who is signed in, their roles (tap one to make it active), for admins the 系统管理 pages (人员与权限,
 * 操作记录, 导入行政区划, 撤并村, 消息发送情况), village memberships (leave a village after a confirmation), sign-out.
 */
export default function ProfilePage() {
  const session = useSession()
  const elderly = useElderlyMode()
  const me = useLoader<MeDto>()
  const [switchError, setSwitchError] = useState<string | null>(null)
  const [switching, setSwitching] = useState(false)
  const { once } = useSubmitOnce()
  const [leaving, setLeaving] = useState<MembershipDto | null>(null)
  const [leaveBusy, setLeaveBusy] = useState(false)
  const [leaveError, setLeaveError] = useState<string | null>(null)

  const load = () => me.run(getMe)
  useDidShow(() => {
    if (session) void load()
  })

  const handleRole = once(async (grant: RoleGrantDto) => {
    if (me.state.kind !== 'ready' || sameGrant(me.state.data.activeRole, grant) || switching) return
    setSwitching(true)
    setSwitchError(null)
    try {
      me.set(await setActiveRole(grant.role, grant.regionCode))
      void Taro.showToast({ title: '已切换身份', icon: 'success' })
    } catch (err) {
      setSwitchError(errorText(err))
    } finally {
      setSwitching(false)
    }
  })

  const handleLeave = once(async () => {
    if (!leaving || leaveBusy) return
    setLeaveBusy(true)
    setLeaveError(null)
    try {
      await leaveVillage(leaving.id)
      void Taro.showToast({ title: '已退出本村', icon: 'success' })
    } catch (err) {
      // Already ended (another tap, or the village removed them): showing the profile again says so.
      if (!(err instanceof ApiError && err.code === ErrorCode.MembershipNotActive)) {
        setLeaveError(errorText(err))
        return
      }
    } finally {
      setLeaveBusy(false)
    }
    setLeaving(null)
    // Roles change with the membership: show the profile as the server now has it.
    void load()
  })

  const handleSignOut = async () => {
    await signOut()
    await Taro.reLaunch({ url: Routes.Home })
  }

  if (!session) {
    return (
      <PageRoot className="cw-profile">
        <EmptyBox text="您还没有登录" />
        <Button className="cw-btn cw-profile__login" onClick={goSignIn}>
          登录
        </Button>
        <ElderlySwitch on={elderly.on} />
      </PageRoot>
    )
  }

  const state = me.state
  return (
    <PageRoot className="cw-profile">
      <ElderlySwitch on={elderly.on} />
      {(state.kind === 'loading' || state.kind === 'idle') && <LoadingBox />}
      {state.kind === 'error' && <LoadErrorBox error={state.error} onRetry={() => void load()} />}
      {state.kind === 'ready' && (
        <View>
          <OfflineLabel data={state.data} />
          <Text className="cw-profile__name">{state.data.displayName}</Text>
          {state.data.accountCode !== '' && (
            <Text className="cw-profile__hint cw-profile__account-code">
              账号编号 {state.data.accountCode}（管理员给您授予身份时，请把它告诉管理员）
            </Text>
          )}

          <Text className="cw-profile__heading">我的身份</Text>
          {state.data.roles.length === 0 && <EmptyBox text="还没有身份。加入本村后就是村民。" />}
          {state.data.roles.length > 1 && <Text className="cw-profile__hint">点一下可以切换身份</Text>}
          {state.data.roles.map((grant) => {
            const active = sameGrant(state.data.activeRole, grant)
            return (
              <View
                key={`${grant.role}:${grant.regionCode}`}
                className={`cw-list-row cw-profile__role${active ? ' cw-profile__role--active' : ''}`}
                role="button"
                {...focusable}
                aria-pressed={active}
                onClick={() => void handleRole(grant)}
              >
                <Text className="cw-profile__role-text">{roleText(grant)}</Text>
                {active && <Text className="cw-profile__role-badge">当前</Text>}
              </View>
            )
          })}
          {switchError && <ErrorBox title="没有切换成功" message={switchError} />}
          {state.data.roles.some((grant) => grant.role === 'admin') && (
            <View className="cw-profile__admin">
              <Text className="cw-profile__heading">系统管理</Text>
              <Button
                className="cw-btn cw-btn--ghost cw-profile__admin-users"
                onClick={() => void Taro.navigateTo({ url: Routes.AdminUsers })}
              >
                人员与权限
              </Button>
              <Button
                className="cw-btn cw-btn--ghost cw-profile__admin-audit"
                onClick={() => void Taro.navigateTo({ url: Routes.AdminAudit })}
              >
                操作记录
              </Button>
              <Button
                className="cw-btn cw-btn--ghost cw-profile__admin-regions"
                onClick={() => void Taro.navigateTo({ url: Routes.AdminRegionsImport })}
              >
                导入行政区划
              </Button>
              <Button
                className="cw-btn cw-btn--ghost cw-profile__admin-retire"
                onClick={() => void Taro.navigateTo({ url: Routes.AdminRetire })}
              >
                撤并村
              </Button>
              <Button
                className="cw-btn cw-btn--ghost cw-profile__outbox"
                onClick={() => void Taro.navigateTo({ url: Routes.AdminOutbox })}
              >
                消息发送情况
              </Button>
            </View>
          )}

          <Text className="cw-profile__heading">加入的村</Text>
          {state.data.memberships.length === 0 && <EmptyBox text="还没有加入村" />}
          {state.data.memberships.map((m) => (
            <View key={m.id} className="cw-list-row cw-profile__membership">
              <Text className="cw-profile__membership-village">{m.villageName ?? m.villageCode}</Text>
              <Text className={`cw-profile__membership-status cw-profile__membership-status--${m.status}`}>
                {MEMBERSHIP_STATUS_LABELS[m.status]}
              </Text>
              <Text className="cw-profile__membership-detail">
                户号 {m.householdNo}，姓名 {m.name}
              </Text>
              {m.status === 'ended' && m.endedBy === 'secretary' && (
                <Text className="cw-profile__membership-detail">村里已将您移出本村</Text>
              )}
              {m.reason && <Text className="cw-profile__membership-detail">原因：{m.reason}</Text>}
              {m.status === 'approved' && (
                <Button
                  className="cw-btn cw-btn--danger cw-profile__leave"
                  onClick={() => {
                    setLeaveError(null)
                    setLeaving(m)
                  }}
                >
                  退出本村
                </Button>
              )}
            </View>
          ))}
          {!state.data.memberships.some((m) => m.status === 'pending' || m.status === 'approved') && (
            <Button
              className="cw-btn cw-btn--ghost cw-profile__join"
              onClick={() => void Taro.navigateTo({ url: Routes.Join })}
            >
              申请加入村
            </Button>
          )}
        </View>
      )}

      <View className="cw-profile__privacy">
        <Text className="cw-profile__heading">个人信息</Text>
        <Button
          className="cw-btn cw-btn--ghost cw-profile__my-data"
          onClick={() => void Taro.navigateTo({ url: Routes.PrivacyMyData })}
        >
          我的信息（查看、下载、申请更正）
        </Button>
        <Button
          className="cw-btn cw-btn--ghost cw-profile__privacy-policy"
          onClick={() => void Taro.navigateTo({ url: Routes.Privacy })}
        >
          隐私政策
        </Button>
      </View>

      <Button className="cw-btn cw-btn--danger cw-profile__logout" onClick={() => void handleSignOut()}>
        退出登录
      </Button>
      {leaving && (
        <ConfirmDialog
          title={`确定退出${leaving.villageName ?? '本村'}？`}
          message="退出后，您就看不到只给本村村民看的内容，也收不到本村的通知了。以后想回来，可以再申请加入。"
          confirmText="确定退出"
          cancelText="不退出"
          busy={leaveBusy}
          busyText="正在退出…"
          error={leaveError}
          onConfirm={() => void handleLeave()}
          onCancel={() => setLeaving(null)}
        />
      )}
    </PageRoot>
  )
}
