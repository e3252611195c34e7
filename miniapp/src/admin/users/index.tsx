import { useState } from 'react'
import { Button, Input, Text, View } from '@tarojs/components'
import Taro, { useDidShow } from '@tarojs/taro'
import {
  AccountCodeSchema,
  ROLE_LABELS,
  type AdminUserDto,
  type AdminUserRoleDto,
  type RoleGrantDto,
} from '@cunwu/domain'
import { ConfirmDialog } from '@/components/confirm-dialog'
import { LoadErrorBox, LoadStateBox } from '@/components/load-error'
import { EmptyBox, LoadingBox } from '@/components/page-state'
import { PageRoot } from '@/components/page-root'
import { useLoader } from '@/hooks/use-loader'
import { useSubmitOnce } from '@/hooks/use-submit-once'
import { listAdminUsers, lookupUser, revokeRole } from '@/services/api/admin'
import { getMe } from '@/services/api/me'
import { RegionPicker, type PickedRegion } from '../region-picker'
import { adminErrorText, adminGrants, regionName, usePagedList } from '../shared'
import { GrantForm } from './grant-form'
import { UserCard, roleLine } from './user-card'
import './index.scss'

/**
 * Where a card is drawn: the person found by 账号编号, or the list. One person can be on both cards, and only the
 * card whose 授予身份 was pressed opens the grant form.
 */
type CardPlace = 'found' | 'list'

/** A role to take away, and whose. */
interface Revoking {
  user: AdminUserDto
  role: AdminUserRoleDto
}

/**
 * 人员与权限, for admins: find a person who has just signed in by the 账号编号 their 我的 page shows, list the people
 * holding a role in the admin's regions (or one region below, chosen by name) a page at a time, give a role (role,
 * then region down the tree, then 确定授予) and take one away after a confirmation. Errors are the BFF's sentences.
 */
