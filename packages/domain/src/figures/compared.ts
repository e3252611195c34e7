import { extractFigures } from './extract'
import type { Figure } from './figure'
import { figureNameKey } from './figure'

/** The parts of a village disclosure that state figures: the secretary's figures and the prose. */
export interface FigureSource {
  /** Figures entered by the secretary; absent on disclosures written before figures existed. */
  figures?: readonly Figure[] | null | undefined
  body: string
  interpretation?: { qa: readonly { q: string; a: string }[] } | null | undefined
}

/**
 * The prose a village disclosure states figures in: the body, then each Q&A as one line (the question's ? dropped,
 * so "低保标准是多少？" + "每人每月680元。" reads as one statement).
 */
export function statementText(source: FigureSource): string {
  const qa = (source.interpretation?.qa ?? []).map((x) => `${x.q.replace(/[?？]\s*$/, '')} ${x.a}`)
  return [source.body, ...qa].join('\n')
}

/**
 * The figures of a village disclosure and of the government's publication that are compared, as a pair of lists.
 *
 * The village states a figure by entering it, or in its body or interpretation (read by `extractFigures` for the
 * names the government states); an entered figure wins over one read from the text. Only figures both sides
 * state are compared: a figure the government states that the village does not state (many villages do not
 * restate the county's standard, or say "按县标准执行") is not a discrepancy, and neither is a figure the village
 * states that the government does not publish (nothing to check it against). So a comparison never turns red for
 * silence, only for a different value.
 */
export function figuresToCompare(
  village: FigureSource,
  government: readonly Figure[],
): { village: Figure[]; government: Figure[] } {
  if (government.length === 0) return { village: [], government: [] }
  const explicit = [...(village.figures ?? [])]
  const entered = new Set(explicit.map((f) => figureNameKey(f.name)))
  const wanted = government
    .filter((g) => !entered.has(figureNameKey(g.name)))
    .map((g) => ({ name: g.name, unit: g.unit }))
  const read = wanted.length > 0 ? extractFigures(statementText(village), wanted) : []
  const stated = [...explicit, ...read]
  const governmentKeys = new Set(government.map((g) => figureNameKey(g.name)))
  const statedKeys = new Set(stated.map((f) => figureNameKey(f.name)))
  return {
    village: stated.filter((f) => governmentKeys.has(figureNameKey(f.name))),
    government: government.filter((g) => statedKeys.has(figureNameKey(g.name))),
  }
}

/**
 * The named figures `compareTables` compares for a village disclosure and its government counterpart: the ones both
 * sides state (the village by entering them or in its text; see `figuresToCompare`), or nothing when there are
 * none, so a pair without figures compares (and fingerprints) exactly as before figures existed.
 */
export function comparedFigures(
  disclosure: FigureSource,
  government: { figures?: readonly Figure[] | null | undefined },
): { villageFigures?: Figure[]; governmentFigures?: Figure[] } {
  const pair = figuresToCompare(disclosure, government.figures ?? [])
  return pair.village.length === 0 ? {} : { villageFigures: pair.village, governmentFigures: pair.government }
}
