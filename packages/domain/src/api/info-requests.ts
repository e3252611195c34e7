import { z } from 'zod'
import { isValidCreditCode } from '../privacy/credit-code'
import { readIdNumber } from '../privacy/id-number'
import { DivisionCodeSchema } from '../regions'
import { CORRECTION_PERIOD_WORKING_DAYS } from '../schedules/info-request'
import { halfWidthDigits } from '../text/digits'
import { listItemsProblem } from '../text/list-items'
import { ObjectIdSchema } from './disclosures'

/**
 * Government information requests (依申请公开) to a township or county office under the 政府信息公开条例
 * (arts. 27–39). Facts and sources: docs/info-requests.md.
 */

/** Art. 29 (一): the requester's identity; kept privately, shown only to the requester and the handling office. */
/** How the requester wants the information: electronic 电子, paper 纸质. */
export const InfoRequestFormSchema = z.enum(['electronic', 'paper'])
export type InfoRequestForm = z.infer<typeof InfoRequestFormSchema>

/** The papers each kind of requester identifies with (art. 29; the request form offers these). */
export const INFO_REQUESTER_ID_TYPES = {
  person: ['resident_id', 'passport', 'other'],
  organization: ['business_license'],
} as const satisfies Record<'person' | 'organization', readonly string[]>

export const InfoRequesterSchema = z
  .object({
    type: z.enum(['person', 'organization']).default('person'),
    name: z.string().trim().min(1).max(60),
    idType: z.enum(['resident_id', 'passport', 'other', 'business_license']),
    // Typed on a phone: full-width digits and letters, spaces between groups and a lower-case x are read as meant.
    idNumber: z
      .string()
      .transform((v) => v.normalize('NFKC').replace(/\s+/g, '').toUpperCase())
      .pipe(z.string().min(4).max(32)),
    // A phone number typed with full-width digits is stored as the office will dial it.
    contact: z
      .string()
      .transform((v) => halfWidthDigits(v).trim())
      .pipe(z.string().min(5).max(60))
      .describe('Phone or address for the reply'),
  })
  .strict()
  .superRefine((r, ctx) => {
    // The paper names the kind of requester (art. 29): a person's papers for a person, the 统一社会信用代码 for an
    // organisation (every legal person and other organisation has one, GB 32100-2015).
    if (!(INFO_REQUESTER_ID_TYPES[r.type] as readonly string[]).includes(r.idType)) {
      const message =
        r.type === 'person'
          ? '个人申请请选择身份证、护照或其他个人证件'
          : '单位申请请填写统一社会信用代码（营业执照或登记证书上的18位代码）'
      ctx.addIssue({ code: 'custom', path: ['idType'], message })
      return
    }
    // A 居民身份证号 and a 统一社会信用代码 are checked (format and check character): a wrong one would make the
    // office refuse the request as not identifying the requester (art. 29), weeks later. Passports and other
    // papers have no one format to check.
    if (r.idType === 'resident_id' && !readIdNumber(r.idNumber).ok) {
      ctx.addIssue({ code: 'custom', path: ['idNumber'], message: '身份证号码不对，请核对后再填' })
    }
    if (r.idType === 'business_license' && !isValidCreditCode(r.idNumber)) {
      ctx.addIssue({
        code: 'custom',
        path: ['idNumber'],
        message: '统一社会信用代码不对，请核对营业执照上的18位代码',
      })
    }
  })
export type InfoRequester = z.infer<typeof InfoRequesterSchema>

/**
 * Longest description of the information wanted, and purpose, in characters as a person counts them (`textLength`
 * in text/length.ts: an emoji is one; zod's string `.max()` counts the same, code points): the phone's live
 * counter, the API's 最多 1000 个字 and the stored record's check all use this count.
 */
export const INFO_REQUEST_DESCRIPTION_MAX = 1000
export const INFO_REQUEST_PURPOSE_MAX = 200
const description = z.string().trim().min(1).max(INFO_REQUEST_DESCRIPTION_MAX)
const purpose = z.string().trim().max(INFO_REQUEST_PURPOSE_MAX).optional()

