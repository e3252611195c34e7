import { z } from 'zod'
import { TableSchemaSchema } from './table-schema'

/**
 * Zod schemas and types of the standard disclosure catalog (政务公开/村务公开事项标准目录).
 * The nine elements of every item follow 国办发〔2019〕54号: 名称, 内容, 依据, 时限, 主体, 方式, 渠道, 对象, 层级.
 * The tables an item publishes, with each column's privacy policy, are in table-schema.ts.
 */

/** Stable ASCII id: dot-separated kebab segments, e.g. `social-assistance.dibao.approval`. */
export const CatalogIdSchema = z
  .string()
  .regex(/^[a-z][a-z0-9-]*(\.[a-z0-9][a-z0-9-]*)*$/, '栏目不对，请从目录重新选择')
  .describe('Stable ASCII id, dot-separated kebab-case segments')

/** Government level that publishes an item (公开层级). */
export const CatalogLevelSchema = z
  .enum(['county', 'township', 'village'])
  .describe('公开层级: county 县级, township 乡级 (乡镇/街道), village 村级 (村/社区)')
export type CatalogLevel = z.infer<typeof CatalogLevelSchema>

/** How an item is disclosed (公开方式). */
export const DisclosureMethodSchema = z
  .enum(['proactive', 'on_request', 'not_disclosed'])
  .describe('公开方式: proactive 主动公开, on_request 依申请公开, not_disclosed 不予公开')
export type DisclosureMethod = z.infer<typeof DisclosureMethodSchema>

/** The fixed channel checklist of the national guidelines (公开渠道). */
export const ChannelSchema = z
  .enum([
    'government_website',
    'government_gazette',
    'new_media',
    'press_or_hearing',
    'radio_tv',
    'print_media',
    'reading_point',
    'service_center',
    'convenience_station',
    'on_site',
    'notice_board',
    'targeted_push',
    'other',
  ])
  .describe('公开渠道, the fixed checklist of the national guidelines; labels in CHANNEL_LABELS')
export type Channel = z.infer<typeof ChannelSchema>

/** Chinese labels of the channels, as printed in the national catalog tables. */
export const CHANNEL_LABELS: Readonly<Record<Channel, string>> = {
  government_website: '政府网站',
  government_gazette: '政府公报',
  new_media: '两微一端',
  press_or_hearing: '发布会/听证会',
  radio_tv: '广播电视',
  print_media: '纸质媒体',
  reading_point: '公开查阅点',
  service_center: '政务服务中心',
  convenience_station: '便民服务站',
  on_site: '入户/现场',
  notice_board: '社区/企事业单位/村公示栏（电子屏）',
  targeted_push: '精准推送',
  other: '其他',
}

/** Chinese labels of the levels. */
export const LEVEL_LABELS: Readonly<Record<CatalogLevel, string>> = {
  county: '县级',
  township: '乡级',
  village: '村级',
}

/** Chinese labels of the disclosure methods. */
export const METHOD_LABELS: Readonly<Record<DisclosureMethod, string>> = {
  proactive: '主动公开',
  on_request: '依申请公开',
  not_disclosed: '不予公开',
}

/** Who the item is disclosed to (公开对象). */
export const AudienceSchema = z
  .discriminatedUnion('kind', [
    z.object({ kind: z.literal('all').describe('全社会') }),
    z.object({
      kind: z.literal('specific').describe('特定群体'),
      description: z.string().min(1).describe('Which group, in Chinese, e.g. 拟征收土地所在地的村集体成员'),
    }),
  ])
  .describe('公开对象: 全社会 or a 特定群体')
export type Audience = z.infer<typeof AudienceSchema>

/** Statutory time limit for publishing (公开时限). */
export const TimeLimitSchema = z
  .object({
    trigger: z
      .enum(['formed_or_changed', 'made_or_obtained', 'approved', 'event', 'periodic'])
      .describe(
        'What starts the clock: formed_or_changed 信息形成或变更, made_or_obtained 制定或获取, approved 批准/批复, event a named event (see text), periodic the schedule',
      ),
    days: z
      .number()
      .int()
      .positive()
      .nullable()
      .describe('Length of the limit; null when the text gives none'),
    unit: z
      .enum(['working_days', 'calendar_days'])
      .nullable()
      .describe('Unit of `days`; null exactly when `days` is null'),
    text: z.string().min(1).describe('The limit as worded in the source (Chinese)'),
  })
  .refine((t) => (t.days === null) === (t.unit === null), {
    message: 'days and unit must both be set or both be null',
  })
  .describe('公开时限')
export type TimeLimit = z.infer<typeof TimeLimitSchema>

/** Cadence of a periodic disclosure. */
export const CadenceSchema = z
  .enum(['monthly', 'quarterly', 'half_yearly', 'yearly', 'immediate'])
  .describe(
    'monthly 每月, quarterly 每季度, half_yearly 每半年, yearly 每年, immediate 随时/及时 (event-driven)',
  )
export type Cadence = z.infer<typeof CadenceSchema>

/** Periodic schedule and minimum posting period of the village (or government) posting. */
export const ScheduleSchema = z
  .object({
    cadence: CadenceSchema.describe(
      'How often a new disclosure is due; immediate = as soon as the matter arises',
    ),
    minPostingDays: z
      .number()
      .int()
      .positive()
      .nullable()
      .describe(
        'Minimum days a posting stays on the board; null when no rule was found (then listed in unknowns)',
      ),
    postingDaysUnit: z
      .enum(['calendar_days', 'working_days'])
      .describe('Unit of minPostingDays (and of dueDays)'),
    dueDays: z
      .number()
      .int()
      .positive()
      .nullable()
      .describe(
        'Days after the period end or the event by which the posting is due; null when the rule gives none',
      ),
    basis: z.array(z.string().min(1)).min(1).describe('Rules the cadence and posting period come from'),
  })
  .describe('Periodic schedule')
