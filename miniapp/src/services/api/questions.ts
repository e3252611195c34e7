import {
  QuestionDtoSchema,
  QuestionListDtoSchema,
  RegionQuestionsDtoSchema,
  type QuestionCorrectionReq,
  type QuestionCreateReq,
  type QuestionDto,
  type QuestionReplyReq,
  type RegionQuestionsDto,
} from '@cunwu/domain'
import { z } from 'zod'
import { request } from '@/services/request'

const enc = encodeURIComponent

/** Asks a question or raises an objection on a published disclosure (optionally about one row of its table). */
export function askQuestion(disclosureId: string, req: QuestionCreateReq): Promise<QuestionDto> {
  return request(`/api/v1/disclosures/${enc(disclosureId)}/questions`, {
    method: 'POST',
    body: req,
    schema: QuestionDtoSchema,
  })
}

/** The signed-in person's own threads, newest first. */
export async function listMyQuestions(): Promise<QuestionDto[]> {
  return (await request('/api/v1/me/questions', { schema: QuestionListDtoSchema })).questions
}

/** One thread (the asker's, a staff member's of its village, or a public one). */
export function getQuestion(id: string): Promise<QuestionDto> {
  return request(`/api/v1/questions/${enc(id)}`, { schema: QuestionDtoSchema })
}

/** Open threads of a region, overdue first, with the median answer time per village. */
export function getRegionQuestions(regionCode: string): Promise<RegionQuestionsDto> {
  return request(`/api/v1/regions/${enc(regionCode)}/questions`, { schema: RegionQuestionsDtoSchema })
}

/** Answers a thread, or decides an objection is not upheld (the text is then the reason). */
export function replyQuestion(id: string, req: QuestionReplyReq): Promise<QuestionDto> {
  return request(`/api/v1/questions/${enc(id)}/reply`, {
    method: 'POST',
    body: req,
    schema: QuestionDtoSchema,
  })
}

const CorrectionStartedSchema = z.object({
  question: QuestionDtoSchema,
  disclosureId: z.string(),
  version: z.number(),
})

/** Upholds an objection by starting the corrected version it names (publishing that version closes the thread). */
export function startCorrection(
  id: string,
  req: QuestionCorrectionReq,
): Promise<z.infer<typeof CorrectionStartedSchema>> {
  return request(`/api/v1/questions/${enc(id)}/correction`, {
    method: 'POST',
    body: req,
    schema: CorrectionStartedSchema,
  })
}

/** Shows an answered thread and its answer publicly on the item (the asker agreed). */
export function publishQuestion(id: string): Promise<QuestionDto> {
  return request(`/api/v1/questions/${enc(id)}/publish`, {
    method: 'POST',
    body: { askerConsented: true },
    schema: QuestionDtoSchema,
  })
}

/** Threads of a disclosure the reader may see: public Q&A, and their own (staff: all). */
export async function listDisclosureQuestions(disclosureId: string): Promise<QuestionDto[]> {
  return (
    await request(`/api/v1/disclosures/${enc(disclosureId)}/questions`, { schema: QuestionListDtoSchema })
  ).questions
}
