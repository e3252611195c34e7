import type { AdminUserDto, MeDto, RoleGrantDto } from '@cunwu/domain'
import { formatAccountCode, privacyStatusOf } from '@cunwu/domain'
import type { Membership } from '../models/Membership.model'
import type { Proxy } from '../models/Proxy.model'
import type { User } from '../models/User.model'
import { presentMembership } from './membership.presenter'

/** Presents the signed-in user's own profile; the openid and session data are never included. */
export function presentMe(
  user: User,
  memberships: Membership[],
  proxies: Proxy[],
  names: Map<string, string>,
  accountCode: string | null,
): MeDto {
  const roles: RoleGrantDto[] = user.roles.map((r) => ({
    role: r.role,
    regionCode: r.regionCode,
    ...(names.has(r.regionCode) ? { regionName: names.get(r.regionCode) } : {}),
  }))
  const active =
    roles.find((r) => r.role === user.activeRole?.role && r.regionCode === user.activeRole?.regionCode) ??
    roles[0] ??
    null
  return {
    id: user._id.toHexString(),
    displayName: user.displayName,
    accountCode: accountCode ? formatAccountCode(accountCode) : '',
    roles,
    activeRole: active,
    memberships: memberships.map((m) => presentMembership(m, names.get(m.villageCode))),
    proxies: proxies.map((p) => ({
      villageCode: p.villageCode,
      householdNo: p.householdNo,
      forName: p.forName,
    })),
    // Whether the policy must be (re)accepted: the app asks before anything personal (docs/privacy.md).
    privacy: privacyStatusOf(user.privacyConsents ?? []),
  }
}

/**
 * A user as an admin sees them in a list or a lookup: name, account code, first sign-in and the roles within the
 * admin's regions (`visible`; all when not given), each with its region's name (`names`, null for a region not
 * found); no WeChat identifiers.
 */
export function presentUserSummary(
  u: Pick<User, '_id' | 'displayName' | 'roles' | 'accountCode' | 'createdAt'>,
  visible: (regionCode: string) => boolean = () => true,
  names: ReadonlyMap<string, string> = new Map(),
  /** The retirement day (撤并) of each retired region among the roles', by code. */
  endings: ReadonlyMap<string, string> = new Map(),
): AdminUserDto {
  return {
    id: u._id.toHexString(),
    displayName: u.displayName,
    accountCode: u.accountCode ? formatAccountCode(u.accountCode) : null,
    firstSignInAt: u.createdAt.toISOString(),
    roles: u.roles
      .filter((r) => visible(r.regionCode))
      .map((r) => {
        const endedOn = endings.get(r.regionCode)
        return {
          role: r.role,
          regionCode: r.regionCode,
          regionName: names.get(r.regionCode) ?? null,
          ...(endedOn ? { endedOn } : {}),
        }
      }),
  }
}
