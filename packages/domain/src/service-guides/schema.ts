import { z } from 'zod'
import { DateOnlySchema } from '../api/pay'
import { DivisionCodeSchema } from '../regions/code'
import { shanghaiDateOf } from '../schedules/dates'

/**
 * 办事指南 (service guides): how to obtain a service that disclosures mention (低保, 临时救助, 宅基地 …). The county
 * keeps the guide's text; a township or village adds where, when and whom to ask locally, without copying the rest.
 * The elements follow the 办事指南 layout of government service portals (`docs/service-guides.md`).
 */

const text = (max: number) => z.string().trim().min(1).max(max)

/**
 * A day as YYYY-MM-DD that has come (today in China at the latest): a source issued or checked in the future is a
 * typing slip. Full-width digits and dashes and stray spaces, as a Chinese input method types them, are read as meant.
 */
const DayNotAfterTodaySchema = z.preprocess(
  (v) => (typeof v === 'string' ? v.normalize('NFKC').replace(/\s/g, '') : v),
  DateOnlySchema.refine((day) => day <= shanghaiDateOf(Date.now()), '日期不能晚于今天'),
)

/** Stable id of a guide, e.g. `dibao`: lowercase letters, digits and hyphens. */
export const ServiceGuideIdSchema = z
  .string()
  .regex(/^[a-z][a-z0-9-]{1,39}$/, '办事指南编号无效')
  .describe('stable guide id, e.g. dibao')
export type ServiceGuideId = z.infer<typeof ServiceGuideIdSchema>

/** One legal basis (设定依据): a law, regulation or policy document, and the article where it applies. */
export const ServiceGuideBasisSchema = z.object({
  /** Title with its document number, e.g. 《社会救助暂行办法》（国务院令第649号）. */
  title: text(120),
  /** Articles relied on, e.g. 第九条至第十三条. */
  articles: text(80).optional(),
})

/** One document to bring (申请材料). */
export const ServiceGuideMaterialSchema = z.object({
  /** What it is, e.g. 户口簿. */
  name: text(80),
  /** Original or copy, how many, when it is needed. */
  note: text(200).optional(),
})

/** One step of the procedure (办理流程), in the order a villager meets them. */
export const ServiceGuideStepSchema = z.object({
  /** Short name of the step, e.g. 提出申请. */
  title: text(30),
  /** What happens and who does it, in plain words. */
  detail: text(400),
  /** How long the step takes, when a source says so. */
  timeLimit: text(80).optional(),
})

/** A common question and its answer (常见问题). */
export const ServiceGuideFaqSchema = z.object({
  question: text(100),
  answer: text(400),
})

/** Where a fact of the guide comes from. */
export const ServiceGuideSourceSchema = z.object({
  /** Document title with its number, e.g. 《国务院关于全面建立临时救助制度的通知》（国发〔2014〕47号）. */
  title: text(160),
  /** Who issued it, e.g. 国务院. */
  issuer: text(60),
  /** Date of issue (YYYY-MM-DD) where known. */
  issuedOn: DayNotAfterTodaySchema.optional(),
})

/** The text of a guide, as the county maintains it. */
export const ServiceGuideContentSchema = z.object({
  /** 事项名称, e.g. 最低生活保障申请: in Chinese (a word of Latin letters is a draft's placeholder, not a name). */
  name: text(40).refine((n) => !/[A-Za-z]{3,}/.test(n), '事项名称请用中文'),
  /** One plain sentence: what the service is. */
  summary: text(160),
  /** 设定依据. */
  basis: z.array(ServiceGuideBasisSchema).min(1).max(10),
  /** 申请条件: who qualifies. */
  eligibility: z.array(text(300)).min(1).max(12),
  /** Who submits the application and to whom (申请人/受理机关). */
  applicant: text(300),
  /** 申请材料. */
  materials: z.array(ServiceGuideMaterialSchema).max(20),
  /** 办理流程. */
  steps: z.array(ServiceGuideStepSchema).min(1).max(12),
  /** 办理时限. */
  timeLimit: text(300),
  /** 收费标准. */
  fee: text(200),
  /** 办理地点和时间. */
  place: text(300),
  /** 咨询和监督电话 (offices' numbers only). */
  contact: text(300),
  /** 常见问题. */
  faq: z.array(ServiceGuideFaqSchema).max(12),
  /** Sources of the facts above. */
  sources: z.array(ServiceGuideSourceSchema).min(1).max(10),
  /** Day the sources were last checked (YYYY-MM-DD). */
  checkedOn: DayNotAfterTodaySchema,
})
export type ServiceGuideContent = z.infer<typeof ServiceGuideContentSchema>

/** A guide as shipped: its id, the catalog items whose disclosures it explains, and the starting text. */
export interface ServiceGuideTemplate {
  /** Stable id. */
  id: ServiceGuideId
  /** The question the guide answers, as a disclosure links to it (怎么申请低保). */
  question: string
  /** Catalog item ids whose disclosures link to this guide (怎么申请…), and whose disclosures the guide lists. */
  catalogItemIds: readonly string[]
  /** Words villagers use for the service, for search (e.g. 低保, 吃低保). */
  keywords: readonly string[]
  /** The text every county starts from until it edits its own. */
  content: ServiceGuideContent
}

