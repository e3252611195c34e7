import { z } from 'zod'
import { DivisionCodeSchema } from '../regions/code'
import { DisclosureDtoSchema } from './disclosures'
import { PageDtoSchema } from './paging'

/** The most drafts one page of the review queue carries. */
export const REVIEW_QUEUE_PAGE_MAX = 200

/** The longest part of a village's name the review queue is searched by. */
export const REVIEW_QUEUE_NAME_MAX = 20

/**
 * Query of `GET /api/v1/regions/:code/review-queue` (township and county staff): a page of `limit` drafts from
 * `offset`, oldest submitted first (what falls due first); optionally the drafts of one village of the region
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
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
  limit: z.coerce.number().int().min(1).max(REVIEW_QUEUE_PAGE_MAX).default(100),
})
export type ReviewQueueQuery = z.infer<typeof ReviewQueueQuerySchema>

/** Answer of `GET /api/v1/regions/:code/review-queue`: one page of drafts and where it sits among all that match. */
export const ReviewQueueDtoSchema = z.object({
  disclosures: z.array(DisclosureDtoSchema),
  /** `total` drafts match; the next page starts at `nextOffset` (null on the last page). */
  page: PageDtoSchema,
})
export type ReviewQueueDto = z.infer<typeof ReviewQueueDtoSchema>
