import { Button, Text, View } from '@tarojs/components'
import { ROLE_LABELS, chineseDate, type AdminUserDto, type AdminUserRoleDto } from '@cunwu/domain'
import { formatDate } from '@/utils/format'
import { regionName } from '../shared'

/**
 * "村务管理员 · 云溪村委会": a role with its region's name (某地区 when the name could not be read), and
 * （随2026年9月20日撤并结束） when that region was retired (撤并): from then it allows only reading.
 */
export function roleLine(r: AdminUserRoleDto): string {
  const ended = r.endedOn ? `（随${chineseDate(r.endedOn)}撤并结束，只能查看）` : ''
  return `${ROLE_LABELS[r.role]} · ${regionName(r.regionCode, r.regionName) ?? '某地区'}${ended}`
}

/** Props of {@link UserCard}. */
export interface UserCardProps {
  user: AdminUserDto
  onGrant: () => void
  onRevoke: (role: AdminUserRoleDto) => void
  /** The grant form, shown inside the card while open. */
  children?: React.ReactNode
}

/**
 * One person as the admin sees them: name, 账号编号 and first sign-in, each role in words with 取消这个身份
 * (a villager's membership is ended by the village, not here), and 授予身份.
 */
export function UserCard({ user, onGrant, onRevoke, children }: UserCardProps) {
  const facts = [
    user.accountCode ? `账号编号 ${user.accountCode}` : null,
    user.firstSignInAt ? `${formatDate(user.firstSignInAt)}首次登录` : null,
  ].filter((x): x is string => x !== null)
  return (
    <View className="cw-admin-users__card" data-user={user.id}>
      <Text className="cw-admin-users__name">{user.displayName}</Text>
      {facts.length > 0 && <Text className="cw-admin-users__meta">{facts.join(' · ')}</Text>}
      {user.roles.length === 0 && <Text className="cw-admin-users__meta">还没有身份</Text>}
      {user.roles.map((r) => (
        <View key={`${r.role}:${r.regionCode}`} className="cw-admin-users__role" data-grant={r.role}>
          <Text className="cw-admin-users__role-text">{roleLine(r)}</Text>
          {r.role !== 'villager' && (
            <Button className="cw-admin-users__revoke" onClick={() => onRevoke(r)}>
              取消这个身份
            </Button>
          )}
        </View>
      ))}
      {children ?? (
        <Button className="cw-btn cw-btn--ghost cw-admin-users__grant-open" onClick={onGrant}>
          授予身份
        </Button>
      )}
    </View>
  )
}
