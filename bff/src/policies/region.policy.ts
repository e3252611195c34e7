import type { Role } from '@cunwu/domain'
import { codePrefix, isWithin } from '@cunwu/domain'
import type { RoleGrant } from '../models/User.model'

/** The significant prefix of a division code: every code below the region starts with it. */
export const regionPrefix = codePrefix

/** True when `code` is `ancestor` itself or lies below it in the division tree. */
export function regionCovers(ancestor: string, code: string): boolean {
  return isWithin(code, ancestor)
}

/** The grants that let a user act as one of `roles` in region `code`. */
export function grantsFor(grants: readonly RoleGrant[], roles: readonly Role[], code: string): RoleGrant[] {
  return grants.filter((g) => roles.includes(g.role) && regionCovers(g.regionCode, code))
}

/** Whether a user with these grants may act as one of `roles` in region `code`. */
export function mayActIn(grants: readonly RoleGrant[], roles: readonly Role[], code: string): boolean {
  return grantsFor(grants, roles, code).length > 0
}
