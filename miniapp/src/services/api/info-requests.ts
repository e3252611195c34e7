import {
  InfoRequestCreatedDtoSchema,
  InfoRequestDtoSchema,
  InfoRequestListDtoSchema,
  InfoRequestReportDtoSchema,
  type InfoRequestCreateReq,
  type InfoRequestCreatedDto,
  type InfoRequestDto,
  type InfoRequestReplyReq,
  type InfoRequestReportDto,
} from '@cunwu/domain'
import { idempotencyHeaders } from '@/services/idempotency'
import { request } from '@/services/request'

const enc = encodeURIComponent

/**
 * Files a government information request (依申请公开); the answer carries its number and acknowledgement.
 * `idempotencyKey`: the form's key (services/idempotency.ts), so a retry after a lost answer files nothing twice.
 */
export function createInfoRequest(
  req: InfoRequestCreateReq,
  idempotencyKey?: string,
): Promise<InfoRequestCreatedDto> {
  return request('/api/v1/info-requests', {
    method: 'POST',
    body: req,
    headers: idempotencyHeaders(idempotencyKey),
    schema: InfoRequestCreatedDtoSchema,
  })
}

/** The signed-in person's own requests, newest first. */
export async function listMyInfoRequests(): Promise<InfoRequestDto[]> {
  return (await request('/api/v1/me/info-requests', { schema: InfoRequestListDtoSchema })).requests
}

/** An office's open requests by deadline. */
export async function listOfficeInfoRequests(regionCode: string): Promise<InfoRequestDto[]> {
  return (
    await request(`/api/v1/regions/${enc(regionCode)}/info-requests`, { schema: InfoRequestListDtoSchema })
  ).requests
}

function step(id: string, action: string, body: unknown): Promise<InfoRequestDto> {
  return request(`/api/v1/info-requests/${enc(id)}/${action}`, {
    method: 'POST',
    body,
    schema: InfoRequestDtoSchema,
  })
}

/**
 * The requester's 补正 after a correction notice: `description` is what the office asked for, kept beside the request
 * as filed (never in its place); the clock starts again.
 */
export function correctInfoRequest(
  id: string,
  body: { description: string; purpose?: string },
): Promise<InfoRequestDto> {
  return step(id, 'correct', body)
}

/**
 * The office's one correction notice listing everything missing (一次性告知), with the time limit to correct in
 * working days (the BFF's default when not given).
 */
export function sendCorrectionNotice(
  id: string,
  missing: string[],
  workingDays?: number,
): Promise<InfoRequestDto> {
  return step(id, 'correction-notice', workingDays === undefined ? { missing } : { missing, workingDays })
}

/** The office's one extension of the deadline, with its reason. */
export function extendInfoRequest(id: string, reason: string): Promise<InfoRequestDto> {
  return step(id, 'extend', { reason })
}

/** Starts or ends a consultation of a third party (the clock stands still meanwhile). */
export function consultInfoRequest(
  id: string,
  action: 'start' | 'end',
  party?: string,
): Promise<InfoRequestDto> {
  return step(id, 'consultation', party ? { action, party } : { action })
}

/** The office's reply. */
export function replyInfoRequest(id: string, req: InfoRequestReplyReq): Promise<InfoRequestDto> {
  return step(id, 'reply', req)
}

/** Files a replied request away. */
export function archiveInfoRequest(id: string): Promise<InfoRequestDto> {
  return step(id, 'archive', {})
}

/** The office's annual report table of a year (section 三 computed from the records). */
export function getInfoRequestReport(regionCode: string, year: number): Promise<InfoRequestReportDto> {
  return request(`/api/v1/regions/${enc(regionCode)}/info-requests/annual-report`, {
    query: { year },
    schema: InfoRequestReportDtoSchema,
  })
}
