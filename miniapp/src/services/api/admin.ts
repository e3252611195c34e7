import {
  AdminUserLookupDtoSchema,
  AdminUserPageDtoSchema,
  AuditPageDtoSchema,
  RegionImportResultDtoSchema,
  RegionImportSchema,
  RoleGrantCreateSchema,
  type AdminUserDto,
  type AuditEventDto,
  type RegionImportResultDto,
  type RoleGrantCreateReq,
} from '@cunwu/domain'
import { request } from '@/services/request'

/** One page of a list the admin reads, and how to ask for the next (null on the last page). */
export interface AdminPage<T> {
  items: T[]
  /** The query that asks for the next page, or null when this was the last. */
  next: Record<string, string> | null
}

/** How many lines a page of the admin's lists asks for. */
export const ADMIN_PAGE_SIZE = 30

/**
 * The next page's query from whichever cursor the BFF answered: `nextBefore` (sent back as `before`) or
 * `nextCursor` (sent back as `cursor`). A BFF without paging sends neither: one page, the last.
 */
function nextQuery(page: {
  nextBefore?: string | null
  nextCursor?: string | null
}): Record<string, string> | null {
  if (page.nextBefore) return { before: page.nextBefore }
  if (page.nextCursor) return { cursor: page.nextCursor }
  return null
}

/** People holding a role in a region (and below), newest first, one page at a time. */
export async function listAdminUsers(
  regionCode: string,
  after: Record<string, string> | null = null,
): Promise<AdminPage<AdminUserDto>> {
  const page = await request('/api/v1/admin/users', {
    query: { regionCode, limit: ADMIN_PAGE_SIZE, ...after },
    schema: AdminUserPageDtoSchema,
  })
  return { items: page.users, next: nextQuery(page) }
}

/** Finds a person, with or without roles, by the 账号编号 their 我的 page shows (`ABCD-2345`). */
export async function lookupUser(code: string): Promise<AdminUserDto> {
  const { user } = await request('/api/v1/admin/users/lookup', {
    query: { code },
    schema: AdminUserLookupDtoSchema,
  })
  return user
}

/** Gives a person a staff role in a region (the admin's own or below). */
export async function grantRole(req: RoleGrantCreateReq): Promise<void> {
  await request('/api/v1/admin/role-grants', { method: 'POST', body: RoleGrantCreateSchema.parse(req) })
}

/** Takes a staff role away from a person. */
export async function revokeRole(req: RoleGrantCreateReq): Promise<void> {
  await request('/api/v1/admin/role-grants', { method: 'DELETE', body: RoleGrantCreateSchema.parse(req) })
}

/** The audit trail of a region (and below), newest first, one page at a time. */
export async function listAudit(
  regionCode: string,
  after: Record<string, string> | null = null,
): Promise<AdminPage<AuditEventDto>> {
  const page = await request('/api/v1/admin/audit', {
    query: { regionCode, limit: ADMIN_PAGE_SIZE, ...after },
    schema: AuditPageDtoSchema,
  })
  return { items: page.events, next: nextQuery(page) }
}

/**
 * Imports a region CSV under the admin's regions. Every row is checked first: any error refuses the whole file
 * (400 `validation_error` with `details.rows`, each bad line), and nothing is stored. A file of an older code year
 * than names stored is refused (409 `region_code_year_older`) unless `allowOlderCodeYear`.
 */
export function importRegions(csv: string, allowOlderCodeYear = false): Promise<RegionImportResultDto> {
  return request('/api/v1/regions/import', {
    method: 'POST',
    body: RegionImportSchema.parse({ csv, allowOlderCodeYear }),
    schema: RegionImportResultDtoSchema,
    // A county's file of a few thousand rows is checked and written in one request.
    timeoutMs: 120_000,
  })
}