/** Local details a township or village adds to the county's guide (办理地点、时间、电话 where they differ). */
export const ServiceGuideNoteSchema = z
  .object({
    /** Where to go locally, e.g. 村委会一楼便民服务室. */
    place: text(200).optional(),
    /** When, e.g. 工作日 8:30—17:00. */
    hours: text(100).optional(),
    /** An office's telephone number or whom to ask. */
    contact: text(200).optional(),
    /** Anything else villagers here should know. */
    note: text(500).optional(),
  })
  .refine((n) => Boolean(n.place ?? n.hours ?? n.contact ?? n.note), '请至少填写一项')
export type ServiceGuideNote = z.infer<typeof ServiceGuideNoteSchema>

const GuideParams = z.object({ code: DivisionCodeSchema, guideId: ServiceGuideIdSchema })

/** `GET /regions/:code/service-guides`: the guides for a region (its county's). */
export const ServiceGuideListSchema = { params: z.object({ code: DivisionCodeSchema }) }

/** `GET /regions/:code/service-guides/:guideId`: one guide with the local notes and related disclosures. */
export const ServiceGuideGetSchema = { params: GuideParams }

/** `PUT /regions/:code/service-guides/:guideId` (county staff): replaces the county's text of the guide. */
export const ServiceGuideUpdateSchema = {
  params: GuideParams,
  body: z.object({
    content: ServiceGuideContentSchema,
    /** The version the editor started from (0 for the shipped text); another edit in between is a 409. */
    baseVersion: z.number().int().min(0),
  }),
}
export type ServiceGuideUpdateReq = z.infer<typeof ServiceGuideUpdateSchema.body>

/** `PUT /regions/:code/service-guides/:guideId/note` (the township's or village's staff): sets the local note. */
export const ServiceGuideNoteSetSchema = { params: GuideParams, body: ServiceGuideNoteSchema }

/** `DELETE /regions/:code/service-guides/:guideId/note`: removes the local note. */
export const ServiceGuideNoteRemoveSchema = { params: GuideParams }

/** `GET /service-guides/search?q=&regionCode=`: guides matching a question such as 怎么申请低保. */
export const ServiceGuideSearchSchema = {
  query: z.object({
    q: z.string().trim().min(1).max(100),
    regionCode: DivisionCodeSchema,
    limit: z.coerce.number().int().min(1).max(20).default(5),
  }),
}

/** A guide in a list. */
export const ServiceGuideSummarySchema = z.object({
  id: z.string(),
  name: z.string(),
  summary: z.string(),
  catalogItemIds: z.array(z.string()),
})
export type ServiceGuideSummaryDto = z.infer<typeof ServiceGuideSummarySchema>

/** A local note as shown under the guide. */
export const ServiceGuideNoteViewSchema = z.object({
  regionCode: z.string(),
  regionName: z.string().nullable(),
  level: z.enum(['township', 'village']),
  updatedAt: z.string(),
  place: z.string().optional(),
  hours: z.string().optional(),
  contact: z.string().optional(),
  note: z.string().optional(),
})
export type ServiceGuideNoteDto = z.infer<typeof ServiceGuideNoteViewSchema>

/** A disclosure the guide is about (e.g. the village's 低保 lists). */
export const ServiceGuideRelatedSchema = z.object({
  id: z.string(),
  title: z.string(),
  period: z.string(),
  regionName: z.string().nullable(),
  publishedAt: z.string().nullable(),
})
export type ServiceGuideRelatedDto = z.infer<typeof ServiceGuideRelatedSchema>

/** One guide as read in a region. */
export const ServiceGuideViewSchema = z.object({
  id: z.string(),
  catalogItemIds: z.array(z.string()),
  /** The county whose text this is. */
  countyCode: z.string(),
  /** 0 while the county uses the shipped text; each county edit adds one. */
  version: z.number().int(),
  /** When the county last edited it; null for the shipped text. */
  updatedAt: z.string().nullable(),
  content: ServiceGuideContentSchema,
  /** The township's note, then the village's, for the region asked about. */
  notes: z.array(ServiceGuideNoteViewSchema),
  /** Published disclosures of the region about this service, newest first. */
  related: z.array(ServiceGuideRelatedSchema),
})
export type ServiceGuideDto = z.infer<typeof ServiceGuideViewSchema>

/** `GET /regions/:code/service-guides/:guideId/poster.pdf?size=A4|A3`: the guide as a one-page printed sheet. */
export const ServiceGuidePosterSchema = {
  params: GuideParams,
  query: z.object({ size: z.enum(['A4', 'A3']).default('A4') }),
}

/** The H5 path of a guide for a region (what a printed guide's QR code opens). */
export function guidePagePath(guideId: string, regionCode: string): string {
  return `/#/guides/detail/index?id=${guideId}&code=${regionCode}`
}
