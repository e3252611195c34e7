import { codePrefix, figureNameKey, periodsContaining } from '@cunwu/domain'
import { readFigure } from '../figures'
import type { Decimal } from '../values'
import { STANDARD_RULES, type StandardRule } from './rules'
import type { PublishedStandard } from './types'

/**
 * Which published standard binds a village's list (docs/cross-checks.md, 'The standard'): a standard binds the
 * villages of the region that published it (a township's its own villages, the county's all of them), for its
 * period and the periods within it (a yearly 低保标准 binds the monthly lists of that year). The county's figure
 * comes before a township's; within one region the most specific period's figure comes before a broader one.
 */

/** A figure's value in fen per unit (元 x 100), or null when the standard does not state it as a number. */
function figureFen(standard: PublishedStandard, name: string): number | null {
  const key = figureNameKey(name)
  const figure = standard.figures.find((f) => figureNameKey(f.name) === key)
  const n = figure ? readFigure(figure).number : null
  return n ? Math.round((n.units * 100) / 10 ** n.scale) : null
}

/** A decimal (people, 亩) times fen, rounded to the fen. */
export function decimalTimesFen(d: Decimal, fen: number): number {
  return Math.round((d.units * fen) / 10 ** d.scale)
}

/** The binding figure of an item's rule for one village's list of a period, or null (not checked). */
export interface BindingStandard {
  rule: StandardRule
  /** The figure in fen per unit. */
  fen: number
  standard: PublishedStandard
}

export function standardFor(
  standards: readonly PublishedStandard[],
  villageCode: string,
  catalogItemId: string,
  period: string,
): BindingStandard | null {
  const rule = STANDARD_RULES.get(catalogItemId)
  if (!rule) return null
  const periods = periodsContaining(period)
  const binding = standards
    .filter(
      (s) =>
        s.catalogItemId === catalogItemId &&
        periods.includes(s.period) &&
        villageCode.startsWith(codePrefix(s.regionCode)),
    )
    // The higher level (shorter prefix) first, then the most specific period.
    .sort(
      (a, b) =>
        codePrefix(a.regionCode).length - codePrefix(b.regionCode).length ||
        periods.indexOf(a.period) - periods.indexOf(b.period),
    )
  for (const standard of binding) {
    const fen = figureFen(standard, rule.figure)
    if (fen !== null) return { rule, fen, standard }
  }
  return null
}
