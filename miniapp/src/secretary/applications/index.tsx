import { useState } from 'react'
import { Button, Input, Text, View } from '@tarojs/components'
import Taro, { useDidShow } from '@tarojs/taro'
import {
  ErrorCode,
  MEMBERSHIP_END_REASON_MAX,
  type MembershipEndKind,
  type RoleGrantDto,
} from '@cunwu/domain'
import { oneLineMaxLength, tooLongText } from '@/components/text-count'
import { ConfirmDialog } from '@/components/confirm-dialog'
import { DecisionActions } from '@/components/decision-actions'
import { EmptyBox, ErrorBox, LoadingBox } from '@/components/page-state'
import { useLoader } from '@/hooks/use-loader'
import { useSubmitOnce } from '@/hooks/use-submit-once'
import { getMe } from '@/services/api/me'
import {
  approveApplication,
  endMembership,
  listApplications,
  rejectApplication,
  type ApplicationDto,
  type RosterMatch,
} from '@/services/api/memberships'
import { ApiError } from '@/services/request'
import { Routes, pageUrl } from '@/routes'
import { errorText } from '@/utils/errors'
import { formatDateTime } from '@/utils/format'
import { secretaryGrant } from '../village'
import { PageRoot } from '@/components/page-root'
import { LoadErrorBox } from '@/components/load-error'
import './index.scss'

const ROSTER_LABELS: Record<RosterMatch, string> = {
  match: '与户籍名册一致',
  already_member: '已有人用这个身份加入',
  name_not_in_household: '户内没有这个名字',
  unknown_household: '名册上没有这个户号',
  group_needed: '没写是哪个组',
}

/** What happens to an application that does not match the roster (docs/households.md): it cannot be approved. */
const ROSTER_HINTS: Partial<Record<RosterMatch, string>> = {
  already_member:
    '这个人已经用另一个微信号加入了本村，不能再通过。如果是本人换了微信号，请先在“本村村民”里把旧的移出，再来通过。',
  name_not_in_household: '户籍名册上这一户没有这个名字，不能通过。请写明原因退回，让对方核对户号和姓名。',
  unknown_household: '户籍名册上没有这个户号，不能通过。请写明原因退回，让对方核对户号。',
  group_needed:
    '户籍名册上不止一个村民小组有这个户号和这个名字，不知道是哪一户，不能通过。请写明原因退回，让对方在户号前写上组，如 一组-001。',
}

/** A member the roster does not prove (joined before the check): a villager, but without their household's items. */
const UNPROVED_MEMBER = '未能按户籍名册核实户号和姓名，看不到本户的相关公示，也不能为本户缴费'

/** Why a villager is removed: the usual cases one tap away, anything else written out. */
const END_REASONS = [
  { label: '户口迁出', kind: 'moved_out', reason: '户口迁出' },
  { label: '去世', kind: 'died', reason: '去世' },
  { label: '误批', kind: 'wrong_approval', reason: '误批' },
  { label: '其他', kind: 'other', reason: null },
] as const
type EndChoice = (typeof END_REASONS)[number]['label']

/** Which list the page shows: applications waiting for a decision, or the village's approved members. */
type Tab = 'pending' | 'approved'

interface Applications {
  grant: RoleGrantDto
  items: ApplicationDto[]
}

/**
 * The secretary's applications, each with its roster match, to approve or reject with a reason; and the
 * village's members, any of whom can be removed (移出本村) with a reason after a confirmation.
 */
