import { findCatalogItem, getCatalog } from './catalog'
import type { CatalogItem } from './schema'
import type { TableSchema } from './table-schema'

/**
 * Which government catalog item corresponds to which village item. A village item with a table corresponds to
 * the items in its `alignsWith`, and to itself when the same item is also published at township or county level
 * (`levels`): the government's publication of that same item is its counterpart.
 */

function isGovernmentLevel(item: CatalogItem): boolean {
  return item.levels.includes('township') || item.levels.includes('county')
}

/** Government catalog item ids a village item is compared with (empty when it has no table or no counterpart). */
export function counterpartItemIds(villageItem: CatalogItem): string[] {
  if (!villageItem.table || !villageItem.levels.includes('village')) return []
  const ids = isGovernmentLevel(villageItem) ? [villageItem.id] : []
  for (const id of villageItem.alignsWith) if (!ids.includes(id) && findCatalogItem(id)) ids.push(id)
  return ids
}

/** Village items (with a table) that a government catalog item is the counterpart of. */
export function villageItemsAlignedWith(governmentItemId: string): CatalogItem[] {
  return getCatalog().items.filter((v) => counterpartItemIds(v).includes(governmentItemId))
}

/** Whether a township or county may publish the catalog item (its levels say so, or a village item aligns with it). */
export function isGovernmentItem(item: CatalogItem): boolean {
  return isGovernmentLevel(item) || villageItemsAlignedWith(item.id).length > 0
}

/**
 * The table a government item's rows follow: its own, or (for a policy item without one) the table of the village
 * item that aligns with it, since both sides are compared column by column.
 */
export function governmentTableOf(item: CatalogItem): TableSchema | null {
  return item.table ?? villageItemsAlignedWith(item.id).find((v) => v.table)?.table ?? null
}
