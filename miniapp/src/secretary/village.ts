import type { MeDto, RoleGrantDto } from '@cunwu/domain'

/** The village a secretary page works on: the active role when it is a secretary, else the first secretary role. */
export function secretaryGrant(me: MeDto): RoleGrantDto | undefined {
  if (me.activeRole?.role === 'secretary') return me.activeRole
  return me.roles.find((r) => r.role === 'secretary')
}
