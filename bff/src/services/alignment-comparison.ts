import type { AlignmentResult } from '@cunwu/alignment'
import { compareTables } from '@cunwu/alignment'
import type { CatalogItem, TableRow } from '@cunwu/domain'
import {
  comparedFigures,
  findCatalogItem,
  governmentTableOf,
  officeOf,
  rowsShownToPublic,
  summarizeDifferences,
} from '@cunwu/domain'
import type { PublicView } from '../models/Alignment.model'
import type { Disclosure } from '../models/Disclosure.model'
import type { GovernmentItem } from '../models/GovernmentItem.model'

/**
 * The comparison of a village's published list with the government's rows of that village (`AlignmentsService.
 * recompute`): the full result, which staff see, and the public view over the rows the public is shown.
 */
export function compareSides(
  item: CatalogItem,
  disclosure: Disclosure,
  gov: GovernmentItem,
  governmentRows: readonly TableRow[],
): { result: AlignmentResult; publicView: PublicView } {
  const table = item.table
  if (!table) throw new Error(`catalog item ${item.id} has no table to compare`)
  const villageRows = disclosure.rows ?? []
  const compare = (village: typeof villageRows, government: typeof governmentRows) =>
    compareTables({
      schema: table,
      village,
      government,
      governmentSource: officeOf(gov.regionCode),
      ...comparedFigures(disclosure, gov),
    })
  const result = compare(villageRows, governmentRows)
  // Rows about minors are not shown to the public, so the public's figures must not count them: a total over
  // every row less the public table's total would give the hidden row (docs/catalog.md, section 3).
  const governmentSchema = findCatalogItem(gov.catalogItemId)
  const governmentTable = (governmentSchema && governmentTableOf(governmentSchema)) ?? table
  const shownVillage = rowsShownToPublic(table, villageRows)
  const shownGovernment = rowsShownToPublic(governmentTable, governmentRows)
  const hiddenRows =
    villageRows.length - shownVillage.length + (governmentRows.length - shownGovernment.length)
  const shown = hiddenRows > 0 ? compare(shownVillage, shownGovernment) : null
  return {
    result,
    publicView: {
      hiddenRows,
      status: (shown ?? result).status,
      discrepancyCount: (shown ?? result).discrepancies.length,
      differences: summarizeDifferences(shown ?? result),
      result: shown,
    },
  }
}
