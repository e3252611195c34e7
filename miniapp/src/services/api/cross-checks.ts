import { z } from 'zod'
import {
  CrossCheckFindingDtoSchema,
  CrossCheckRunDtoSchema,
  type CrossCheckFindingDto,
  type CrossCheckRunDto,
  type CrossCheckStatus,
} from '@cunwu/domain'
import { request } from '@/services/request'

const enc = encodeURIComponent
const FindingsSchema = z.object({ findings: z.array(CrossCheckFindingDtoSchema) })

/** Cross-village findings touching a township's or county's villages for a period (staff only). */
export async function listCrossChecks(
  regionCode: string,
  period: string,
  status?: CrossCheckStatus,
): Promise<CrossCheckFindingDto[]> {
  const res = await request(`/api/v1/regions/${enc(regionCode)}/cross-checks`, {
    query: status ? { period, status } : { period },
    schema: FindingsSchema,
  })
  return res.findings
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
