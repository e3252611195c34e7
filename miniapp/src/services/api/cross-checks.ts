import {
  CrossCheckFindingDtoSchema,
  CrossCheckListDtoSchema,
  CrossCheckRunDtoSchema,
  type CrossCheckFindingDto,
  type CrossCheckKindDto,
  type CrossCheckListDto,
  type CrossCheckRunDto,
  type CrossCheckStatus,
} from '@cunwu/domain'
import { request } from '@/services/request'

const enc = encodeURIComponent
/** Findings asked for at once: a page a weak network brings quickly, with more on request. */
export const CROSS_CHECK_PAGE = 50

/** What the list may be narrowed to: one status, one kind, one village of the region. */
export interface CrossCheckFilter {
  status?: CrossCheckStatus
  kind?: CrossCheckKindDto
  village?: string
}

/**
 * One page of the cross-village findings touching a township's or county's villages for a period (staff only): a
 * year, half or quarter covers the months within it. The most serious first, with how many of each kind.
 */
export function listCrossChecks(
  regionCode: string,
  period: string,
  options: CrossCheckFilter & { offset?: number } = {},
): Promise<CrossCheckListDto> {
  return request(`/api/v1/regions/${enc(regionCode)}/cross-checks`, {
    query: {
      period,
      limit: CROSS_CHECK_PAGE,
      offset: options.offset ?? 0,
      ...(options.status ? { status: options.status } : {}),
      ...(options.kind ? { kind: options.kind } : {}),
      ...(options.village ? { village: options.village } : {}),
    },
    schema: CrossCheckListDtoSchema,
  })
}

/** Starts a check of every village's lists for a period (answered at once; poll with getCrossCheckRun). */
export function runCrossChecks(regionCode: string, period: string): Promise<CrossCheckRunDto> {
  return request(`/api/v1/regions/${enc(regionCode)}/cross-checks/run`, {
    method: 'POST',
    body: { period },
    schema: CrossCheckRunDtoSchema,
  })
}

/** One finding as the officer sees it now (to tell whether a step whose answer was lost was taken). */
export function getCrossCheck(id: string): Promise<CrossCheckFindingDto> {
  return request(`/api/v1/cross-checks/${enc(id)}`, { schema: CrossCheckFindingDtoSchema })
}

export function getCrossCheckRun(id: string): Promise<CrossCheckRunDto> {
  return request(`/api/v1/cross-check-runs/${enc(id)}`, { schema: CrossCheckRunDtoSchema })
}

/**
 * Confirms a finding as a problem: the village is asked to correct its list. Sends the finding's revision as the
 * page loaded it: if another officer acted on it since (or a run saw it again), the answer is 409
 * `cross_check_stale` and nothing is saved.
 */
export function confirmCrossCheck(
  f: Pick<CrossCheckFindingDto, 'id' | 'revision'>,
  comment: string,
): Promise<CrossCheckFindingDto> {
  return request(`/api/v1/cross-checks/${enc(f.id)}/confirm`, {
    method: 'POST',
    body: comment ? { comment, revision: f.revision } : { revision: f.revision },
    schema: CrossCheckFindingDtoSchema,
  })
}

/** Resolves a finding with a reason, on the revision the page loaded (as `confirmCrossCheck`). */
export function resolveCrossCheck(
  f: Pick<CrossCheckFindingDto, 'id' | 'revision'>,
  reason: string,
): Promise<CrossCheckFindingDto> {
  return request(`/api/v1/cross-checks/${enc(f.id)}/resolve`, {
    method: 'POST',
    body: { reason, revision: f.revision },
    schema: CrossCheckFindingDtoSchema,
  })
}
