import { z } from 'zod'
import {
  DisclosureDtoSchema,
  DisclosureVersionDtoSchema,
  type DisclosureDto,
  type DisclosureVersionDto,
} from '@cunwu/domain'
import { request } from '@/services/request'

/** An answer listing disclosures (the feed, a search, a village's list, the review queue). */
export const ListSchema = z.object({ disclosures: z.array(DisclosureDtoSchema) })
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
