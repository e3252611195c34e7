import { z } from 'zod'
import { DivisionCodeSchema } from '../regions/code'
import { DisclosureDtoSchema } from './disclosures'

/** The most drafts one page of the review queue carries. */
export const REVIEW_QUEUE_PAGE_MAX = 200

/** The longest part of a village's name the review queue is searched by. */
export const REVIEW_QUEUE_NAME_MAX = 20

/**
 * Where a page of the review queue ended: the last draft given, by the queue's sort key (submission time, then id).
 * Opaque to callers, who send back what `nextAfter` said; `<milliseconds>_<24 hex id>`.
 */
export function reviewQueueCursor(submittedAt: Date | null, id: string): string {
  return `${submittedAt?.getTime() ?? 0}_${id}`
}

/** A cursor `reviewQueueCursor` wrote, read back; anything else is 400. */
export const ReviewQueueCursorSchema = z
  .string()
  .regex(/^\d{1,15}_[0-9a-f]{24}$/, '翻页位置无效，请重新打开审核列表')
  .transform((s) => {
    const [ms, id] = s.split('_') as [string, string]
    return { submittedAt: new Date(Number(ms)), id }
  })
export type ReviewQueueCursor = z.output<typeof ReviewQueueCursorSchema>

/**
 * Query of `GET /api/v1/regions/:code/review-queue` (township and county staff): a page of `limit` drafts after the
 * draft `after` names (from the first without it), oldest submitted first (what falls due first); optionally the drafts of one village of the region
 * (`village`) or of the region's villages whose name contains `villageName` (枫林 finds 枫林村).
 */
export const ReviewQueueQuerySchema = z.object({
  village: DivisionCodeSchema.optional().describe('One village of the region'),
  villageName: z
    .string()
    .trim()
    .min(1, '请输入村名')
    .max(REVIEW_QUEUE_NAME_MAX, `村名最多 ${REVIEW_QUEUE_NAME_MAX} 个字`)
    .optional(),
  after: ReviewQueueCursorSchema.optional(),
  limit: z.coerce.number().int().min(1).max(REVIEW_QUEUE_PAGE_MAX).default(100),
})
export type ReviewQueueQuery = z.infer<typeof ReviewQueueQuerySchema>

/**
 * Answer of `GET /api/v1/regions/:code/review-queue`: one page of drafts; `total` drafts match in all, `remaining`
 * of them come after this page, and the next page is asked for with `after=nextAfter` (null on the last page). A
 * page that has shown drafts up to here and counts more than `total - remaining` shows some no longer pending.
 */
export const ReviewQueueDtoSchema = z.object({
  disclosures: z.array(DisclosureDtoSchema),
  page: z.object({
    limit: z.number().int(),
    total: z.number().int(),
    remaining: z.number().int(),
    nextAfter: z.string().nullable(),
  }),
})
export type ReviewQueueDto = z.infer<typeof ReviewQueueDtoSchema>
