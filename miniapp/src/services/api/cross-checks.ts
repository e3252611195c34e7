import {
  CrossCheckFindingDtoSchema,
  CrossCheckListDtoSchema,
  CrossCheckRunDtoSchema,
  type CrossCheckFindingDto,
  type CrossCheckListDto,
  type CrossCheckRunDto,
  type CrossCheckStatus,
} from '@cunwu/domain'
import { request } from '@/services/request'

const enc = encodeURIComponent
/** Findings asked for at once: a page a weak network brings quickly, with more on request. */
export const CROSS_CHECK_PAGE = 50

/**
 * One page of the cross-village findings touching a township's or county's villages for a period (staff only): a
 * year, half or quarter covers the months within it.
 */
export function listCrossChecks(
  regionCode: string,
  period: string,
  options: { status?: CrossCheckStatus; offset?: number } = {},
): Promise<CrossCheckListDto> {
  return request(`/api/v1/regions/${enc(regionCode)}/cross-checks`, {
    query: {
      period,
      limit: CROSS_CHECK_PAGE,
      offset: options.offset ?? 0,
      ...(options.status ? { status: options.status } : {}),
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

export function getCrossCheckRun(id: string): Promise<CrossCheckRunDto> {
  return request(`/api/v1/cross-check-runs/${enc(id)}`, { schema: CrossCheckRunDtoSchema })
}

/** Confirms a finding as a problem: the village is asked to correct its list. */
export function confirmCrossCheck(id: string, comment: string): Promise<CrossCheckFindingDto> {
  return request(`/api/v1/cross-checks/${enc(id)}/confirm`, {
    method: 'POST',
    body: comment ? { comment } : {},
    schema: CrossCheckFindingDtoSchema,
  })
}

/** Resolves a finding with a reason. */
export function resolveCrossCheck(id: string, reason: string): Promise<CrossCheckFindingDto> {
  return request(`/api/v1/cross-checks/${enc(id)}/resolve`, {
    method: 'POST',
    body: { reason },
    schema: CrossCheckFindingDtoSchema,
  })
}
