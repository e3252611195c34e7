import { ROLE_LABELS, type MembershipDto, type RoleGrantDto } from '@cunwu/domain'

/** "村务管理员 · 城东社区居委会": a role with the region it covers. */
export function roleText(grant: RoleGrantDto): string {
  return `${ROLE_LABELS[grant.role]} · ${grant.regionName ?? grant.regionCode}`
}

/** Plain words for where an application stands. */
export const MEMBERSHIP_STATUS_LABELS: Record<MembershipDto['status'], string> = {
  pending: '审核中',
  approved: '已加入',
  rejected: '未通过',
  ended: '已退出',
}

/** Whether two grants name the same role in the same region. */
export function sameGrant(a: RoleGrantDto | null | undefined, b: RoleGrantDto): boolean {
  return a?.role === b.role && a.regionCode === b.regionCode
}
