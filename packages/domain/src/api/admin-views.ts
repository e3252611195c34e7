import { z } from 'zod'
import { RoleSchema } from './roles'

// What the administrator's screens read and send (`routes/admin`, `POST /regions/import`), shared by the BFF's
// presenters and the mini-program's `admin` pages (the import's body is `RegionImportSchema` of regions/csv.ts). Fields a newer BFF adds (the account code, names for ids, the
// next page's cursor) are optional, so a page reads an answer of either.

/** A role as an admin's user list shows it, with its region's name (null for a region not found; absent from older BFFs). */
export const AdminUserRoleDtoSchema = z.object({
  role: RoleSchema,
  regionCode: z.string(),
  regionName: z.string().nullish(),
  /**
   * The day the role's region was retired (撤并, YYYY-MM-DD): from then the role allows reading what it covered, not
   * writing there. Absent while the region exists on its own.
   */
  endedOn: z.string().nullish(),
})
export type AdminUserRoleDto = z.infer<typeof AdminUserRoleDtoSchema>

/** One person in `GET /api/v1/admin/users` or `GET /api/v1/admin/users/lookup`: no WeChat identifiers. */
export const AdminUserDtoSchema = z.object({
  id: z.string(),
  displayName: z.string(),
  /** 账号编号 as 我的 shows it (`ABCD-2345`); null until the person has opened 我的 once. */
  accountCode: z.string().nullish(),
  /** ISO instant of the first sign-in. */
  firstSignInAt: z.string().nullish(),
  /** The person's roles within the admin's regions. */
  roles: z.array(AdminUserRoleDtoSchema),
})
export type AdminUserDto = z.infer<typeof AdminUserDtoSchema>

// A page's answer names the cursor of the next page `nextBefore` (sent back as `before`; null on the last page);
// `nextCursor` (sent back as `cursor`) is read too, and neither from a BFF without paging (one page, the last).

/** Answer of `GET /api/v1/admin/users?regionCode=`: one page, newest first. */
export const AdminUserPageDtoSchema = z.object({
  users: z.array(AdminUserDtoSchema),
  nextBefore: z.string().nullish(),
  nextCursor: z.string().nullish(),
})
export type AdminUserPageDto = z.infer<typeof AdminUserPageDtoSchema>

/** Answer of `GET /api/v1/admin/users/lookup?code=`. */
export const AdminUserLookupDtoSchema = z.object({ user: AdminUserDtoSchema })

/** One audit event as admins and the county see it (`GET /api/v1/admin/audit`). */
export const AuditEventDtoSchema = z.object({
  at: z.string(),
  /** null for the system, and for a requester or asker (`actorLabel` then names their part). */
  actorId: z.string().nullable(),
  /** 申请人 or 提问人 where the actor is withheld, else null. */
  actorLabel: z.string().nullable(),
  /** The actor's display name, when the BFF sends names. */
  actorName: z.string().nullish(),
  action: z.string(),
  targetType: z.string(),
  targetId: z.string(),
  /** The target's name (a person's display name, a region's name), when the BFF sends names. */
  targetName: z.string().nullish(),
  regionCode: z.string().nullable(),
  /** The region's name, when the BFF sends names. */
  regionName: z.string().nullish(),
  /** null where the actor is withheld: the request id leads to the access log, which names the user. */
  requestId: z.string().nullable(),
  /** What else the event recorded (`{}` when nothing; an older BFF may leave it out). */
  data: z.record(z.string(), z.unknown()).default({}),
})
export type AuditEventDto = z.infer<typeof AuditEventDtoSchema>

/** Answer of `GET /api/v1/admin/audit?regionCode=`: one page, newest first. */
export const AuditPageDtoSchema = z.object({
  events: z.array(AuditEventDtoSchema),
  nextBefore: z.string().nullish(),
  nextCursor: z.string().nullish(),
})
export type AuditPageDto = z.infer<typeof AuditPageDtoSchema>

/**
 * Answer of `POST /api/v1/regions/import`: what the file did, row by row. `added`, regions not stored before;
 * `updated`, stored regions the file renamed or otherwise changed (code year, level, parent, urban-rural code);
 * `unchanged`, rows identical to what is stored, which write nothing and record no event. The three add up to the
 * file's rows.
 */
export const RegionImportResultDtoSchema = z.object({
  added: z.number().int().nonnegative(),
  updated: z.number().int().nonnegative(),
  unchanged: z.number().int().nonnegative(),
})
export type RegionImportResultDto = z.infer<typeof RegionImportResultDtoSchema>

/**
 * What an import did, in plain words for the admin page and the setup command:
 * 新增0个，更新0个，302个没有变化 (没有变化 only when some rows were: 新增3个，更新0个).
 */
export function regionImportSummary(r: RegionImportResultDto): string {
  const parts = [`新增${r.added}个`, `更新${r.updated}个`]
  if (r.unchanged > 0) parts.push(`${r.unchanged}个没有变化`)
  return parts.join('，')
}

/** One bad line of a refused region import (`details.rows` of its 400 `validation_error`). */
export const RegionCsvRowErrorSchema = z.object({
  line: z.number().int(),
  column: z.string().nullable(),
  message: z.string(),
})
export const RegionImportRefusalDetailsSchema = z.object({ rows: z.array(RegionCsvRowErrorSchema) })