/** Body of `POST /api/v1/info-requests`. */
export const InfoRequestCreateSchema = z
  .object({
    regionCode: DivisionCodeSchema.describe('The township or county office asked'),
    description: description.describe('名称、文号或便于查询的特征描述'),
    purpose,
    form: InfoRequestFormSchema,
    requester: InfoRequesterSchema,
  })
  .strict()
export type InfoRequestCreateReq = z.infer<typeof InfoRequestCreateSchema>

export const InfoRequestParamsSchema = z.object({ id: ObjectIdSchema })

const { min: MIN_CORRECTION_DAYS, max: MAX_CORRECTION_DAYS } = CORRECTION_PERIOD_WORKING_DAYS

/**
 * Longest texts an office writes on a request, in characters as `textLength` counts them: each item a 补正 notice
 * lists, the reason for an extension, who is consulted, the reply, and the office to ask instead (非本机关负责).
 */
export const INFO_REQUEST_MISSING_ITEM_MAX = 200
export const INFO_REQUEST_MISSING_ITEMS_MAX = 10
export const INFO_REQUEST_EXTEND_REASON_MAX = 200
export const INFO_REQUEST_CONSULT_PARTY_MAX = 100
export const INFO_REQUEST_REPLY_TEXT_MAX = 2000
export const INFO_REQUEST_RIGHT_OFFICE_MAX = 100

/**
 * Art. 30: one notice listing everything to correct (一次性告知), with a reasonable time limit (合理的补正期限) in
 * working days from the notice: 15 unless the office sets 10 to 30.
 */
export const InfoRequestCorrectionNoticeSchema = z
  .object({
    // Which item is too long, and that the limit is per item (it said only 最多 200 个字 / 最多 10 项).
    missing: z
      .array(z.string().trim().min(1))
      .min(1)
      .superRefine((items, ctx) => {
        const problem = listItemsProblem(items, INFO_REQUEST_MISSING_ITEM_MAX, INFO_REQUEST_MISSING_ITEMS_MAX)
        if (problem) ctx.addIssue({ code: 'custom', message: problem })
      }),
    workingDays: z
      .number('补正期限请填写工作日的天数')
      .int('补正期限请填写整天数')
      .min(MIN_CORRECTION_DAYS, `补正期限至少${MIN_CORRECTION_DAYS}个工作日`)
      .max(MAX_CORRECTION_DAYS, `补正期限最多${MAX_CORRECTION_DAYS}个工作日`)
      .optional()
      .describe('The time limit to correct, in working days from the notice (default 15)'),
  })
  .strict()

/** The requester's corrected request: the clock starts again on its receipt. */
export const InfoRequestCorrectSchema = z
  .object({
    description,
    purpose,
  })
  .strict()

/** Art. 33: one extension of at most 20 working days, with the reason recorded. */
export const InfoRequestExtendSchema = z
  .object({ reason: z.string().trim().min(1).max(INFO_REQUEST_EXTEND_REASON_MAX) })
  .strict()

/** Art. 32/33: a consultation of a third party or another office; its time does not count. */
export const InfoRequestConsultSchema = z
  .object({
    action: z.enum(['start', 'end']),
    party: z.string().trim().min(1).max(INFO_REQUEST_CONSULT_PARTY_MAX).optional(),
  })
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

/** Whether a URL carries user-info (user:pass@ before the host). */
function hasUserInfo(url: string): boolean {
  try {
    const u = new URL(url)
    return u.username !== '' || u.password !== ''
  } catch {
    return false
  }
}