export default function ApplicationsPage() {
  const list = useLoader<Applications | null>()
  const [tab, setTab] = useState<Tab>('pending')
  const [busyId, setBusyId] = useState<string | null>(null)
  const { once } = useSubmitOnce()
  const [actionError, setActionError] = useState<{ id: string; message: string } | null>(null)
  const [notice, setNotice] = useState<string | null>(null)
  const [ending, setEnding] = useState<{ id: string; choice: EndChoice | null; other: string } | null>(null)
  const [confirming, setConfirming] = useState<{
    member: ApplicationDto
    kind: MembershipEndKind
    reason: string
  } | null>(null)
  const [confirmError, setConfirmError] = useState<string | null>(null)

  const load = (which: Tab = tab) =>
    list.run(async () => {
      const grant = secretaryGrant(await getMe())
      if (!grant) return null
      return { grant, items: await listApplications(grant.regionCode, which) }
    })
  useDidShow(() => {
    void load()
  })

  const switchTab = (next: Tab) => {
    if (next === tab) return
    setTab(next)
    setEnding(null)
    setActionError(null)
    setNotice(null)
    void load(next)
  }

  /** The reason the secretary chose (or wrote), or an error to show under the choices. */
  const endReason = (): { kind: MembershipEndKind; reason: string } | { error: string } => {
    const choice = END_REASONS.find((r) => r.label === ending?.choice)
    if (!choice) return { error: '请先选一个原因' }
    if (choice.reason) return { kind: choice.kind, reason: choice.reason }
    const other = ending?.other.trim() ?? ''
    const tooLong = tooLongText('原因', other, MEMBERSHIP_END_REASON_MAX)
    if (tooLong) return { error: tooLong }
    return other.length >= 2 ? { kind: choice.kind, reason: other } : { error: '请写上原因，至少两个字' }
  }

  const askToEnd = (member: ApplicationDto) => {
    const picked = endReason()
    if ('error' in picked) {
      setActionError({ id: member.id, message: picked.error })
      return
    }
    setActionError(null)
    setConfirmError(null)
    setConfirming({ member, kind: picked.kind, reason: picked.reason })
  }

  const removeMember = once(async () => {
    if (!confirming || list.state.kind !== 'ready' || !list.state.data) return
    const current = list.state.data
    const { member, kind, reason: why } = confirming
    setBusyId(member.id)
    setConfirmError(null)
    try {
      await endMembership(member.id, kind, why)
      setNotice(`已移出：${member.name}（户号 ${member.householdNo}）`)
      void Taro.showToast({ title: '已移出', icon: 'success' })
    } catch (err) {
      // Ended meanwhile (another tap, or the person left): the list only needs to catch up.
      if (!(err instanceof ApiError && err.code === ErrorCode.MembershipNotActive)) {
        setConfirmError(errorText(err))
        return
      }
      setNotice(`${member.name} 已经不在本村了`)
    } finally {
      setBusyId(null)
    }
    list.set({ ...current, items: current.items.filter((a) => a.id !== member.id) })
    setConfirming(null)
    setEnding(null)
  })

  const decide = once(async (app: ApplicationDto, approve: boolean, reason: string = '') => {
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
      void Taro.showToast({ title: approve ? '已通过' : '已退回', icon: 'success' })
    } catch (err) {
      setActionError({ id: app.id, message: errorText(err) })
    } finally {
      setBusyId(null)
    }
  })

  const state = list.state
  return (
    <PageRoot className="cw-apps">
      <Text className="cw-apps__title">{tab === 'pending' ? '入村申请' : '本村村民'}</Text>
      <View className="cw-apps__tabs">
        {(['pending', 'approved'] as const).map((t) => (
          <Button
            key={t}
            className={`cw-btn cw-apps__tab${tab === t ? ' cw-apps__tab--active' : ' cw-btn--ghost'}`}
            aria-pressed={tab === t}
            onClick={() => switchTab(t)}
          >
            {t === 'pending' ? '待审核' : '本村村民'}
          </Button>
        ))}
      </View>
      {notice && (
        <View className="cw-apps__notice" role="status">
          {notice}
        </View>
      )}
      {(state.kind === 'loading' || state.kind === 'idle') && <LoadingBox />}
      {state.kind === 'error' && <LoadErrorBox error={state.error} onRetry={() => void load()} />}
      {state.kind === 'ready' && !state.data && <EmptyBox text="您不是村务管理员，不能审核申请" />}
      {state.kind === 'ready' && state.data && (
        <View>
          <Text className="cw-apps__village">
            {state.data.grant.regionName ?? state.data.grant.regionCode}
          </Text>
          {tab === 'approved' && state.data.items.length === 0 && <EmptyBox text="本村还没有加入的村民" />}
          {tab === 'approved' &&
            state.data.items.map((member) => (
              <View key={member.id} className="cw-apps__item cw-apps__member" data-id={member.id}>
                <Text className="cw-apps__name">{member.name}</Text>
                <Text className="cw-apps__detail">户号 {member.householdNo}</Text>
                {member.roster !== 'match' && (
                  <Text className="cw-apps__detail cw-apps__unproved">{UNPROVED_MEMBER}</Text>
                )}
                {member.decidedAt && (
                  <Text className="cw-apps__detail">加入时间 {formatDateTime(member.decidedAt)}</Text>
                )}
                {ending?.id === member.id ? (
                  <View className="cw-apps__end-box">
                    <Text className="cw-apps__label">为什么移出？</Text>
                    <View className="cw-apps__reasons">
                      {END_REASONS.map((r) => (
                        <Button
                          key={r.label}
                          className={`cw-btn cw-apps__reason-option${ending.choice === r.label ? ' cw-apps__reason-option--chosen' : ' cw-btn--ghost'}`}
                          aria-pressed={ending.choice === r.label}
                          onClick={() => {
                            setEnding({ ...ending, choice: r.label })
                            setActionError(null)
                          }}
                        >
                          {r.label}
                        </Button>
                      ))}
                    </View>
                    {ending.choice === '其他' && (
                      <Input
                        className="cw-input cw-apps__end-other"
                        value={ending.other}
                        placeholder="请写上原因"
                        maxlength={oneLineMaxLength(MEMBERSHIP_END_REASON_MAX)}
                        onInput={(e) => setEnding({ ...ending, other: e.detail.value })}
                      />
                    )}
                    {actionError?.id === member.id && (
                      <View className="cw-apps__form-error" role="alert">
                        {actionError.message}
                      </View>
                    )}
                    <Button
                      className="cw-btn cw-btn--danger cw-apps__end-next"
                      onClick={() => askToEnd(member)}
                    >
                      移出本村
                    </Button>
                    <Button className="cw-btn cw-btn--ghost" onClick={() => setEnding(null)}>
                      取消
                    </Button>
                  </View>
                ) : (
                  <Button
                    className="cw-btn cw-btn--danger cw-apps__end"
                    onClick={() => {
                      setEnding({ id: member.id, choice: null, other: '' })
                      setActionError(null)
                    }}
                  >
                    移出本村
                  </Button>
                )}
              </View>
            ))}
          {tab === 'pending' && state.data.items.length === 0 && <EmptyBox text="没有待审核的申请" />}
          {tab === 'pending' &&
            state.data.items.map((app) => (
              <View key={app.id} className="cw-apps__item" data-id={app.id}>
                <Text className="cw-apps__name">{app.name}</Text>
                <Text className="cw-apps__detail">户号 {app.householdNo}</Text>
                <Text className="cw-apps__detail">申请时间 {formatDateTime(app.appliedAt)}</Text>
                <Text className={`cw-apps__badge cw-apps__badge--${app.roster}`}>
                  {ROSTER_LABELS[app.roster]}
                </Text>
                {ROSTER_HINTS[app.roster] && (
                  <Text className="cw-apps__detail cw-apps__hint">{ROSTER_HINTS[app.roster]}</Text>
                )}
                {actionError?.id === app.id && <ErrorBox title="没有办成" message={actionError.message} />}
                <DecisionActions
                  approveText="通过"
                  rejectText="不通过"
                  confirmRejectText="确定不通过"
                  reasonLabel="不通过的原因"
                  reasonPlaceholder="例如：户号不对，请到村委会核对"
                  busy={busyId === app.id}
                  onApprove={() => void decide(app, true)}
                  onReject={(why) => void decide(app, false, why)}
                  onStartReject={() => setActionError(null)}
                />
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
      {confirming && (
        <ConfirmDialog
          title="确定移出本村？"
          message={`${confirming.member.name}（户号 ${confirming.member.householdNo}）将不再是本村村民，看不到只给村民看的内容，也收不到本村的通知。原因：${confirming.reason}`}
          confirmText="确定移出"
          cancelText="先不移出"
          busy={busyId === confirming.member.id}
          busyText="正在移出…"
          error={confirmError}
          onConfirm={() => void removeMember()}
          onCancel={() => setConfirming(null)}
        />
      )}
    </PageRoot>
  )
}
