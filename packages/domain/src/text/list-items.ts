import { textLength } from './length'

/**
 * What is wrong with a list typed one item a line (a 补正 notice's items), in words that say which item (第3项) and
 * that the limit is per item, or null when it may be sent: more than `itemsMax` items, or an item longer than
 * `itemMax` characters as `textLength` counts them. The form says it live and the API answers it.
 */
export function listItemsProblem(items: readonly string[], itemMax: number, itemsMax: number): string | null {
  if (items.length > itemsMax) return `最多写${itemsMax}项（每行一项），现在有${items.length}项，请合并几项`
  for (const [i, item] of items.entries()) {
    const over = textLength(item) - itemMax
    if (over > 0) return `第${i + 1}项最多${itemMax}个字（每项分别计算），已超过${over}个字，请删减`
  }
  return null
}
