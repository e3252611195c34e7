import type { Catalog, CatalogDomain, CatalogItem, CatalogLevel } from './schema'
import { DOMAINS } from './items/domains'
import { FISCAL_BUDGET_ITEMS, HOUSEHOLD_REGISTRATION_ITEMS } from './items/other'
import {
  AGRICULTURAL_SUBSIDY_ITEMS,
  DILAPIDATED_HOUSING_ITEMS,
  DISASTER_RELIEF_ITEMS,
  LAND_EXPROPRIATION_ITEMS,
} from './items/rural'
import { VILLAGE_AFFAIRS_ITEMS, VILLAGE_FINANCE_ITEMS } from './items/village'
import { ELDERLY_CARE_ITEMS, POVERTY_ALLEVIATION_ITEMS, SOCIAL_ASSISTANCE_ITEMS } from './items/welfare'

/**
 * Version of the catalog data. Disclosures store the version they were drafted against; bump it whenever
 * an item id, element or table column changes (ids are never reused for a different matter).
 */
export const CATALOG_VERSION = '2026.1'

const ITEMS: readonly CatalogItem[] = [
  ...HOUSEHOLD_REGISTRATION_ITEMS,
  ...SOCIAL_ASSISTANCE_ITEMS,
  ...ELDERLY_CARE_ITEMS,
  ...FISCAL_BUDGET_ITEMS,
  ...LAND_EXPROPRIATION_ITEMS,
  ...AGRICULTURAL_SUBSIDY_ITEMS,
  ...DILAPIDATED_HOUSING_ITEMS,
  ...DISASTER_RELIEF_ITEMS,
  ...POVERTY_ALLEVIATION_ITEMS,
  ...VILLAGE_FINANCE_ITEMS,
  ...VILLAGE_AFFAIRS_ITEMS,
]

const CATALOG: Catalog = { version: CATALOG_VERSION, domains: [...DOMAINS], items: [...ITEMS] }
const ITEMS_BY_ID = new Map(ITEMS.map((item) => [item.id, item]))

/** Returns the whole versioned catalog (domains in display order, then items grouped by domain). */
export function getCatalog(): Catalog {
  return CATALOG
}

/** Lists the catalog domains in display order: the 26 government domains, then the village domains. */
export function listCatalogDomains(): readonly CatalogDomain[] {
  return DOMAINS
}

/** Finds a catalog item by its stable id, or undefined when no item has that id. */
export function findCatalogItem(id: string): CatalogItem | undefined {
  return ITEMS_BY_ID.get(id)
}

/** Filter of listCatalogItems; every given field must match. */
export interface CatalogItemFilter {
  /** Only items of this domain. */
  domainId?: string
  /** Only items published at this level (the item's levels include it). */
  level?: CatalogLevel
  /** Only focus (true) or non-focus (false) items. */
  focus?: boolean
}

/** Lists catalog items matching the filter, in catalog order. */
export function listCatalogItems(filter: CatalogItemFilter = {}): CatalogItem[] {
  return ITEMS.filter(
    (item) =>
      (filter.domainId === undefined || item.domainId === filter.domainId) &&
      (filter.level === undefined || item.levels.includes(filter.level)) &&
      (filter.focus === undefined || item.focus === filter.focus),
  )
}
