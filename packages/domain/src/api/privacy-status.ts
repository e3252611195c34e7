import { z } from 'zod'

/** Response of `GET /api/v1/me/privacy` and of accepting: whether the person must (again) accept the policy. */
export const PrivacyStatusDtoSchema = z.object({
  currentVersion: z.string(),
  /** The last version the person accepted; null if never. */
  acceptedVersion: z.string().nullable(),
  acceptedAt: z.string().nullable(),
  /** True at first sign-in and whenever the version changed since the last acceptance. */
  needsAcceptance: z.boolean(),
})
export type PrivacyStatusDto = z.infer<typeof PrivacyStatusDtoSchema>
