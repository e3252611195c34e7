import type { CatalogItem, GovernmentItemDto } from '@cunwu/domain'
import { redactSensitiveNumbers } from '@cunwu/domain'
import type { GovernmentItem } from '../models/GovernmentItem.model'
import { governmentTableOf } from '../services/alignment-catalog'
import { rowsOfVillage } from '../services/government-items.service'
import type { DisclosureAudience } from './disclosure.presenter'
import { presentTable } from './disclosure.presenter'

/**
 * Presents a government item; its table goes through the one privacy presenter (`presentTable`), so the public
 * never sees full ID, phone or bank numbers. With `village`, only that village's rows are shown.
 */
export function presentGovernmentItem(
  g: GovernmentItem,
  item: CatalogItem,
  options: { audience: DisclosureAudience; village?: string | null; regionName?: string },
): GovernmentItemDto {
  const text = (s: string) => (options.audience === 'staff' ? s : redactSensitiveNumbers(s))
  const village = options.village ?? null
  const rows = g.rows ? (village ? rowsOfVillage(g, village) : g.rows) : null
  const table = governmentTableOf(item)
  return {
    id: g._id.toHexString(),
    regionCode: g.regionCode,
    ...(options.regionName ? { regionName: options.regionName } : {}),
    level: g.level,
    catalogItemId: g.catalogItemId,
    catalogItemName: item.name,
    period: g.period,
    version: g.version,
    status: g.status,
    title: text(g.title),
    body: text(g.body),
    figures: g.figures.map((f) => ({ name: f.name, value: f.value, ...(f.unit ? { unit: f.unit } : {}) })),
    villageCodes: g.villageCodes,
    rowCount: g.rows?.length ?? 0,
    village,
    table: table ? presentTable({ ...item, table }, rows, options.audience) : null,
    changeNote: g.changeNote ? text(g.changeNote) : null,
    publishedAt: g.publishedAt?.toISOString() ?? null,
    retractReason: g.retractReason ? text(g.retractReason) : null,
  }
}
