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

/**
 * Who may act in place of a region's own role holders: holders of one of `roles` in `regionCode` (for a retired
 * village, `RegionRetirementsService.standInsFor`; `authorize()`'s stand-in, middlewares/auth.ts).
 */
export interface StandInRule {
  roles: readonly Role[]
  regionCode: string
}

/** Why a grant no longer allows writing: its own region was retired (撤并) on `retiredOn`, as `notice` says. */
export interface GrantEnding {
  retiredOn: string
  /** 云溪村委会已于2026年9月20日撤并（并入石门村）: `retirementNotice` of @cunwu/domain, named by the region. */
  notice: string
}

/**
 * A grant as a request sees it: on a request that writes, `ended` is set on a grant whose own region was retired on
 * or before today (`markEndedGrants`). An ended grant allows no role (`grantsFor`) but still makes the region the
 * user's (`holdsGrantIn`): a write on a record of it is 403, as the record can still be read.
 */
export type GrantAsSeen = RoleGrant & { ended?: GrantEnding }

/** The grants with `ended` set on those whose region is in `endings` (the request writes). */
export function markEndedGrants(
  grants: readonly RoleGrant[],
  endings: ReadonlyMap<string, GrantEnding>,
): GrantAsSeen[] {
  return grants.map((g) => {
    const ended = endings.get(g.regionCode)
    return ended ? { ...g, ended } : g
  })
}

/** The grants that let a user act as one of `roles` in region `code` (a grant ended by a merger lets none). */
export function grantsFor(
  grants: readonly GrantAsSeen[],
  roles: readonly Role[],
  code: string,
): GrantAsSeen[] {
  return grants.filter((g) => !g.ended && roles.includes(g.role) && regionCovers(g.regionCode, code))
}

/**
 * The 403 of a write that a grant ended by its region's merger would have allowed, in words saying so; null when no
 * such grant covers `code` (the caller's own refusal applies).
 */
export function endedGrantRefusal(
  grants: readonly GrantAsSeen[],
  roles: readonly Role[],
  code: string,
): AppError | null {
  const ended = grants.find((g) => g.ended && roles.includes(g.role) && regionCovers(g.regionCode, code))
  return ended?.ended
    ? forbidden(`${ended.ended.notice}，您在那里的职务已随撤并结束，不能再办理，以前的内容仍可查看`)
    : null
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
