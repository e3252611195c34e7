import { z } from 'zod'
import { isValidChineseId } from '../privacy/id-number'
import { DivisionCodeSchema } from '../regions'
import { halfWidthDigits } from '../text/digits'
import { ObjectIdSchema } from './disclosures'

/**
 * Government information requests (依申请公开) to a township or county office under the 政府信息公开条例
 * (arts. 27–39). Facts and sources: docs/info-requests.md.
 */

/** Art. 29 (一): the requester's identity; kept privately, shown only to the requester and the handling office. */
/** How the requester wants the information: electronic 电子, paper 纸质. */
export const InfoRequestFormSchema = z.enum(['electronic', 'paper'])
export type InfoRequestForm = z.infer<typeof InfoRequestFormSchema>

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
    // A 居民身份证号 is checked (date and check digit): a wrong one would make the office refuse the request as
    // not identifying the requester (art. 29), weeks later. Other papers have no one format to check.
    if (r.idType === 'resident_id' && !isValidChineseId(r.idNumber)) {
      ctx.addIssue({ code: 'custom', path: ['idNumber'], message: '身份证号码不对，请核对后再填' })
    }
  })
export type InfoRequester = z.infer<typeof InfoRequesterSchema>

/** Body of `POST /api/v1/info-requests`. */
export const InfoRequestCreateSchema = z
  .object({
    regionCode: DivisionCodeSchema.describe('The township or county office asked'),
    description: z.string().trim().min(1).max(1000).describe('名称、文号或便于查询的特征描述'),
    purpose: z.string().trim().max(200).optional(),
    form: InfoRequestFormSchema,
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
    /** Web addresses (http or https) the requester can open; no javascript:, data: or file: links. */
    links: z
      .array(z.url({ protocol: /^https?$/, message: '请填写以 http:// 或 https:// 开头的网址' }).max(500))
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

/** Query of the annual report. */
export const InfoRequestReportQuerySchema = z.object({
  year: z.coerce.number().int().min(2019).max(2100),
  format: z.enum(['json', 'xlsx']).default('json'),
})

/**
 * Rows of section 三 of the annual report table (国办公开办函〔2021〕30号): leaf keys and their labels, in order.
 * Group rows （三）–（六） have no numbers of their own.
 */
export const INFO_REPORT_ROWS: readonly { key: string; label: string; leaf: boolean }[] = [
  { key: 'new', label: '一、本年新收政府信息公开申请数量', leaf: false },
  { key: 'carried_in', label: '二、上年结转政府信息公开申请数量', leaf: false },
  { key: 'r1', label: '（一）予以公开', leaf: true },
  { key: 'r2', label: '（二）部分公开（区分处理的，只计这一情形，不计其他情形）', leaf: true },
  { key: 'r3_1', label: '（三）不予公开 1.属于国家秘密', leaf: true },
  { key: 'r3_2', label: '（三）不予公开 2.其他法律行政法规禁止公开', leaf: true },
  { key: 'r3_3', label: '（三）不予公开 3.危及“三安全一稳定”', leaf: true },
  { key: 'r3_4', label: '（三）不予公开 4.保护第三方合法权益', leaf: true },
  { key: 'r3_5', label: '（三）不予公开 5.属于三类内部事务信息', leaf: true },
  { key: 'r3_6', label: '（三）不予公开 6.属于四类过程性信息', leaf: true },
  { key: 'r3_7', label: '（三）不予公开 7.属于行政执法案卷', leaf: true },
  { key: 'r3_8', label: '（三）不予公开 8.属于行政查询事项', leaf: true },
  { key: 'r4_1', label: '（四）无法提供 1.本机关不掌握相关政府信息', leaf: true },
  { key: 'r4_2', label: '（四）无法提供 2.没有现成信息需要另行制作', leaf: true },
  { key: 'r4_3', label: '（四）无法提供 3.补正后申请内容仍不明确', leaf: true },
  { key: 'r5_1', label: '（五）不予处理 1.信访举报投诉类申请', leaf: true },
  { key: 'r5_2', label: '（五）不予处理 2.重复申请', leaf: true },
  { key: 'r5_3', label: '（五）不予处理 3.要求提供公开出版物', leaf: true },
  { key: 'r5_4', label: '（五）不予处理 4.无正当理由大量反复申请', leaf: true },
  { key: 'r5_5', label: '（五）不予处理 5.要求行政机关确认或重新出具已获取信息', leaf: true },
  {
    key: 'r6_1',
    label: '（六）其他处理 1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请',
    leaf: true,
  },
  {
    key: 'r6_2',
    label: '（六）其他处理 2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请',
    leaf: true,
  },
  { key: 'r6_3', label: '（六）其他处理 3.其他', leaf: true },
  { key: 'total', label: '（七）总计', leaf: false },
  { key: 'carried_out', label: '四、结转下年度继续办理', leaf: false },
]

/** The report row each reply type counts in (one leaf per closed request). */
export const INFO_REPORT_ROW_OF_REPLY: Record<InfoReplyType, string> = {
  disclosed: 'r1',
  partly_disclosed: 'r2',
  withheld_state_secret: 'r3_1',
  withheld_law_forbids: 'r3_2',
  withheld_security: 'r3_3',
  withheld_third_party: 'r3_4',
  withheld_internal: 'r3_5',
  withheld_process: 'r3_6',
  withheld_enforcement_file: 'r3_7',
  withheld_administrative_query: 'r3_8',
  not_exist: 'r4_1',
  not_responsible: 'r4_1',
  needs_new_work: 'r4_2',
  still_unclear: 'r4_3',
  petition: 'r5_1',
  repeated: 'r5_2',
  publication: 'r5_3',
  excessive: 'r5_4',
  reconfirm: 'r5_5',
  not_government_information: 'r6_3',
  other: 'r6_3',
}

/** Columns of the table: 自然人, the five kinds of 法人或其他组织, 总计. */
export const INFO_REPORT_COLUMNS = [
  { key: 'person', label: '自然人' },
  { key: 'business', label: '商业企业' },
  { key: 'research', label: '科研机构' },
  { key: 'charity', label: '社会公益组织' },
  { key: 'legal', label: '法律服务机构' },
  { key: 'other_org', label: '其他' },
  { key: 'total', label: '总计' },
] as const

/** Section 四, entered by hand: administrative reconsideration and litigation case counts. */
const AppealCountsSchema = z
  .object({
    maintained: z.number().int().min(0).max(100_000),
    corrected: z.number().int().min(0).max(100_000),
    other: z.number().int().min(0).max(100_000),
    pending: z.number().int().min(0).max(100_000),
  })
  .strict()
export const InfoRequestAppealsSchema = z
  .object({
    reconsideration: AppealCountsSchema,
    litigationDirect: AppealCountsSchema,
    litigationAfterReconsideration: AppealCountsSchema,
  })
  .strict()
export type InfoRequestAppeals = z.infer<typeof InfoRequestAppealsSchema>

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
  description: z.string(),
  purpose: z.string().nullable(),
  form: InfoRequestFormSchema,
  status: InfoRequestStatusSchema,
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
  /** A consultation is open: the clock stands still. */
  paused: z.boolean(),
  /** The office sees the identity as given; the requester's own view masks the ID number. */
  requester: z.object({
    type: z.enum(['person', 'organization']),
    name: z.string(),
    idType: InfoRequesterSchema.shape.idType,
    idNumber: z.string(),
    contact: z.string(),
  }),
  correctionNotice: z.object({ missing: z.array(z.string()), at: z.string() }).nullable(),
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

/** Answer of the annual report in JSON: section 三 by row and column, section 四 as entered. */
export const InfoRequestReportDtoSchema = z.object({
  regionCode: z.string(),
  regionName: z.string(),
  year: z.number(),
  rows: z.array(
    z.object({
      key: z.string(),
      label: z.string(),
      counts: z.record(z.enum(INFO_REPORT_COLUMNS.map((c) => c.key)), z.number()),
    }),
  ),
  appeals: InfoRequestAppealsSchema.nullable(),
  balanced: z.boolean(),
})
export type InfoRequestReportDto = z.infer<typeof InfoRequestReportDtoSchema>

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
  business_license: '营业执照（统一社会信用代码）',
  other: '其他证件',
}
