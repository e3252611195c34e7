import { z } from 'zod'
import {
  DisclosureDtoSchema,
  DisclosureVersionDtoSchema,
  type DisclosureCreateReq,
  type DisclosureDto,
  type DisclosureStatus,
  type DisclosureSubmitReq,
  type DisclosureUpdateReq,
  type DisclosureVersionDto,
} from '@cunwu/domain'
import { request } from '@/services/request'
import { uploadFile, type PickedFile } from '@/services/upload'

const ListSchema = z.object({ disclosures: z.array(DisclosureDtoSchema) })
const VersionsSchema = z.object({ versions: z.array(DisclosureVersionDtoSchema) })

const enc = encodeURIComponent

/** The village feed: published matters, focus categories first, then newest (no table rows). */
export async function getVillageFeed(
  villageCode: string,
  query: { domainId?: string; limit?: number } = {},
): Promise<DisclosureDto[]> {
  const { disclosures } = await request(`/api/v1/villages/${enc(villageCode)}/feed`, {
    query,
    schema: ListSchema,
  })
  return disclosures
}

/** One disclosure: the public view, or the whole draft for the village's own staff. */
export function getDisclosure(id: string): Promise<DisclosureDto> {
  return request(`/api/v1/disclosures/${enc(id)}`, { schema: DisclosureDtoSchema })
}

/** Version `version` of the series of disclosure `id` (an old one stays readable), with the rows it changed. */
export function getDisclosureVersion(id: string, version: number): Promise<DisclosureDto> {
  return request(`/api/v1/disclosures/${enc(id)}/versions/${version}`, { schema: DisclosureDtoSchema })
}

/** The version history of a disclosure's series, newest first, with what changed. */
export async function listDisclosureVersions(id: string): Promise<DisclosureVersionDto[]> {
  const { versions } = await request(`/api/v1/disclosures/${enc(id)}/versions`, { schema: VersionsSchema })
  return versions
}

/** Keyword search in a village, or in every village below a township or county, ranked by the server. */
export async function searchDisclosures(q: string, regionCode: string, limit = 20): Promise<DisclosureDto[]> {
  const { disclosures } = await request('/api/v1/search', {
    query: { q, regionCode, limit },
    schema: ListSchema,
    auth: false,
  })
  return disclosures
}

/** 与我相关: published lists naming the signed-in household, with only that household's rows. */
export async function listRelatedDisclosures(): Promise<DisclosureDto[]> {
  const { disclosures } = await request('/api/v1/me/related', { schema: ListSchema })
  return disclosures
}

/** The secretary's list of the village's disclosures, newest change first. */
export async function listVillageDisclosures(
  villageCode: string,
  status?: DisclosureStatus,
): Promise<DisclosureDto[]> {
  const { disclosures } = await request(`/api/v1/villages/${enc(villageCode)}/disclosures`, {
    query: { status },
    schema: ListSchema,
  })
  return disclosures
}

/** Starts a draft for a catalog item and period (409 disclosure_exists; 422 table_rows_invalid). */
export function createDisclosure(villageCode: string, req: DisclosureCreateReq): Promise<DisclosureDto> {
  return request(`/api/v1/villages/${enc(villageCode)}/disclosures`, {
    method: 'POST',
    body: req,
    schema: DisclosureDtoSchema,
  })
}

/** Saves changes to a draft (409 disclosure_not_editable once published). */
export function updateDisclosure(id: string, req: DisclosureUpdateReq): Promise<DisclosureDto> {
  return request(`/api/v1/disclosures/${enc(id)}`, {
    method: 'PATCH',
    body: req,
    schema: DisclosureDtoSchema,
  })
}

/**
 * Sends a draft to the township for review; rows whose name contradicts the village roster must be fixed first or
 * confirmed (`confirmRosterMismatches`), else 422 `roster_mismatch`.
 */
export function submitDisclosure(
  id: string,
  req: DisclosureSubmitReq = { confirmRosterMismatches: false, confirmNoRows: false },
): Promise<DisclosureDto> {
  return request(`/api/v1/disclosures/${enc(id)}/submit`, {
    method: 'POST',
    body: req,
    schema: DisclosureDtoSchema,
  })
}

/** Starts a corrected version of a published disclosure; answers the new draft. */
export function startNewVersion(id: string, changeNote: string): Promise<DisclosureDto> {
  return request(`/api/v1/disclosures/${enc(id)}/versions`, {
    method: 'POST',
    body: { changeNote },
    schema: DisclosureDtoSchema,
  })
}

/** Takes a published disclosure down with a reason villagers will see. */
export function retractDisclosure(id: string, reason: string): Promise<DisclosureDto> {
  return request(`/api/v1/disclosures/${enc(id)}/retract`, {
    method: 'POST',
    body: { reason },
    schema: DisclosureDtoSchema,
  })
}

/** The township's (or county's) disclosures waiting for review. */
export async function getReviewQueue(regionCode: string): Promise<DisclosureDto[]> {
  const { disclosures } = await request(`/api/v1/regions/${enc(regionCode)}/review-queue`, {
    schema: ListSchema,
  })
  return disclosures
}

/** Approves a submitted disclosure (it is published) or returns it to the village with a comment. */
export function reviewDisclosure(
  id: string,
  decision: { decision: 'approve' } | { decision: 'return'; comment: string },
): Promise<DisclosureDto> {
  return request(`/api/v1/disclosures/${enc(id)}/review`, {
    method: 'POST',
    body: decision,
    schema: DisclosureDtoSchema,
  })
}

/** Adds a jpg/png/pdf (≤ 10 MB) to a draft; answers the draft (413/415 for too big or the wrong kind). */
export function uploadAttachment(id: string, file: PickedFile): Promise<unknown> {
  return uploadFile(`/api/v1/disclosures/${enc(id)}/attachments`, file, { schema: z.unknown() })
}

/** Removes an attachment from a draft. */
export async function deleteAttachment(id: string, fileId: string): Promise<void> {
  await request(`/api/v1/disclosures/${enc(id)}/attachments/${enc(fileId)}`, { method: 'DELETE' })
}

/** One expected disclosure of the village's yearly schedule. */
export const ScheduleEntrySchema = z.object({
  itemId: z.string(),
  itemName: z.string(),
  periodKey: z.string(),
  dueDate: z.string(),
  provisional: z.boolean(),
  status: z.string(),
  publishedOn: z.string().nullable(),
  daysPastDue: z.number().nullable().optional(),
})
export type ScheduleEntry = z.infer<typeof ScheduleEntrySchema>

/** The village's schedule for a year: counts by state, and each expected disclosure. */
export const VillageScheduleSchema = z.object({
  summary: z.object({
    overdue: z.number().int(),
    dueSoon: z.number().int(),
    late: z.number().int(),
    onTime: z.number().int(),
    upcoming: z.number().int(),
  }),
  entries: z.array(ScheduleEntrySchema),
})
export type VillageSchedule = z.infer<typeof VillageScheduleSchema>

/** Loads what the village must publish this year and what is overdue. */
export function getVillageSchedule(villageCode: string, year?: number): Promise<VillageSchedule> {
  return request(`/api/v1/villages/${enc(villageCode)}/schedule`, {
    query: { year },
    schema: VillageScheduleSchema,
  })
}
