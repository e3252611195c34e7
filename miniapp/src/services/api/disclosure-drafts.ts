// The staff's side of disclosures: the secretary's drafts (list, create, edit, attachments, submit, new version,
// retract) and the township's review. Apart from services/api/disclosures.ts, the reading side, which the home and a
// disclosure page load on their first screen: a module shared by pages carries every export any page uses, and
// these (with the upload code) are used only on staff pages (docs/offline.md, The first screen).
import { z } from 'zod'
import {
  DisclosureDtoSchema,
  REVIEW_QUEUE_PAGE_MAX,
  ReviewQueueDtoSchema,
  type DisclosureCreateReq,
  type DisclosureDto,
  type DisclosureReviewReq,
  type DisclosureStatus,
  type DisclosureSubmitReq,
  type DisclosureUpdateReq,
  type ReviewQueueDto,
} from '@cunwu/domain'
import { ListSchema } from '@/services/api/disclosures'
import { idempotencyHeaders } from '@/services/idempotency'
import { request } from '@/services/request'
import { uploadFile, type PickedFile } from '@/services/upload'

const enc = encodeURIComponent

/** The secretary's list of the village's disclosures, newest change first. */
export async function listVillageDisclosures(
  villageCode: string,
  status?: DisclosureStatus,
): Promise<DisclosureDto[]> {
  const { disclosures } = await request(`/api/v1/villages/${enc(villageCode)}/disclosures`, {
    query: { status },
    schema: ListSchema,
  })
  return disclosures
}

/**
 * Starts a draft for a catalog item and period (409 disclosure_exists; 422 table_rows_invalid). `idempotencyKey`:
 * the form's key (services/idempotency.ts), so a retry after a lost answer gets the draft the first attempt made.
 */
export function createDisclosure(
  villageCode: string,
  req: DisclosureCreateReq,
  idempotencyKey?: string,
): Promise<DisclosureDto> {
  return request(`/api/v1/villages/${enc(villageCode)}/disclosures`, {
    method: 'POST',
    body: req,
    schema: DisclosureDtoSchema,
    headers: idempotencyHeaders(idempotencyKey),
  })
}

/**
 * Saves changes to a draft: only the fields sent; with `revision`, 409 disclosure_stale when someone else saved it
 * since (409 disclosure_not_editable once published).
 */
export function updateDisclosure(id: string, req: DisclosureUpdateReq): Promise<DisclosureDto> {
  return request(`/api/v1/disclosures/${enc(id)}`, {
    method: 'PATCH',
    body: req,
    schema: DisclosureDtoSchema,
  })
}

/**
 * Sends a draft to the township for review; rows whose name contradicts the village roster must be fixed first or
 * confirmed (`confirmRosterMismatches`), else 422 `roster_mismatch`.
 */
export function submitDisclosure(
  id: string,
  req: DisclosureSubmitReq = { confirmRosterMismatches: false, confirmNoRows: false },
): Promise<DisclosureDto> {
  return request(`/api/v1/disclosures/${enc(id)}/submit`, {
    method: 'POST',
    body: req,
    schema: DisclosureDtoSchema,
  })
}

/** Starts a corrected version of a published disclosure; answers the new draft. */
export function startNewVersion(id: string, changeNote: string): Promise<DisclosureDto> {
  return request(`/api/v1/disclosures/${enc(id)}/versions`, {
    method: 'POST',
    body: { changeNote },
    schema: DisclosureDtoSchema,
  })
}

/** Takes a published disclosure down with a reason villagers will see. */
export function retractDisclosure(id: string, reason: string): Promise<DisclosureDto> {
  return request(`/api/v1/disclosures/${enc(id)}/retract`, {
    method: 'POST',
    body: { reason },
    schema: DisclosureDtoSchema,
  })
}

/** Drafts asked for at once on the review page: a page a weak network brings quickly, with more on request. */
export const REVIEW_PAGE = 50

/**
 * One page of the township's (or county's) drafts waiting for review, oldest submitted first, with how many there
 * are: all of them, or those of the villages whose name contains `villageName`; after the draft `after` names (the
 * previous page's `nextAfter`), from the first without it. `limit` defaults to REVIEW_PAGE.
 */
export function getReviewQueue(
  regionCode: string,
  options: { after?: string | null; limit?: number; villageName?: string } = {},
): Promise<ReviewQueueDto> {
  return request(`/api/v1/regions/${enc(regionCode)}/review-queue`, {
    query: {
      limit: options.limit ?? REVIEW_PAGE,
      ...(options.after ? { after: options.after } : {}),
      ...(options.villageName ? { villageName: options.villageName } : {}),
    },
    schema: ReviewQueueDtoSchema,
  })
}

/**
 * The first `count` (at least) drafts of the review queue as it is now, read REVIEW_QUEUE_PAGE_MAX at a time: a
 * page's drafts read again when some it shows were decided elsewhere. The page is the last answer's.
 */
export async function getReviewQueueFirst(
  regionCode: string,
  count: number,
  villageName?: string,
): Promise<ReviewQueueDto> {
  const disclosures: ReviewQueueDto['disclosures'] = []
  let after: string | null = null
  for (;;) {
    const limit = Math.min(REVIEW_QUEUE_PAGE_MAX, Math.max(1, count - disclosures.length))
    const { disclosures: more, page } = await getReviewQueue(regionCode, { after, limit, villageName })
    disclosures.push(...more)
    after = page.nextAfter
    if (after === null || disclosures.length >= count) return { disclosures, page }
  }
}

/**
 * Approves a submitted disclosure (it is published) or returns it to the village with a comment, on the `revision`
 * the page loaded: 409 disclosure_stale when the village changed it since.
 */
export function reviewDisclosure(id: string, decision: DisclosureReviewReq): Promise<DisclosureDto> {
  return request(`/api/v1/disclosures/${enc(id)}/review`, {
    method: 'POST',
    body: decision,
    schema: DisclosureDtoSchema,
  })
}

/**
 * Adds a jpg/png/pdf (≤ 10 MB) to a draft (413/415 for too big or the wrong kind); with `revision`, 409
 * disclosure_stale when someone else saved the draft since.
 */
export function uploadAttachment(id: string, file: PickedFile, revision?: number): Promise<unknown> {
  return uploadFile(`/api/v1/disclosures/${enc(id)}/attachments`, file, {
    query: { revision },
    schema: z.unknown(),
  })
}

/** Removes an attachment from a draft; with `revision`, 409 disclosure_stale when someone else saved it since. */
export async function deleteAttachment(id: string, fileId: string, revision?: number): Promise<void> {
  await request(`/api/v1/disclosures/${enc(id)}/attachments/${enc(fileId)}`, {
    method: 'DELETE',
    query: { revision },
  })
}
