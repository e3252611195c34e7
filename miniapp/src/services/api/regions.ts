import { z } from 'zod'
import { RegionSchema, type Region } from '@cunwu/domain'
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
