import { z } from 'zod'
import { chineseDate } from '../schedules/dates'
import { TypedDateSchema } from '../text/dates'
import { DivisionCodeSchema } from './code'

/**
 * Retiring a village (撤并村): the day it stops being a village of its own and, when it was merged, the village that
 * took it over. What it still owes after that is `retirementStanding` (schedules/retirement.ts); its published
 * history stays public.
 */

/**
 * The day a retirement takes effect (Asia/Shanghai), read as every typed date is (`TypedDateSchema`: 2026-12-7,
 * ２０２６-１２-０７, 2026年12月7日, 2026/12/7) and stored as 'YYYY-MM-DD'.
 */
export const RetirementDateSchema = TypedDateSchema.refine(
  (d) => d >= '2009-01-01' && d <= '2100-12-31',
  '日期应在 2009 年到 2100 年之间',
).describe('First day the village no longer exists on its own (the day the merger takes effect), YYYY-MM-DD')

const RetirementReasonSchema = z
  .string()
  .trim()
  .min(2, '请写明原因（至少 2 个字），例如依据的撤并文件')
  .max(200, '原因最多 200 个字')
  .describe('Why (e.g. the county document ordering the merger); kept in the audit trail')

/** `PUT /regions/:code/retirement`: retire a village, or correct the date or the village it merged into. */
export const RegionRetirementSchema = z
  .object({
    retiredOn: RetirementDateSchema,
    mergedInto: DivisionCodeSchema.nullable()
      .optional()
      .describe('12-digit code of the village that took it over; absent or null when it was abolished'),
    reason: RetirementReasonSchema,
  })
  .strict()
  .describe('Retires a village (撤并) from a day on')
export type RegionRetirementReq = z.infer<typeof RegionRetirementSchema>

/** `DELETE /regions/:code/retirement`: undo a retirement entered by mistake. */
export const RegionReinstateSchema = z
  .object({ reason: RetirementReasonSchema })
  .strict()
  .describe('Undoes a retirement entered by mistake')
export type RegionReinstateReq = z.infer<typeof RegionReinstateSchema>

/** A retired region's retirement as every view shows it (public: a merger is a public fact). */
export const RegionRetirementInfoSchema = z.object({
  retiredOn: z.string().describe('First day the village no longer exists on its own, YYYY-MM-DD'),
  mergedInto: z.string().nullable().describe('Code of the village that took it over, or null'),
  mergedIntoName: z.string().nullable().describe('Name of that village, or null'),
})
export type RegionRetirementInfo = z.infer<typeof RegionRetirementInfoSchema>

/**
 * The plain-Chinese notice of a retirement: 本村已于2026年8月15日撤并（并入石门村）, or 本村将于… before the day comes.
 * `subject` names the village (本村, or its name on a page about it seen from outside).
 */
export function retirementNotice(
  r: Pick<RegionRetirementInfo, 'retiredOn' | 'mergedIntoName'>,
  today: string,
  subject = '本村',
): string {
  const when = today >= r.retiredOn ? '已于' : '将于'
  const into = r.mergedIntoName ? `（并入${r.mergedIntoName}）` : ''
  return `${subject}${when}${chineseDate(r.retiredOn)}撤并${into}`
}
