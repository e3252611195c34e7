import type { Figure } from '@cunwu/domain'
import { figuresToCompare } from '@cunwu/domain'
import type { Disclosure } from '../models/Disclosure.model'
import type { GovernmentItem } from '../models/GovernmentItem.model'

/**
 * The named figures `compareTables` compares for a village disclosure and its government counterpart: the ones both
 * sides state (the village by entering them or in its text; see `figuresToCompare`), or nothing when there are
 * none, so a pair without figures compares (and fingerprints) exactly as before figures existed.
 */
export function comparedFigures(
  disclosure: Pick<Disclosure, 'figures' | 'body' | 'interpretation'>,
  government: Pick<GovernmentItem, 'figures'>,
): { villageFigures?: Figure[]; governmentFigures?: Figure[] } {
  const pair = figuresToCompare(disclosure, government.figures ?? [])
  return pair.village.length === 0 ? {} : { villageFigures: pair.village, governmentFigures: pair.government }
}
