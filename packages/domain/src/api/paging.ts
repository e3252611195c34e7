import { z } from 'zod'

/**
 * Where one page of a long list sits among all of it: `total` items match, this page holds up to `limit` from
 * `offset`, and the next page starts at `nextOffset` (null on the last page).
 */
export const PageDtoSchema = z.object({
  offset: z.number().int(),
  limit: z.number().int(),
  total: z.number().int(),
  nextOffset: z.number().int().nullable(),
})
export type PageDto = z.infer<typeof PageDtoSchema>

/** The page of `limit` items from `offset` among `total`. */
export function pageOf(offset: number, limit: number, total: number): PageDto {
  const next = offset + limit
  return { offset, limit, total, nextOffset: next < total ? next : null }
}
