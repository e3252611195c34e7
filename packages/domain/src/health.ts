import { z } from 'zod'
import { ApiErrorBodySchema } from './api-error'

/** Database status as seen by the BFF. */
export const DatabaseStatusSchema = z.object({
  /** `up` when a ping succeeded, `down` when connected but failing, `unavailable` when no database is configured or reachable. */
  state: z.enum(['up', 'down', 'unavailable']),
  /** `embedded` (the bundled engine) or `external` (MONGODB_URI). */
  kind: z.enum(['embedded', 'external', 'none']),
  /** Round-trip time of the ping in milliseconds, when up. */
  latencyMs: z.number().nonnegative().optional(),
})

/**
 * Response of `GET /api/v1/health` (and `GET /health`): 200 with `ok` when the process and the database are up, 503
 * with `degraded` and the error envelope's `error` otherwise, so a monitor can read the status code alone.
 */
export const HealthDtoSchema = z.object({
  /** `ok` when the process and the database are up, `degraded` otherwise. */
  status: z.enum(['ok', 'degraded']),
  service: z.literal('cunwu-bff'),
  version: z.string(),
  /** Seconds since the process started. */
  uptimeSeconds: z.number().nonnegative(),
  /** Server time, ISO 8601. */
  time: z.string(),
  database: DatabaseStatusSchema,
  /** With 503: the one error envelope's content (`service_unavailable`), for clients that read only that. */
  error: ApiErrorBodySchema.shape.error.optional(),
})

export type HealthDto = z.infer<typeof HealthDtoSchema>
