import { z } from 'zod'
import {
  RegionReinstateSchema,
  RegionRetirementSchema,
  RegionSchema,
  type Region,
  type RegionRetirementReq,
} from '@cunwu/domain'
import { request } from '@/services/request'

const RegionListSchema = z.object({ regions: z.array(RegionSchema) })

/** Loads one region (province … village) by its 12-digit division code. */
export function getRegion(code: string): Promise<Region> {
  return request(`/api/v1/regions/${encodeURIComponent(code)}`, { schema: RegionSchema, auth: false })
}

/** Lists the regions directly below one (a county's townships, a township's villages). */
export async function listChildRegions(code: string): Promise<Region[]> {
  const { regions } = await request(`/api/v1/regions/${encodeURIComponent(code)}/children`, {
    schema: RegionListSchema,
    auth: false,
  })
  return regions
}

/**
 * Sets (or, with null, clears) a region's public office phone; the village's secretary or the township or county
 * above it. The server stores it in one form (0795-7123456 or 13812345678) and answers the region.
 */
export function setRegionOfficePhone(code: string, officePhone: string | null): Promise<Region> {
  return request(`/api/v1/regions/${encodeURIComponent(code)}/contact`, {
    method: 'PATCH',
    body: { officePhone },
    schema: RegionSchema,
  })
}

/**
 * Retires a village (撤并) from `retiredOn`, merged into `mergedInto` if given, or corrects a retirement; an admin
 * covering it. The body is checked as the server checks it (`RegionRetirementSchema`); answers the region, whose
 * `retirement` then shows. Refusals: 422 `region_not_village`, `merge_target_invalid` (docs/api.md).
 */
export async function retireRegion(code: string, req: RegionRetirementReq): Promise<Region> {
  return request(`/api/v1/regions/${encodeURIComponent(code)}/retirement`, {
    method: 'PUT',
    body: RegionRetirementSchema.parse(req),
    schema: RegionSchema,
  })
}

/** Undoes a retirement entered by mistake (409 `region_not_retired` when there is none); an admin covering it. */
export async function reinstateRegion(code: string, reason: string): Promise<Region> {
  return request(`/api/v1/regions/${encodeURIComponent(code)}/retirement`, {
    method: 'DELETE',
    body: RegionReinstateSchema.parse({ reason }),
    schema: RegionSchema,
  })
}
