import { z } from 'zod'
import type { InfoReplyType } from './info-requests'

/**
 * The 依申请公开 part of an office's annual report (条例第四十九、五十条; format 国办公开办函〔2021〕30号):
 * the rows and columns of section 三, the hand-entered section 四 and the report's answer. docs/info-requests.md.
 */

/** Query of the annual report; an empty `year=` is a missing year (not the number 0). */
export const InfoRequestReportQuerySchema = z.object({
  year: z.preprocess(
    (v) => (typeof v === 'string' && v.trim() === '' ? undefined : v),
    z.coerce
      .number('请填写年份，如 2026')
      .int('请填写年份，如 2026')
      .min(2019, '年份不能早于 2019 年（条例修订施行之年）')
      .max(2100, '年份不对，请核对'),
  ),
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

/** The row of a request treated as withdrawn for want of a correction in time (art. 30): （六）1. */
export const INFO_REPORT_ROW_OF_LAPSE = 'r6_1'

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
