import { z } from 'zod'

/** Database status as seen by the BFF. */
export const DatabaseStatusSchema = z.object({
  /** `up` when a ping succeeded, `down` when connected but failing, `unavailable` when no database is configured or reachable. */
  state: z.enum(['up', 'down', 'unavailable']),
  /** `embedded` (the bundled engine) or `external` (MONGODB_URI). */
  kind: z.enum(['embedded', 'external', 'none']),
  /** Round-trip time of the ping in milliseconds, when up. */
  latencyMs: z.number().nonnegative().optional(),
})

/** Response of `GET /api/v1/health`. */
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
})

export type HealthDto = z.infer<typeof HealthDtoSchema>
