import type { CatalogItem, GovernmentItemDto } from '@cunwu/domain'
import { governmentTableOf, pageOf, redactSensitiveNumbers } from '@cunwu/domain'
import type { GovernmentItem } from '../models/GovernmentItem.model'
import type { RowsPage } from '../models/GovernmentRow.model'
import type { DisclosureAudience } from './disclosure.presenter'
import { presentTable } from './disclosure.presenter'

/**
 * Presents a government item with one page of its rows (`page`: of one village, or of all). The rows go through
 * the one privacy presenter (`presentTable`), so the public never sees full ID, phone or bank numbers. Without a
 * page (lists, the answers of changes) the item carries no table, nor does a retracted item outside its staff.
 */
export function presentGovernmentItem(
  g: GovernmentItem,
  item: CatalogItem,
  options: {
    audience: DisclosureAudience
    village?: string | null
    regionName?: string
    page?: RowsPage | null
  },
): GovernmentItemDto {
  const text = (s: string) => (options.audience === 'staff' ? s : redactSensitiveNumbers(s))
  // A retracted item's list is withdrawn with it (often because it was wrong), as a village's is: outside the staff of
  // its regions the view keeps the title, the text and the reason, not the rows (docs/versions.md).
  const page = g.status === 'retracted' && options.audience !== 'staff' ? null : (options.page ?? null)
  const table = governmentTableOf(item)
  const presented = table && page ? presentTable({ ...item, table }, page.rows, options.audience) : null
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
    figures: g.figures.map((f) => ({
      name: text(f.name),
      value: typeof f.value === 'number' ? f.value : text(f.value),
      ...(f.unit ? { unit: text(f.unit) } : {}),
    })),
    villageCodes: g.villageCodes,
    rowCount: g.rowCount,
    village: options.village ?? null,
    table: presented,
    rowsPage: presented && page ? pageOf(page.offset, page.limit, page.total) : null,
    changeNote: g.changeNote ? text(g.changeNote) : null,
    publishedAt: g.publishedAt?.toISOString() ?? null,
    retractReason: g.retractReason ? text(g.retractReason) : null,
  }
}