/** Body of `POST /api/v1/info-requests/:id/reply`. */
export const InfoRequestReplySchema = z
  .object({
    type: InfoReplyTypeSchema,
    text: z
      .string()
      .trim()
      .min(1)
      .max(INFO_REQUEST_REPLY_TEXT_MAX)
      .describe('The written reply; for 不予公开 and 部分公开 the reasons'),
    rightOffice: z
      .string()
      .trim()
      .min(1)
      .max(INFO_REQUEST_RIGHT_OFFICE_MAX)
      .optional()
      .describe('非本机关负责: the office to ask'),
    disclosureIds: z.array(ObjectIdSchema).max(10).optional().describe('Published items the reply points to'),
    /** Web addresses (http or https) the requester can open; no javascript:, data: or file: links. */
    links: z
      .array(
        z
          .url({ protocol: /^https?$/, message: '请填写以 http:// 或 https:// 开头的网址' })
          .max(500)
          // No user-info: https://www.gov.cn@other.site/ reads as a government address and opens another site.
          .refine((u) => !hasUserInfo(u), '网址里不能有 @ 和它前面的用户名、密码，请填写网页本来的地址'),
      )
      .max(10)
      .optional(),
  })
  .strict()
  .refine((r) => r.type !== 'not_responsible' || r.rightOffice !== undefined, {
    message: '请填写负责此事的机关',
    path: ['rightOffice'],
  })
export type InfoRequestReplyReq = z.infer<typeof InfoRequestReplySchema>

export const InfoRequestStatusSchema = z.enum(['registered', 'awaiting_correction', 'replied', 'archived'])
export type InfoRequestStatus = z.infer<typeof InfoRequestStatusSchema>

/**
 * A request's status as shown: the stored one, or `lapsed` for one awaiting correction past its correction period
 * (art. 30: 视为放弃申请; derived when read, as `overdue` is, from `infoRequestLapsedOn`).
 */
export const InfoRequestShownStatusSchema = z.enum([...InfoRequestStatusSchema.options, 'lapsed'])
export type InfoRequestShownStatus = z.infer<typeof InfoRequestShownStatusSchema>

/** Steps of a request's history (`history[].step`), in the order they can happen. */
export const InfoRequestStepSchema = z.enum([
  'registered',
  'correction_notice',
  'corrected',
  'extended',
  'consultation_start',
  'consultation_end',
  'replied',
  'archived',
])
export type InfoRequestStep = z.infer<typeof InfoRequestStepSchema>

/** One request as its requester or the office it is addressed to sees it (`presentInfoRequest`). */
export const InfoRequestDtoSchema = z.object({
  id: z.string(),
  /** e.g. 云溪镇〔2026〕依申请第12号 */
  number: z.string(),
  regionCode: z.string(),
  /** What was asked, as first filed; a 补正 never replaces it. */
  description: z.string(),
  purpose: z.string().nullable(),
  /**
   * The requester's 补正 (条例第三十条: what the correction notice asked for, added to the request, which stays on
   * file as filed), with the day it was received (the clock restarts from it); null before one, and on requests
   * corrected before 补正 were kept apart (their description was replaced).
   */
  supplement: z.object({ text: z.string(), purpose: z.string().nullable(), at: z.string() }).nullable(),
  form: InfoRequestFormSchema,
  status: InfoRequestShownStatusSchema,
  statusLabel: z.string(),
  /** Day of receipt and last day to reply (YYYY-MM-DD, China time). */
  receivedDate: z.string(),
  dueDate: z.string(),
  /** True when the deadline counts days of a year without holiday data (Monday–Friday assumed). */
  provisional: z.boolean(),
  /**
   * Still to answer and past the last day; not while a consultation begun by then holds the clock (its days do not
   * count, art. 33).
   */
  overdue: z.boolean(),
  /** The reply came after the last day to reply (the requester may contest it, art. 51). */
  repliedLate: z.boolean(),
  /**
   * The clock stands still: a consultation is open that began on or before the last day (`infoRequestPaused`). One
   * begun after it pauses nothing (`consulting` without `paused`).
   */
  paused: z.boolean(),
  /** A consultation is open (the office may end it), whether or not it holds the clock. */
  consulting: z.boolean(),
  /** The office sees the identity as given; the requester's own view masks the ID number. */
  requester: z.object({
    type: z.enum(['person', 'organization']),
    name: z.string(),
    idType: InfoRequesterSchema.shape.idType,
    idNumber: z.string(),
    contact: z.string(),
  }),
  /**
   * The correction notice; `dueDate` is the last day to correct (art. 30), `provisional` as for the reply deadline;
   * both null on a notice sent before the period was recorded (it never lapses).
   */
  correctionNotice: z
    .object({
      missing: z.array(z.string()),
      at: z.string(),
      dueDate: z.string().nullable(),
      provisional: z.boolean(),
    })
    .nullable(),
  /**
   * The office's view: the last day it may still send its one correction notice (art. 30: within 7 working days of
   * receipt), while it may; null once sent, past that day, or to the requester.
   */
  correctionNoticeBy: z.string().nullable(),
  /** `correctionNoticeBy` was counted on a year without holiday data (shown with `PROVISIONAL_DATE_NOTE`). */
  correctionNoticeByProvisional: z.boolean(),
  extension: z.object({ reason: z.string(), at: z.string() }).nullable(),
  consultations: z.array(
    z.object({ party: z.string().nullable(), startDate: z.string(), endDate: z.string().nullable() }),
  ),
  reply: z
    .object({
      type: InfoReplyTypeSchema,
      text: z.string(),
      rightOffice: z.string().nullable(),
      disclosureIds: z.array(z.string()),
      /** The published items the reply points to, with their titles, for the requester to open. */
      disclosures: z.array(z.object({ id: z.string(), title: z.string() })),
      links: z.array(z.string()),
      at: z.string(),
    })
    .nullable(),
  history: z.array(z.object({ step: z.string(), at: z.string() })),
  createdAt: z.string(),
})
export type InfoRequestDto = z.infer<typeof InfoRequestDtoSchema>

