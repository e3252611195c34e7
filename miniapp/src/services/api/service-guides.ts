import { z } from 'zod'
import {
  DisclosureDtoSchema,
  ServiceGuideSummarySchema,
  ServiceGuideViewSchema,
  SpeechDtoSchema,
  type DisclosureDto,
  type ServiceGuideDto,
  type ServiceGuideSummaryDto,
  type SpeechDto,
} from '@cunwu/domain'
import { request } from '@/services/request'

const ListSchema = z.object({ guides: z.array(ServiceGuideSummarySchema) })
const SearchSchema = z.object({
  disclosures: z.array(DisclosureDtoSchema),
  guides: z.array(ServiceGuideSummarySchema),
})

/** The 办事指南 a region reads (its county's), in display order. */
export async function listServiceGuides(regionCode: string): Promise<ServiceGuideSummaryDto[]> {
  const { guides } = await request(`/api/v1/regions/${regionCode}/service-guides`, {
    schema: ListSchema,
    auth: false,
  })
  return guides
}

/** One guide as the region reads it: the county's text, the local notes and the region's related disclosures. */
export function getServiceGuide(regionCode: string, guideId: string): Promise<ServiceGuideDto> {
  return request(`/api/v1/regions/${regionCode}/service-guides/${encodeURIComponent(guideId)}`, {
    schema: ServiceGuideViewSchema,
    auth: false,
  })
}

/** The search of published disclosures, with the 办事指南 that match the same words. */
export function searchWithGuides(
  q: string,
  regionCode: string,
  limit = 20,
): Promise<{ disclosures: DisclosureDto[]; guides: ServiceGuideSummaryDto[] }> {
  return request('/api/v1/search', { query: { q, regionCode, limit }, schema: SearchSchema, auth: false })
}

/** 读给我听 for a guide: its spoken script and audio (synthesised once on the server, then cached). */
export function getGuideSpeech(regionCode: string, guideId: string): Promise<SpeechDto> {
  return request(`/api/v1/regions/${regionCode}/service-guides/${encodeURIComponent(guideId)}/speech`, {
    schema: SpeechDtoSchema,
    auth: false,
  })
}
