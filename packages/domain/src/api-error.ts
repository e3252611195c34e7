import { z } from 'zod'

/** The one error envelope every endpoint answers with on failure. */
export const ApiErrorBodySchema = z.object({
  error: z.object({
    /** Stable snake_case code, see `ErrorCode`. */
    code: z.string().regex(/^[a-z][a-z0-9_]*$/),
    /** Human-readable message, safe to show. */
    message: z.string(),
    /** Optional structured details (e.g. field errors, row errors). */
    details: z.unknown().optional(),
  }),
})

export type ApiErrorBody = z.infer<typeof ApiErrorBodySchema>
