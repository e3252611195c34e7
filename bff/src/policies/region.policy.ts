import type { Role } from '@cunwu/domain'
import { codePrefix, isWithin, levelOfCode, officeOf } from '@cunwu/domain'
import type { AppError } from '../errors'
import { forbidden, notFound } from '../errors'
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

/**
 * The office a reviewer decides for in village `code`, as texts name it: 乡镇 or 县里 (`officeOf`) by the grant they
 * act under there, the township's before the county's when they hold both; null when they hold neither.
 */
export function reviewOfficeIn(grants: readonly RoleGrant[], code: string): '乡镇' | '县里' | null {
  const held = grantsFor(grants, ['township', 'county'], code)
  const grant = held.find((g) => levelOfCode(g.regionCode) !== 'county') ?? held[0]
  return grant ? officeOf(grant.regionCode) : null
}

/** Whether a user with these grants may act as one of `roles` in region `code`. */
export function mayActIn(grants: readonly RoleGrant[], roles: readonly Role[], code: string): boolean {
  return grantsFor(grants, roles, code).length > 0
}

/** Whether any of the user's grants, whatever its role, covers region `code` (the region is the user's at all). */
export function holdsGrantIn(grants: readonly RoleGrant[], code: string): boolean {
  return grants.some((g) => regionCovers(g.regionCode, code))
}

/**
 * The refusal for acting on a record of region(s) `codes`: 404 when none of the user's grants covers any of them, so
 * an id outside the user's regions answers as an id that does not exist (middlewares/auth.ts); 403 with `message`
 * when the record is in a region of theirs and only the role is missing.
 */
export function refusalFor(
  grants: readonly RoleGrant[],
  codes: string | readonly string[],
  message?: string,
  what?: string,
): AppError {
  const list = typeof codes === 'string' ? [codes] : codes
  return list.some((c) => holdsGrantIn(grants, c)) ? forbidden(message) : notFound(what)
}
