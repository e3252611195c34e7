import { z } from 'zod'
import { INVISIBLE_CHARACTERS } from '../text/invisible'
import { MAX_PLAIN_NUMBER } from '../tables/validate'

/** Longest name of a figure, value written as text, and unit (characters). */
export const FIGURE_NAME_MAX = 40
export const FIGURE_VALUE_MAX = 40
export const FIGURE_UNIT_MAX = 20

/**
 * A named figure a disclosure states, e.g. `{ name: '低保标准', value: 680, unit: '元/月' }`: the standard amount
 * in a policy interpretation, compared by name between a village disclosure and the government's.
 */
export const FigureSchema = z.object({
  /** What the figure is, as written in the disclosure (低保标准, 补贴标准); matched by name across sides. */
  name: z
    .string()
    .trim()
    .min(1, '请填写数额名称')
    .max(FIGURE_NAME_MAX, `数额名称最多 ${FIGURE_NAME_MAX} 个字`),
  /** The number, or the value as written ("680", "1,234.5", "按县标准"). */
  value: z.union([
    z.number().finite().min(-MAX_PLAIN_NUMBER, '数额过大，请核对').max(MAX_PLAIN_NUMBER, '数额过大，请核对'),
    z.string().trim().min(1, '请填写数额').max(FIGURE_VALUE_MAX, `数额最多 ${FIGURE_VALUE_MAX} 个字`),
  ]),
  /** Unit shown after the value (元/月, 元/亩); when absent, text after a number in `value` is the unit. */
  unit: z.string().trim().min(1).max(FIGURE_UNIT_MAX, `单位最多 ${FIGURE_UNIT_MAX} 个字`).optional(),
})
export type Figure = z.infer<typeof FigureSchema>

/** The most figures one disclosure states. */
export const MAX_FIGURES = 20

/** Figures of a disclosure: at most {@link MAX_FIGURES}. */
export const FiguresSchema = z.array(FigureSchema).max(MAX_FIGURES, `最多 ${MAX_FIGURES} 个数额`)

/**
 * Matching form of a figure's name: NFKC, invisible characters and whitespace removed, Latin letters upper-cased
 * (the same folding `@cunwu/alignment` applies before comparing figures by name).
 */
export function figureNameKey(name: string): string {
  return name.normalize('NFKC').replace(INVISIBLE_CHARACTERS, '').replace(/\s+/g, '').toUpperCase()
}
