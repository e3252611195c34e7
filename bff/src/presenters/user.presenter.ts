import type { MeDto, MembershipDto, RoleGrantDto } from '@cunwu/domain'
import type { Membership } from '../models/Membership.model'
import type { Proxy } from '../models/Proxy.model'
import type { User } from '../models/User.model'

/** Presents a membership to its holder or to the village's secretary. */
export function presentMembership(m: Membership, villageName?: string): MembershipDto {
  return {
    id: m._id.toHexString(),
    userId: m.userId.toHexString(),
    villageCode: m.villageCode,
    ...(villageName ? { villageName } : {}),
    name: m.name,
    householdNo: m.householdNo,
    status: m.status,
    via: m.via,
    appliedAt: m.appliedAt.toISOString(),
    ...(m.decidedAt ? { decidedAt: m.decidedAt.toISOString() } : {}),
    ...(m.reason ? { reason: m.reason } : {}),
    ...(m.status === 'ended' && m.endedAt ? { endedAt: m.endedAt.toISOString() } : {}),
    ...(m.status === 'ended' && m.endedBy
      ? { endedBy: m.endedBy.equals(m.userId) ? ('member' as const) : ('secretary' as const) }
      : {}),
  }
}

/** Presents the signed-in user's own profile; the openid and session data are never included. */
export function presentMe(user: User, memberships: Membership[], proxies: Proxy[], names: Map<string, string>): MeDto {
  const roles: RoleGrantDto[] = user.roles.map((r) => ({
    role: r.role,
    regionCode: r.regionCode,
    ...(names.has(r.regionCode) ? { regionName: names.get(r.regionCode) } : {}),
  }))
  const active =
    roles.find((r) => r.role === user.activeRole?.role && r.regionCode === user.activeRole?.regionCode) ?? roles[0] ?? null
  return {
    id: user._id.toHexString(),
    displayName: user.displayName,
    roles,
    activeRole: active,
    memberships: memberships.map((m) => presentMembership(m, names.get(m.villageCode))),
    proxies: proxies.map((p) => ({ villageCode: p.villageCode, householdNo: p.householdNo, forName: p.forName })),
  }
}

/** A user as an admin sees them in a list: name and roles, no WeChat identifiers. */
export function presentUserSummary(u: Pick<User, '_id' | 'displayName' | 'roles'>) {
  return {
    id: u._id.toHexString(),
    displayName: u.displayName,
    roles: u.roles.map((r) => ({ role: r.role, regionCode: r.regionCode })),
  }
}
