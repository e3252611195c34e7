import { z } from 'zod'
import { ErrorCode } from '@cunwu/domain'
import { ApiError } from '@/services/request'

/** One row/column problem as the BFF's 422 table_rows_invalid lists it (row is 1-based). */
export const RowErrorSchema = z.object({
  row: z.number().int(),
  column: z.string().nullable(),
  label: z.string().nullable().optional(),
  message: z.string(),
})
export type RowError = z.infer<typeof RowErrorSchema>

const DetailsSchema = z.object({ errors: z.array(RowErrorSchema) })

/** The row errors carried by a table_rows_invalid failure, or an empty list for any other failure. */
export function rowErrorsOf(err: unknown): RowError[] {
  if (!(err instanceof ApiError) || err.code !== ErrorCode.TableRowsInvalid) return []
  const parsed = DetailsSchema.safeParse(err.details)
  return parsed.success ? parsed.data.errors : []
}

const ExistingSchema = z.object({ disclosureId: z.string().regex(/^[0-9a-f]{24}$/) })

/** The disclosure a 409 disclosure_exists names (the item and period already have one), or null. */
export function existingDisclosureOf(err: unknown): string | null {
  if (!(err instanceof ApiError) || err.code !== ErrorCode.DisclosureExists) return null
  const parsed = ExistingSchema.safeParse(err.details)
  return parsed.success ? parsed.data.disclosureId : null
}
