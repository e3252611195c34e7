import { z } from 'zod'
import { DivisionCodeSchema } from '../regions'
import { ObjectIdSchema } from './disclosures'

/**
 * Government information requests (依申请公开) to a township or county office under the 政府信息公开条例
 * (arts. 27–39). Facts and sources: docs/info-requests.md.
 */

/** Art. 29 (一): the requester's identity; kept privately, shown only to the requester and the handling office. */
export const InfoRequesterSchema = z
  .object({
    type: z.enum(['person', 'organization']).default('person'),
    name: z.string().trim().min(1).max(60),
    idType: z.enum(['resident_id', 'passport', 'other', 'business_license']),
    idNumber: z.string().trim().min(4).max(32),
    contact: z.string().trim().min(5).max(60).describe('Phone or address for the reply'),
  })
  .strict()
export type InfoRequester = z.infer<typeof InfoRequesterSchema>

/** Body of `POST /api/v1/info-requests`. */
export const InfoRequestCreateSchema = z
  .object({
    regionCode: DivisionCodeSchema.describe('The township or county office asked'),
    description: z.string().trim().min(1).max(1000).describe('名称、文号或便于查询的特征描述'),
    purpose: z.string().trim().max(200).optional(),
    form: z.enum(['electronic', 'paper']),
    requester: InfoRequesterSchema,
  })
  .strict()
export type InfoRequestCreateReq = z.infer<typeof InfoRequestCreateSchema>

export const InfoRequestParamsSchema = z.object({ id: ObjectIdSchema })

/** Art. 30: one notice listing everything to correct (一次性告知). */
export const InfoRequestCorrectionNoticeSchema = z
  .object({ missing: z.array(z.string().trim().min(1).max(200)).min(1).max(10) })
  .strict()

/** The requester's corrected request: the clock starts again on its receipt. */
export const InfoRequestCorrectSchema = z
  .object({
    description: z.string().trim().min(1).max(1000),
    purpose: z.string().trim().max(200).optional(),
  })
  .strict()

/** Art. 33: one extension of at most 20 working days, with the reason recorded. */
export const InfoRequestExtendSchema = z.object({ reason: z.string().trim().min(1).max(200) }).strict()

/** Art. 32/33: a consultation of a third party or another office; its time does not count. */
export const InfoRequestConsultSchema = z
  .object({ action: z.enum(['start', 'end']), party: z.string().trim().min(1).max(100).optional() })
  .strict()

/**
 * Reply types (art. 36–39) by the row of the annual report they count in (国办公开办函〔2021〕30号 section 三).
 * `withheld_*` are 不予公开 with their legal ground.
 */
export const InfoReplyTypeSchema = z.enum([
  'disclosed', // （一）予以公开 (art. 36(1)(2))
  'partly_disclosed', // （二）部分公开 (art. 37)
  'withheld_state_secret', // （三）1
  'withheld_law_forbids', // （三）2
  'withheld_security', // （三）3
  'withheld_third_party', // （三）4
  'withheld_internal', // （三）5
  'withheld_process', // （三）6
  'withheld_enforcement_file', // （三）7
  'withheld_administrative_query', // （三）8
  'not_exist', // （四）1 (art. 36(4))
  'not_responsible', // （四）1 (art. 36(5)): names the right office
  'needs_new_work', // （四）2 (art. 38)
  'still_unclear', // （四）3
  'petition', // （五）1 (art. 39)
  'repeated', // （五）2 (art. 36(6))
  'publication', // （五）3
  'excessive', // （五）4 (art. 35)
  'reconfirm', // （五）5
  'not_government_information', // （六）3
  'other', // （六）3
])
export type InfoReplyType = z.infer<typeof InfoReplyTypeSchema>

/** Body of `POST /api/v1/info-requests/:id/reply`. */
export const InfoRequestReplySchema = z
  .object({
    type: InfoReplyTypeSchema,
    text: z
      .string()
      .trim()
      .min(1)
      .max(2000)
      .describe('The written reply; for 不予公开 and 部分公开 the reasons'),
    rightOffice: z.string().trim().min(1).max(100).optional().describe('非本机关负责: the office to ask'),
    disclosureIds: z.array(ObjectIdSchema).max(10).optional().describe('Published items the reply points to'),
    links: z.array(z.url().max(500)).max(10).optional(),
  })
  .strict()
  .refine((r) => r.type !== 'not_responsible' || r.rightOffice !== undefined, {
    message: 'rightOffice is required for not_responsible',
    path: ['rightOffice'],
  })
export type InfoRequestReplyReq = z.infer<typeof InfoRequestReplySchema>

export const InfoRequestStatusSchema = z.enum(['registered', 'awaiting_correction', 'replied', 'archived'])
export type InfoRequestStatus = z.infer<typeof InfoRequestStatusSchema>

/** Query of the annual report. */
export const InfoRequestReportQuerySchema = z.object({
  year: z.coerce.number().int().min(2019).max(2100),
  format: z.enum(['json', 'xlsx']).default('json'),
})
