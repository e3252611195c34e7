import { z } from 'zod'
import {
  CatalogDomainViewSchema,
  CatalogItemSchema,
  CatalogResearchSchema,
  RegionSchema,
  type CatalogItem,
  type CatalogResearch,
  type Region,
} from '@cunwu/domain'
import { request } from '@/services/request'

/** A domain as the catalog's first screen lists it, with its item counts (research notes are not sent). */
export const CatalogDomainSummarySchema = CatalogDomainViewSchema.extend({
  itemCount: z.number().int().nonnegative(),
  villageItemCount: z.number().int().nonnegative(),
})
export type CatalogDomainSummary = z.infer<typeof CatalogDomainSummarySchema>

const DomainsSchema = z.object({ version: z.string(), domains: z.array(CatalogDomainSummarySchema) })
const ItemsSchema = z.object({ version: z.string(), items: z.array(CatalogItemSchema) })
const ItemSchema = z.object({ version: z.string(), item: CatalogItemSchema })
/**
 * Where the village stands on one item (GET /villages/:code/catalog, computed by the BFF's schedules service):
 * the current period's expected disclosure and its state, overdue periods this year, the newest disclosure to open.
 */
export const ItemStandingSchema = z.object({
  itemId: z.string(),
  current: z
    .object({
      periodKey: z.string(),
      dueDate: z.string(),
      status: z.enum(['on_time', 'late', 'overdue', 'due_soon', 'upcoming']),
      daysPastDue: z.number(),
      /** The due date counts days of a year without holiday data (weekdays less the statutory holidays assumed). */
      provisional: z.boolean().default(false),
    })
    .nullable(),
  overdueCount: z.number().int(),
  latestDisclosureId: z.string().nullable(),
})
export type ItemStanding = z.infer<typeof ItemStandingSchema>

const VillageCatalogSchema = z.object({
  version: z.string(),
  village: RegionSchema,
  items: z.array(CatalogItemSchema),
  standings: z.array(ItemStandingSchema).default([]),
})

/** Lists every disclosure domain (领域) in display order, with item counts. */
export function listCatalogDomains(): Promise<{ version: string; domains: CatalogDomainSummary[] }> {
  return request('/api/v1/catalog', { schema: DomainsSchema, auth: false })
}

/** Lists the items of one domain (all levels). */
export function listDomainItems(domainId: string): Promise<{ version: string; items: CatalogItem[] }> {
  return request(`/api/v1/catalog/domains/${encodeURIComponent(domainId)}`, {
    schema: ItemsSchema,
    auth: false,
  })
}

/** Loads one item with its nine elements, schedule and table schema. */
export async function getCatalogItem(id: string): Promise<CatalogItem> {
  const { item } = await request(`/api/v1/catalog/items/${encodeURIComponent(id)}`, {
    schema: ItemSchema,
    auth: false,
  })
  return item
}

/** Where an item's data comes from (titled sources) and the researchers' notes; staff only (403 otherwise). */
export function getCatalogResearch(id: string): Promise<CatalogResearch> {
  return request(`/api/v1/catalog/items/${encodeURIComponent(id)}/research`, {
    schema: CatalogResearchSchema,
  })
}

/** Loads the items a village discloses; only its villagers and the staff covering it may (else 403). */
export function getVillageCatalog(
  villageCode: string,
): Promise<{ version: string; village: Region; items: CatalogItem[]; standings: ItemStanding[] }> {
  return request(`/api/v1/villages/${encodeURIComponent(villageCode)}/catalog`, {
    schema: VillageCatalogSchema,
  })
}
