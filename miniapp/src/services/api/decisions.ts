import type { z } from 'zod'
import {
  DECISION_PAGE,
  DECISION_PAGE_MAX,
  DecisionDtoSchema,
  DecisionListDtoSchema,
  type DecisionCreateSchema,
  type DecisionDto,
  type DecisionListDto,
  type DecisionStatus,
  type DecisionResultsReq,
  type DecisionStepRecordSchema,
} from '@cunwu/domain'
import { idempotencyHeaders } from '@/services/idempotency'
import { request } from '@/services/request'

const enc = encodeURIComponent

/** What the secretary sends to open a matter (fields with server defaults may be left out). */
export type DecisionCreateInput = z.input<typeof DecisionCreateSchema>
/** One deliberation step as the secretary types it. */
export type DecisionStepInput = z.input<typeof DecisionStepRecordSchema>

/**
 * Opens a 四议两公开 matter in the village (secretary only). `idempotencyKey`: the form's key
 * (services/idempotency.ts), so a retry after a lost answer opens nothing twice.
 */
export function createDecision(
  villageCode: string,
  req: DecisionCreateInput,
  idempotencyKey?: string,
): Promise<DecisionDto> {
  return request(`/api/v1/villages/${enc(villageCode)}/decisions`, {
    method: 'POST',
    body: req,
    headers: idempotencyHeaders(idempotencyKey),
    schema: DecisionDtoSchema,
  })
}

/** One page of the village's decisions, newest first (its members and staff). */
export function listDecisions(villageCode: string, offset = 0): Promise<DecisionListDto> {
  return request(`/api/v1/villages/${enc(villageCode)}/decisions`, {
    query: { offset, limit: DECISION_PAGE },
    schema: DecisionListDtoSchema,
  })
}

/** The village's newest passed decisions, the ones a charge or expense may name (secretary). */
export async function passedDecisions(villageCode: string): Promise<DecisionDto[]> {
  const { decisions } = await request(`/api/v1/villages/${enc(villageCode)}/decisions`, {
    query: { status: 'passed' satisfies DecisionStatus, limit: DECISION_PAGE_MAX },
    schema: DecisionListDtoSchema,
  })
  return decisions
}

/** One decision with its steps, disclosures and money. */
export function getDecision(id: string): Promise<DecisionDto> {
  return request(`/api/v1/decisions/${enc(id)}`, { schema: DecisionDtoSchema })
}

/** Records the next step; 409 decision_step_out_of_order / decision_closed, 422 for impossible counts. */
export function recordDecisionStep(id: string, req: DecisionStepInput): Promise<DecisionDto> {
  return request(`/api/v1/decisions/${enc(id)}/steps`, {
    method: 'POST',
    body: req,
    schema: DecisionDtoSchema,
  })
}

/** Drafts 实施结果公开 and sends it to review (once per decision). */
export function publishDecisionResults(id: string, req: DecisionResultsReq): Promise<DecisionDto> {
  return request(`/api/v1/decisions/${enc(id)}/results`, {
    method: 'POST',
    body: req,
    schema: DecisionDtoSchema,
  })
}
