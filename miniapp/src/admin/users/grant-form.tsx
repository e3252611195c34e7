import { useState } from 'react'
import { Button, Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { ROLE_LABELS, ROLE_LEVELS, type AdminUserDto, type Role, type RoleGrantDto } from '@cunwu/domain'
import { useSubmitOnce } from '@/hooks/use-submit-once'
import { grantRole } from '@/services/api/admin'
import { RegionPicker, type PickedRegion } from '../region-picker'
import { adminErrorText } from '../shared'

/** The roles an admin grants, with what each may do, in the order offered. */
const GRANTABLE: readonly { role: Exclude<Role, 'villager'>; does: string }[] = [
  { role: 'secretary', does: '发布一个村的村务公开，审核村民加入' },
  { role: 'township', does: '审核本乡镇各村的公开，核对对照情况' },
  { role: 'county', does: '查看全县各村的公开和核查结果' },
  { role: 'admin', does: '给别人授予身份，导入行政区划，查看操作记录' },
]

/** Props of {@link GrantForm}. */
export interface GrantFormProps {
  user: AdminUserDto
  /** The admin's own regions, where the region is chosen from. */
  roots: readonly RoleGrantDto[]
  onDone: () => void
  onCancel: () => void
}

/**
 * Gives a person a staff role in three steps: which role (in words, with what it allows), which region (chosen by
 * name down the tree from the admin's own regions, at the role's level), then one look at the whole before 确定授予.
 */
export function GrantForm({ user, roots, onDone, onCancel }: GrantFormProps) {
  const [role, setRole] = useState<Exclude<Role, 'villager'> | null>(null)
  const [region, setRegion] = useState<PickedRegion | null>(null)
  const [error, setError] = useState<string | null>(null)
  const { busy, once } = useSubmitOnce()

  const submit = once(async () => {
    if (!role || !region) return
    setError(null)
    try {
      await grantRole({ userId: user.id, role, regionCode: region.code })
      void Taro.showToast({ title: '已授予', icon: 'success' })
      onDone()
    } catch (err) {
      setError(adminErrorText(err))
    }
  })

  return (
    <View className="cw-admin-users__grant" role="group" aria-label={`给${user.displayName}授予身份`}>
      <Text className="cw-admin-users__heading">给 {user.displayName} 授予身份</Text>
      <Text className="cw-admin-users__step">第一步：选身份</Text>
      {GRANTABLE.map((g) => (
        <Button
          key={g.role}
          className={`cw-admin-users__role-option${role === g.role ? ' cw-admin-users__role-option--on' : ''}`}
          aria-pressed={role === g.role}
          data-role={g.role}
          onClick={() => {
            setRole(g.role)
            setRegion(null)
            setError(null)
          }}
        >
          {ROLE_LABELS[g.role]}：{g.does}
        </Button>
      ))}

      {role && !region && (
        <View>
          <Text className="cw-admin-users__step">第二步：选{levelWords(role)}</Text>
          <RegionPicker key={role} roots={roots} levels={ROLE_LEVELS[role]} onPick={setRegion} />
        </View>
      )}

      {role && region && (
        <View className="cw-admin-users__summary">
          <Text className="cw-admin-users__step">第三步：确认</Text>
          <Text className="cw-admin-users__summary-text">
            给 {user.displayName} 授予「{ROLE_LABELS[role]}」，管理 {region.name}
          </Text>
          <Button className="cw-btn cw-btn--ghost cw-admin-users__change" onClick={() => setRegion(null)}>
            换一个地区
          </Button>
          {error && (
            <View className="cw-admin-users__error" role="alert">
              {error}
            </View>
          )}
          <Button
            className={`cw-btn cw-admin-users__grant-ok${busy ? ' cw-btn--busy' : ''}`}
            {...(busy ? { disabled: true } : {})}
            onClick={() => void submit()}
          >
            {busy ? '正在授予…' : '确定授予'}
          </Button>
        </View>
      )}
      <Button className="cw-btn cw-btn--ghost cw-admin-users__grant-cancel" onClick={onCancel}>
        不授予了
      </Button>
    </View>
  )
}

/** What the second step asks for: 村, 乡镇, 县, or the admin's region. */
function levelWords(role: Exclude<Role, 'villager'>): string {
  if (role === 'secretary') return '哪个村（先选乡镇，再选村）'
  if (role === 'township') return '哪个乡镇'
  if (role === 'county') return '哪个县'
  return '管理哪个地区'
}
