import { z } from 'zod'
import {
  ConsultationDtoSchema,
  ConsultationMineDtoSchema,
  ConsultationParticipationDtoSchema,
  ConsultationParticipantsDtoSchema,
  ConsultationTallyDtoSchema,
  type ConsultationAnswerSchema,
  type ConsultationCreateSchema,
  type ConsultationDto,
  type ConsultationMineDto,
  type ConsultationParticipantsDto,
  type ConsultationParticipationDto,
  type ConsultationSummarySchema,
  type ConsultationTallyDto,
} from '@cunwu/domain'
import { idempotencyHeaders } from '@/services/idempotency'
import { request } from '@/services/request'

const enc = encodeURIComponent

/** What the secretary or township sends to open a consultation (fields with server defaults may be left out). */
export type ConsultationCreateInput = z.input<typeof ConsultationCreateSchema>
/** An answer as the villager fills it in. */
export type ConsultationAnswerInput = z.input<typeof ConsultationAnswerSchema>
/** What the secretary decided and the comments chosen for the summary. */
export type ConsultationSummaryInput = z.input<typeof ConsultationSummarySchema>

const ListSchema = z.object({ consultations: z.array(ConsultationDtoSchema) })
const AnsweredSchema = z.object({
  householdNo: z.string(),
  name: z.string(),
  via: z.enum(['self', 'household', 'proxy']),
  replaced: z.boolean(),
})
const SummarisedSchema = z.object({
  consultation: ConsultationDtoSchema,
  disclosureId: z.string(),
  disclosureStatus: z.string(),
})

/**
 * Opens a consultation in a village (its secretary, or township staff covering it).
 * `idempotencyKey`: the form's key (services/idempotency.ts), so a retry after a lost answer opens nothing twice.
 */
export function openConsultation(
  villageCode: string,
  req: ConsultationCreateInput,
  idempotencyKey?: string,
): Promise<ConsultationDto> {
  return request(`/api/v1/villages/${enc(villageCode)}/consultations`, {
    method: 'POST',
    body: req,
    headers: idempotencyHeaders(idempotencyKey),
    schema: ConsultationDtoSchema,
  })
}

/** The village's consultations, newest deadline first (its members and staff). */
export async function listConsultations(villageCode: string): Promise<ConsultationDto[]> {
  return (await request(`/api/v1/villages/${enc(villageCode)}/consultations`, { schema: ListSchema }))
    .consultations
}

/** One consultation (with its tally once closed). */
export function getConsultation(id: string): Promise<ConsultationDto> {
  return request(`/api/v1/consultations/${enc(id)}`, { schema: ConsultationDtoSchema })
}

/** Whom the signed-in person may answer for, with their answers so far. */
export function getMyConsultationAnswers(id: string): Promise<ConsultationMineDto> {
  return request(`/api/v1/consultations/${enc(id)}/mine`, { schema: ConsultationMineDtoSchema })
}

/** Sends (or replaces) an answer. */
export function answerConsultation(
  id: string,
  req: ConsultationAnswerInput,
): Promise<z.infer<typeof AnsweredSchema>> {
  return request(`/api/v1/consultations/${enc(id)}/answers`, {
    method: 'POST',
    body: req,
    schema: AnsweredSchema,
  })
}

/** The tally after the deadline. */
export function getConsultationTally(id: string): Promise<ConsultationTallyDto> {
  return request(`/api/v1/consultations/${enc(id)}/tally`, { schema: ConsultationTallyDtoSchema })
}

/** Who took part (staff only). */
export function getConsultationParticipants(id: string): Promise<ConsultationParticipantsDto> {
  return request(`/api/v1/consultations/${enc(id)}/participants`, {
    schema: ConsultationParticipantsDtoSchema,
  })
}

/**
 * Sends the summary to the township's review as a disclosure (the village's secretary). `idempotencyKey`: the form's
 * key (services/idempotency.ts), so a retry after a lost answer gets the first answer instead of 409 结果已经提交公布.
 */
export function publishConsultationSummary(
  id: string,
  req: ConsultationSummaryInput,
  idempotencyKey?: string,
): Promise<z.infer<typeof SummarisedSchema>> {
  return request(`/api/v1/consultations/${enc(id)}/summary`, {
    method: 'POST',
    body: req,
    headers: idempotencyHeaders(idempotencyKey),
    schema: SummarisedSchema,
  })
}

/** Participation per village of a region (the township dashboard). */
export function getConsultationParticipation(regionCode: string): Promise<ConsultationParticipationDto> {
  return request(`/api/v1/regions/${enc(regionCode)}/consultations/participation`, {
    schema: ConsultationParticipationDtoSchema,
  })
}
