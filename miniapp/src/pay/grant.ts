import type { MeDto, RoleGrantDto } from '@cunwu/domain'

/** The village a secretary page of this subpackage works on: the active secretary role, else the first one. */
export function secretaryGrantOf(me: MeDto): RoleGrantDto | undefined {
  if (me.activeRole?.role === 'secretary') return me.activeRole
  return me.roles.find((r) => r.role === 'secretary')
}