/** Answer of `POST /api/v1/info-requests`: the request and its acknowledgement (回执). */
export const InfoRequestCreatedDtoSchema = InfoRequestDtoSchema.extend({ acknowledgement: z.string() })
export type InfoRequestCreatedDto = z.infer<typeof InfoRequestCreatedDtoSchema>

export const InfoRequestListDtoSchema = z.object({ requests: z.array(InfoRequestDtoSchema) })

/** Plain Chinese for each reply type (条例第三十六至三十九条), as the office picks it and the requester reads it. */
export const INFO_REPLY_TYPE_LABELS: Record<InfoReplyType, string> = {
  disclosed: '予以公开',
  partly_disclosed: '部分公开',
  withheld_state_secret: '不予公开：属于国家秘密',
  withheld_law_forbids: '不予公开：法律、行政法规禁止公开',
  withheld_security: '不予公开：危及国家安全、公共安全、经济安全、社会稳定',
  withheld_third_party: '不予公开：涉及第三方合法权益',
  withheld_internal: '不予公开：属于内部事务信息',
  withheld_process: '不予公开：属于过程性信息',
  withheld_enforcement_file: '不予公开：属于行政执法案卷',
  withheld_administrative_query: '不予公开：属于行政查询事项',
  not_exist: '本机关没有这项信息',
  not_responsible: '不归本机关负责',
  needs_new_work: '没有现成信息，需要另行制作',
  still_unclear: '补正后申请内容仍不明确',
  petition: '属于信访、举报、投诉',
  repeated: '重复申请',
  publication: '要求提供公开出版物',
  excessive: '无正当理由大量反复申请',
  reconfirm: '要求确认或重新出具已获取的信息',
  not_government_information: '不属于政府信息',
  other: '其他',
}

/** Plain Chinese for each step of a request's history. */
export const INFO_REQUEST_STEP_LABELS: Record<InfoRequestStep, string> = {
  registered: '已登记',
  correction_notice: '通知补正',
  corrected: '已补正',
  extended: '延长答复期限',
  consultation_start: '开始征求意见',
  consultation_end: '征求意见结束',
  replied: '已答复',
  archived: '已归档',
}

/** Plain Chinese for the identity document types of the request form. */
export const INFO_REQUESTER_ID_TYPE_LABELS: Record<InfoRequester['idType'], string> = {
  resident_id: '居民身份证',
  passport: '护照',
  business_license: '统一社会信用代码（营业执照、登记证书上）',
  other: '其他证件',
}
