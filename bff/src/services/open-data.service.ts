import { createHash } from 'node:crypto'
import { Types } from 'mongoose'
import type { CatalogItem } from '@cunwu/domain'
import { findCatalogItem, isPublicDisclosureStatus } from '@cunwu/domain'
import { badRequest, notFound } from '../errors'
import type { Models } from '../models'
import type { Disclosure } from '../models/Disclosure.model'
import { regionPrefix } from '../policies/region.policy'
import { regionNames } from './regions.service'

/** Versions whose table anyone may download: published ones, replaced ones (an old poster links there) and expired. */
/** The current version of each series: what a county's dataset is made of. */
const CURRENT = ['published', 'expired'] as const
/** At most this many village disclosures make one county listing; more is refused rather than cut silently. */
export const MAX_DATASET_DISCLOSURES = 5000

/** One village's current disclosure in a dataset, with the village's name. */
export interface DatasetPart {
  disclosure: Disclosure
  villageName: string
}

/** One dataset of the index: a catalog item and period across the region's villages. */
export interface DatasetSummary {
  item: CatalogItem
  period: string
  parts: DatasetPart[]
  updatedAt: Date
}

/** What open data is made of: the public tables of disclosures, one at a time or gathered for a region. */
export class OpenDataService {
  constructor(private readonly deps: { models: Models }) {}

  /** A disclosure whose table the public may download, with its catalog item; 404 for drafts, retracted or no table. */
  async publicTable(id: string): Promise<{ disclosure: Disclosure; item: CatalogItem; regionName: string }> {
    const d = Types.ObjectId.isValid(id) ? await this.deps.models.Disclosure.findById(id).lean() : null
    if (!d || !isPublicDisclosureStatus(d.status, true)) throw notFound('公开内容')
    const item = findCatalogItem(d.catalogItemId)
    if (!item?.table || !d.rows) throw notFound('公开表格')
    const names = await regionNames(this.deps.models, [d.regionCode])
    return { disclosure: d, item, regionName: names.get(d.regionCode) ?? d.regionCode }
  }

  /** The region's current public tables, grouped by catalog item and period (the open-data index). */
  async datasets(regionCode: string): Promise<DatasetSummary[]> {
    const region = await this.deps.models.Region.findById(regionCode, { _id: 1 }).lean()
    if (!region) throw notFound('地区')
    const list = await this.current({ regionCode: { $regex: `^${regionPrefix(regionCode)}` } })
    const names = await regionNames(
      this.deps.models,
      list.map((d) => d.regionCode),
    )
    const groups = new Map<string, DatasetSummary>()
    for (const d of list) {
      const item = findCatalogItem(d.catalogItemId)
      if (!item?.table || !d.rows) continue
      const key = `${d.catalogItemId}|${d.period}`
      const updated = d.publishedAt ?? d.updatedAt
      const group = groups.get(key) ?? { item, period: d.period, parts: [], updatedAt: updated }
      group.parts.push({ disclosure: d, villageName: names.get(d.regionCode) ?? d.regionCode })
      if (updated > group.updatedAt) group.updatedAt = updated
      groups.set(key, group)
    }
    return [...groups.values()].sort(
      (a, b) => b.period.localeCompare(a.period) || a.item.id.localeCompare(b.item.id),
    )
  }

  /** One dataset: the current public disclosures of a catalog item and period in the region, by village code. */
  async dataset(regionCode: string, catalogItemId: string, period: string): Promise<DatasetSummary> {
    const item = findCatalogItem(catalogItemId)
    if (!item?.table) throw notFound('公开事项')
    const region = await this.deps.models.Region.findById(regionCode, { _id: 1 }).lean()
    if (!region) throw notFound('地区')
    const list = await this.current({
      regionCode: { $regex: `^${regionPrefix(regionCode)}` },
      catalogItemId,
      period,
    })
    const names = await regionNames(
      this.deps.models,
      list.map((d) => d.regionCode),
    )
    const parts = list
      .filter((d) => d.rows)
      .sort((a, b) => a.regionCode.localeCompare(b.regionCode))
      .map((d) => ({ disclosure: d, villageName: names.get(d.regionCode) ?? d.regionCode }))
    if (!parts.length) throw notFound('数据集')
    const updatedAt = parts
      .map((p) => p.disclosure.publishedAt ?? p.disclosure.updatedAt)
      .reduce((a, b) => (a > b ? a : b))
    return { item, period, parts, updatedAt }
  }

  private async current(filter: Record<string, unknown>): Promise<Disclosure[]> {
    const list = await this.deps.models.Disclosure.find({ ...filter, status: { $in: [...CURRENT] } })
      .limit(MAX_DATASET_DISCLOSURES + 1)
      .lean()
    if (list.length > MAX_DATASET_DISCLOSURES) throw tooMany()
    return list
  }
}

/** A strong validator of a dataset's content: the ids and versions of its disclosures. */
export function datasetEtag(parts: readonly { disclosure: Disclosure }[], extra = ''): string {
  const hash = createHash('sha256')
  for (const p of parts) hash.update(`${p.disclosure._id.toHexString()}:${p.disclosure.version};`)
  hash.update(extra)
  return `"${hash.digest('base64url').slice(0, 27)}"`
}

/** A county larger than one listing holds: the caller asks per township instead. */
function tooMany() {
  return badRequest('该地区公开内容过多，请按乡镇分别查询')
}