export default function AdminUsersPage() {
  const grants = useLoader<RoleGrantDto[]>()
  const list = usePagedList<AdminUserDto>()
  const found = useLoader<AdminUserDto>('idle')
  const [code, setCode] = useState('')
  const [codeError, setCodeError] = useState<string | null>(null)
  const [scope, setScope] = useState<PickedRegion | null>(null)
  const [choosingScope, setChoosingScope] = useState(false)
  // The one open grant form, by card: pressing 授予身份 on another card (the same person's too) moves it there.
  const [granting, setGranting] = useState<{ place: CardPlace; userId: string } | null>(null)
  const [revoking, setRevoking] = useState<Revoking | null>(null)
  const [revokeError, setRevokeError] = useState<string | null>(null)
  const { busy: revokeBusy, once } = useSubmitOnce()

  const loadList = (regionCode: string) =>
    // The BFF names each role's region (regionName): nothing more to read.
    list.reload((after) => listAdminUsers(regionCode, after))

  const start = () =>
    grants.run(async () => {
      const mine = adminGrants(await getMe())
      const first = mine[0]
      if (first && !scope) void loadList(first.regionCode)
      if (scope) void loadList(scope.code)
      return mine
    })
  useDidShow(() => {
    void start()
  })

  const find = () => {
    // The shared rule reads case, spaces, dashes and full-width forms through; a code it refuses is never sent.
    const checked = AccountCodeSchema.safeParse(code)
    if (!checked.success) {
      found.reset()
      setCodeError(checked.error.issues[0]?.message ?? '账号编号不对')
      return
    }
    setCodeError(null)
    setGranting(null)
    void found.run(() => lookupUser(checked.data))
  }

  /** After a grant or a removal: the person found and the list as the server now has them. */
  const refresh = () => {
    setGranting(null)
    if (found.state.kind === 'ready') find()
    const g = grants.state
    const regionCode = scope?.code ?? (g.kind === 'ready' ? g.data[0]?.regionCode : undefined)
    if (regionCode) void loadList(regionCode)
  }

  const confirmRevoke = once(async () => {
    if (!revoking) return
    const { role, regionCode } = revoking.role
    // A villager's role is not taken here (the village ends the membership); the card offers no button for it.
    if (role === 'villager') return
    setRevokeError(null)
    try {
      await revokeRole({ userId: revoking.user.id, role, regionCode })
      setRevoking(null)
      void Taro.showToast({ title: '已取消', icon: 'success' })
      refresh()
    } catch (err) {
      setRevokeError(adminErrorText(err))
    }
  })

  const g = grants.state
  if (g.kind !== 'ready')
    return (
      <PageRoot className="cw-admin-users">
        <LoadStateBox state={g} onRetry={() => void start()} />
      </PageRoot>
    )
  if (g.data.length === 0)
    return (
      <PageRoot className="cw-admin-users">
        <EmptyBox text="您不是系统管理员，不能管理人员和权限" />
      </PageRoot>
    )

  const roots = g.data
  const card = (place: CardPlace) => (user: AdminUserDto) => (
    <UserCard
      key={user.id}
      user={user}
      onGrant={() => setGranting({ place, userId: user.id })}
      onRevoke={(role) => {
        setRevokeError(null)
        setRevoking({ user, role })
      }}
    >
      {granting?.place === place && granting.userId === user.id ? (
        <GrantForm user={user} roots={roots} onDone={refresh} onCancel={() => setGranting(null)} />
      ) : undefined}
    </UserCard>
  )
  const scopeName = scope?.name ?? roots.map((r) => regionName(r.regionCode, r.regionName) ?? '').join('、')
  const l = list.loader.state

  return (
    <PageRoot className="cw-admin-users">
      <Text className="cw-admin-users__title">人员与权限</Text>
      <Text className="cw-admin-users__subtitle">{scopeName}</Text>

      <View className="cw-admin-users__section">
        <Text className="cw-admin-users__heading">找刚登录的人</Text>
        <Text className="cw-admin-users__hint">
          请对方在小程序里打开“我的”，把“账号编号”念给您（8 位字母和数字，例如 ABCD-2345）。
        </Text>
        <Input
          className="cw-input cw-admin-users__code"
          value={code}
          placeholder="账号编号"
          maxlength={20}
          onInput={(e) => setCode(e.detail.value)}
          onConfirm={find}
        />
        <Button className="cw-btn cw-admin-users__find" onClick={find}>
          查找
        </Button>
        {codeError && (
          <View className="cw-admin-users__error" role="alert">
            {codeError}
          </View>
        )}
        {found.state.kind === 'loading' && <LoadingBox text="正在查找…" />}
        {found.state.kind === 'error' && (
          <View className="cw-admin-users__error" role="alert">
            {adminErrorText(found.state.error)}
          </View>
        )}
        {found.state.kind === 'ready' && card('found')(found.state.data)}
      </View>

      <View className="cw-admin-users__section">
        <Text className="cw-admin-users__heading">{scopeName}有身份的人</Text>
        <Text className="cw-admin-users__hint">按第一次登录的时间排，新的在前</Text>
        {!choosingScope && (
          <Button
            className="cw-btn cw-btn--ghost cw-admin-users__scope"
            onClick={() => setChoosingScope(true)}
          >
            {scope ? '换一个地区查看' : '只看某个乡镇或村'}
          </Button>
        )}
        {choosingScope && (
          <View className="cw-admin-users__scope-picker">
            <RegionPicker
              roots={roots}
              levels={['province', 'city', 'county', 'township', 'village']}
              onPick={(r) => {
                setChoosingScope(false)
                setScope(r)
                void loadList(r.code)
              }}
            />
            <Button className="cw-btn cw-btn--ghost" onClick={() => setChoosingScope(false)}>
              不换了
            </Button>
          </View>
        )}
        {l.kind === 'ready' ? (
          <View>
            {l.data.length === 0 && <EmptyBox text="这里还没有人有身份" />}
            {l.data.map(card('list'))}
            {list.moreError !== null && (
              <LoadErrorBox title="没有加载成功" error={list.moreError} onRetry={() => void list.more()} />
            )}
            {list.hasMore ? (
              <Button
                className={`cw-btn cw-btn--ghost cw-admin-users__more${list.moreBusy ? ' cw-btn--busy' : ''}`}
                {...(list.moreBusy ? { disabled: true } : {})}
                onClick={() => void list.more()}
              >
                {list.moreBusy ? '正在加载…' : '加载更多'}
              </Button>
            ) : (
              l.data.length > 0 && <Text className="cw-admin-users__hint">已经全部列出</Text>
            )}
          </View>
        ) : (
          <LoadStateBox state={l} onRetry={refresh} />
        )}
      </View>

      {revoking && (
        <ConfirmDialog
          title={`确定取消${revoking.user.displayName}的${ROLE_LABELS[revoking.role.role]}身份？`}
          message={`取消后，${revoking.user.displayName}马上不能再以“${roleLine(revoking.role)}”的身份办事。以后需要时可以重新授予。`}
          confirmText="确定取消"
          cancelText="不取消"
          busy={revokeBusy}
          busyText="正在取消…"
          error={revokeError}
          onConfirm={() => void confirmRevoke()}
          onCancel={() => setRevoking(null)}
        />
      )}
    </PageRoot>
  )
}
