import type { CatalogDomainView, CatalogItem, CatalogResearch } from '@cunwu/domain'
import {
  catalogResearchOf,
  findCatalogItem,
  getCatalog,
  presentCatalogDomainForReaders,
  presentCatalogItemForReaders,
} from '@cunwu/domain'
import { notFound } from '../errors'
import type { Models } from '../models'
import { SYSTEM_ACTOR } from './audit.service'
import type { AuditService } from './audit.service'

/** The catalog item of a disclosure; a disclosure whose item left the catalog is still shown by its stored name. */
export function catalogItemOf(id: string): CatalogItem {
  const item = findCatalogItem(id)
  if (!item) throw notFound('公开事项')
  return item
}

/** A domain with the number of its items, for the catalog's first screen. */
export interface CatalogDomainSummary extends CatalogDomainView {
  itemCount: number
  villageItemCount: number
}

/**
 * The standard catalog, read-only: domains, items, and the items a village discloses, as villagers see them
 * (no research notes or sources: @cunwu/domain reader-view); the research behind an item is for staff.
 */
export class CatalogService {
  private readonly catalog = getCatalog()
  private readonly views = new Map(this.catalog.items.map((i) => [i.id, presentCatalogItemForReaders(i)]))
  private readonly byId = new Map(this.catalog.items.map((i) => [i.id, i]))
  private readonly domainSummaries: CatalogDomainSummary[] = [...this.catalog.domains]
    .sort((a, b) => a.order - b.order)
    .map((d) => {
      const items = this.catalog.items.filter((i) => i.domainId === d.id)
      return {
        ...presentCatalogDomainForReaders(d),
        itemCount: items.length,
        villageItemCount: items.filter((i) => i.levels.includes('village')).length,
      }
    })

  /** The catalog version in use. */
  readonly version = this.catalog.version

  /** Every domain, in display order, with item counts. */
  domains(): CatalogDomainSummary[] {
    return this.domainSummaries
  }

  /** Items of one domain (all levels). */
  itemsOfDomain(domainId: string): CatalogItem[] {
    if (!this.catalog.domains.some((d) => d.id === domainId)) throw notFound('公开领域')
    return this.catalog.items
      .filter((i) => i.domainId === domainId)
      .map((i) => this.views.get(i.id) ?? presentCatalogItemForReaders(i))
  }

  /** One item with its nine elements, schedule and table schema. */
  item(id: string): CatalogItem {
    const item = this.views.get(id)
    if (!item) throw notFound('公开事项')
    return item
  }

  /** Where an item's data comes from (titled sources) and the researchers' notes on it, for staff. */
  research(id: string): CatalogResearch {
    const item = this.byId.get(id)
    if (!item) throw notFound('公开事项')
    return catalogResearchOf(item)
  }

  /** The items a village publishes itself, focus categories first, grouped by domain order. */
  villageItems(): CatalogItem[] {
    const order = new Map(this.catalog.domains.map((d) => [d.id, d.order]))
    return this.catalog.items
      .filter((i) => i.levels.includes('village'))
      .sort(
        (a, b) =>
          Number(b.focus) - Number(a.focus) || (order.get(a.domainId) ?? 0) - (order.get(b.domainId) ?? 0),
      )
      .map((i) => this.views.get(i.id) ?? presentCatalogItemForReaders(i))
  }
}

/** Builds the service (the composition root calls this). */
export function createCatalogService(): CatalogService {
  return new CatalogService()
}

/** Records the catalog version in use once; a new version is an audit event. */
export async function recordCatalogVersion(models: Models, audit: AuditService): Promise<boolean> {
  const catalog = getCatalog()
  const res = await models.CatalogVersion.updateOne(
    { _id: catalog.version },
    {
      $setOnInsert: {
        loadedAt: new Date(),
        domainCount: catalog.domains.length,
        itemCount: catalog.items.length,
      },
    },
    { upsert: true },
  )
  if (res.upsertedCount === 0) return false
  await audit.record(SYSTEM_ACTOR, {
    action: 'catalog.version_loaded',
    targetType: 'catalog',
    targetId: catalog.version,
    regionCode: null,
    data: { domains: catalog.domains.length, items: catalog.items.length },
  })
  return true
}