export type Schedule = z.infer<typeof ScheduleSchema>

/** How far an item's data can be trusted (see docs/catalog.md). */
export const ConfidenceSchema = z
  .enum(['found', 'title_only', 'not_recovered', 'condensed_local_version', 'derived'])
  .describe(
    'found: seen in a published catalog or legal text; title_only: only the row title was seen; not_recovered: row expected but not seen; condensed_local_version: from a simplified local table; derived: composed by us from the cited legal duties (village items)',
  )
export type Confidence = z.infer<typeof ConfidenceSchema>

/** Item fields that may be unknown. */
export const UnknownFieldSchema = z.enum([
  'content',
  'basis',
  'timeLimit',
  'subject',
  'method',
  'channels',
  'audience',
  'levels',
  'schedule',
  'table',
])
export type UnknownField = z.infer<typeof UnknownFieldSchema>

/** Marker that a value was not found in any source (rather than invented). */
export const UnknownSchema = z
  .object({
    field: UnknownFieldSchema.describe('Which element is unknown or partly unknown'),
    note: z.string().min(1).describe('What is missing and why'),
  })
  .describe('Provenance marker for a value the research did not recover')
export type Unknown = z.infer<typeof UnknownSchema>

/** One catalog item (公开事项) with the nine elements. */
export const CatalogItemSchema = z
  .object({
    id: CatalogIdSchema,
    domainId: CatalogIdSchema.describe('The domain (领域) the item belongs to'),
    level1: z.string().min(1).describe('一级事项'),
    level2: z.string().min(1).nullable().describe('二级事项; null where the source has none'),
    name: z.string().min(1).describe('名称: the item name shown to users'),
    content: z.array(z.string().min(1)).describe('内容: content elements; empty when unknown'),
    basis: z
      .array(z.string().min(1))
      .describe('依据: laws, rules and documents (name and number); empty when unknown'),
    timeLimit: TimeLimitSchema.nullable().describe('时限; null when unknown'),
    subject: z.string().min(1).nullable().describe('主体: who publishes; null when unknown'),
    method: DisclosureMethodSchema.nullable().describe('方式; null when unknown'),
    channels: z.array(ChannelSchema).describe('渠道; empty when unknown'),
    channelNote: z
      .string()
      .min(1)
      .optional()
      .describe('Channel detail the enum cannot hold (e.g. 征地信息公开平台)'),
    audience: AudienceSchema.nullable().describe('对象; null when unknown'),
    levels: z.array(CatalogLevelSchema).describe('层级: who publishes the item; empty when unknown'),
    schedule: ScheduleSchema.nullable().describe(
      'Periodic schedule of the posting, where the rules give one',
    ),
    focus: z.boolean().describe('Part of the focus categories villages must disclose (docs/design.md)'),
    table: TableSchemaSchema.nullable().describe('Table the disclosure publishes, if any'),
    alignsWith: z
      .array(CatalogIdSchema)
      .describe('Ids of government items whose content this (village) item must correspond to'),
    confidence: ConfidenceSchema,
    unknowns: z
      .array(UnknownSchema)
      .describe('Every element that is null, empty or only partly known, with a note'),
    sources: z.array(z.string().min(1)).describe('Where the item was seen: document names/numbers or URLs'),
    notes: z.string().min(1).optional().describe('Local variants and caveats'),
  })
  .describe('Catalog item (公开事项)')
export type CatalogItem = z.infer<typeof CatalogItemSchema>

/** Research coverage of a domain. */
export const CoverageSchema = z
  .enum(['mostly_complete', 'partial', 'not_researched', 'derived'])
  .describe(
    'mostly_complete / partial: rows recovered from published catalogs; not_researched: only the domain name is known; derived: village domain composed from legal duties',
  )

/** One disclosure domain (领域): the 26 基层政务公开 pilot domains plus the village affairs domains. */
export const CatalogDomainSchema = z
  .object({
    id: CatalogIdSchema,
    name: z.string().min(1).describe('Domain name (Chinese)'),
    aliases: z.array(z.string().min(1)).describe('Other names used by local documents'),
    kind: z
      .enum(['government', 'village'])
      .describe('government: one of the 26 政务公开 domains; village: 村务公开'),
    order: z.number().int().positive().describe('Display order'),
    leadDepartment: z
      .string()
      .min(1)
      .nullable()
      .describe('National lead department; null when not researched'),
    focus: z.boolean().describe('A focus category (docs/design.md)'),
    coverage: CoverageSchema,
    coverageNote: z.string().min(1).describe('What the research recovered and what is missing'),
    sources: z.array(z.string().min(1)).describe('Where the domain name/list comes from'),
  })
  .describe('Catalog domain (领域)')
export type CatalogDomain = z.infer<typeof CatalogDomainSchema>

/** The whole versioned catalog. */
export const CatalogSchema = z
  .object({
    version: z
      .string()
      .regex(/^\d{4}\.\d+$/)
      .describe('Catalog version, e.g. 2026.1'),
    domains: z.array(CatalogDomainSchema),
    items: z.array(CatalogItemSchema),
  })
  .describe('Versioned standard catalog')
export type Catalog = z.infer<typeof CatalogSchema>
