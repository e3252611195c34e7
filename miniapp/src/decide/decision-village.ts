import type { MeDto, RoleGrantDto } from '@cunwu/domain'

/** The village whose decisions the viewer reads: the active role if it is a village role, else the first one. */
export function decisionVillageOf(me: MeDto): RoleGrantDto | undefined {
  const village = (g: RoleGrantDto | null) => g !== null && (g.role === 'villager' || g.role === 'secretary')
  if (village(me.activeRole) && me.activeRole) return me.activeRole
  return me.roles.find((g) => village(g))
}

/** Whether the viewer may record steps of a village's decisions: its secretary. */
export function isSecretaryOf(me: MeDto, villageCode: string): boolean {
  return me.roles.some((g) => g.role === 'secretary' && g.regionCode === villageCode)
}
