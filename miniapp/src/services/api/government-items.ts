import { z } from 'zod'
import {
  DisclosureDtoSchema,
  GovernmentItemDtoSchema,
  type DisclosureDto,
  type DisclosurePrefillReq,
  type GovernmentItemDto,
} from '@cunwu/domain'
import { request } from '@/services/request'

const ListSchema = z.object({ governmentItems: z.array(GovernmentItemDtoSchema) })
const enc = encodeURIComponent

/** What a township or county fills in to start a government item (rows may come later from a file). */
export interface GovernmentItemDraft {
  catalogItemId: string
  period: string
  title: string
  body?: string
  /** Catalog table columns plus `village` (division code or village name). */
  rows?: Record<string, string | number | boolean | null>[] | null
}

/** The township's or county's own government items, newest first (without rows). */
export async function listGovernmentItems(regionCode: string): Promise<GovernmentItemDto[]> {
  const { governmentItems } = await request(`/api/v1/regions/${enc(regionCode)}/government-items`, {
    schema: ListSchema,
  })
  return governmentItems
}

/** Starts a draft government item (422 government_rows_invalid with row details when rows are wrong). */
export function createGovernmentItem(
  regionCode: string,
  draft: GovernmentItemDraft,
): Promise<GovernmentItemDto> {
  return request(`/api/v1/regions/${enc(regionCode)}/government-items`, {
    method: 'POST',
    body: draft,
    schema: GovernmentItemDtoSchema,
  })
}

/** Publishes a draft: the villages' alignments are compared against it at once. */
export function publishGovernmentItem(id: string): Promise<GovernmentItemDto> {
  return request(`/api/v1/government-items/${enc(id)}/publish`, {
    method: 'POST',
    schema: GovernmentItemDtoSchema,
  })
}

/**
 * A government item as the public sees it, with one page of rows (`rowsPage` says where it sits): only one
 * village's rows when `village` is given. Rosters imported from Excel/CSV go through `startGovernmentImport`.
 */
export function getGovernmentItem(id: string, village?: string, offset = 0): Promise<GovernmentItemDto> {
  return request(`/api/v1/government-items/${enc(id)}`, {
    query: { village, offset: offset > 0 ? offset : undefined },
    schema: GovernmentItemDtoSchema,
  })
}

/** The secretary's draft pre-filled from the published government rows of the village (enter once). */
export function prefillDisclosure(villageCode: string, req: DisclosurePrefillReq): Promise<DisclosureDto> {
  return request(`/api/v1/villages/${enc(villageCode)}/disclosures/prefill`, {
    method: 'POST',
    body: req,
    schema: DisclosureDtoSchema,
  })
}
