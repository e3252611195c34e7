import { z } from 'zod'

// A disclosure's lifecycle and what each status allows (open to the public, correctable, retractable), shared by
// the BFF's checks and the mini-program's buttons; the API schemas are in disclosures.ts.

/** Lifecycle of a disclosure (and of a government item). */
export const DisclosureStatusSchema = z.enum([
  'draft',
  'pending_review',
  'published',
  'superseded',
  'retracted',
  'expired',
])
export type DisclosureStatus = z.infer<typeof DisclosureStatusSchema>

/**
 * Statuses whose content the public may open: published, replaced by a newer version, or past its posting period
 * (a retracted one shows only why it was retracted).
 */
export const OPEN_CONTENT_DISCLOSURE_STATUSES = ['published', 'superseded', 'expired'] as const

/** Statuses the public may open at all: those whose content is open, and a retracted one (its title and reason). */
export const PUBLIC_DISCLOSURE_STATUSES = [...OPEN_CONTENT_DISCLOSURE_STATUSES, 'retracted'] as const

/** Whether the public may open a disclosure of this status; `content`: its content too (a retracted one's is not). */
export function isPublicDisclosureStatus(status: string, content = false): boolean {
  const statuses: readonly string[] = content ? OPEN_CONTENT_DISCLOSURE_STATUSES : PUBLIC_DISCLOSURE_STATUSES
  return statuses.includes(status)
}

/**
 * Statuses a corrected version may be started from (`POST /disclosures/:id/versions`, docs/versions.md): a public
 * version, still posted or past its posting window (公示期满), or a retracted one (as long as nothing was published
 * in its series after it, which the BFF checks).
 */
export const CORRECTABLE_DISCLOSURE_STATUSES = ['published', 'expired', 'retracted'] as const

/** Statuses that may be retracted (`POST /disclosures/:id/retract`): a public version, posted or past its window. */
export const RETRACTABLE_DISCLOSURE_STATUSES = ['published', 'expired'] as const

/** Whether a corrected version may be started from a version of this status (`CORRECTABLE_DISCLOSURE_STATUSES`). */
export function isCorrectableStatus(status: string): boolean {
  return (CORRECTABLE_DISCLOSURE_STATUSES as readonly string[]).includes(status)
}

/** Whether a version of this status may be retracted (`RETRACTABLE_DISCLOSURE_STATUSES`). */
export function isRetractableStatus(status: string): boolean {
  return (RETRACTABLE_DISCLOSURE_STATUSES as readonly string[]).includes(status)
}

/**
 * Whether a version is still posted, so that its page and poster show 公示期 / 公示到 and how to object: not a
 * retracted one, which is no longer posted (docs/posters.md). The one rule of the poster and the item page.
 */
export function isStillPosted(status: string): boolean {
  return status !== 'retracted'
}

/** Status labels for villagers and secretaries. */
export const DISCLOSURE_STATUS_LABELS: Record<DisclosureStatus, string> = {
  draft: '草稿',
  pending_review: '待审核',
  published: '已公开',
  superseded: '已更新',
  retracted: '已撤回',
  expired: '公示期满',
}
