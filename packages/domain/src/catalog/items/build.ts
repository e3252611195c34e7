import type {
  Audience,
  CatalogItem,
  CatalogLevel,
  Channel,
  Confidence,
  DisclosureMethod,
  Schedule,
  TimeLimit,
  Unknown,
} from '../schema'
import type { TableSchema } from '../table-schema'

/** What a data file states about an item; the rest is filled with the usual defaults by defineItems. */
export interface ItemDraft {
  /** Id suffix after the domain id, e.g. `dibao.approval`. */
  slug: string
  level1: string
  level2?: string | null
  /** @default level2 ?? level1 */
  name?: string
  content: string[]
  basis: string[]
  timeLimit: TimeLimit | null
  subject: string | null
  channels: Channel[]
  channelNote?: string
  /** @default all (全社会) */
  audience?: Audience | null
  levels: CatalogLevel[]
  /** @default proactive */
  method?: DisclosureMethod | null
  schedule?: Schedule | null
  /** @default the domain's focus flag */
  focus?: boolean
  table?: TableSchema | null
  /** Full ids of the government items this item corresponds to. */
  alignsWith?: string[]
  /** @default found */
  confidence?: Confidence
  unknowns?: Unknown[]
  sources: string[]
  notes?: string
}

/** Expands drafts into catalog items of one domain, filling defaults (主动, 全社会, found). */
export function defineItems(
  domainId: string,
  domainFocus: boolean,
  drafts: readonly ItemDraft[],
): CatalogItem[] {
  return drafts.map((d) => {
    const item: CatalogItem = {
      id: `${domainId}.${d.slug}`,
      domainId,
      level1: d.level1,
      level2: d.level2 ?? null,
      name: d.name ?? d.level2 ?? d.level1,
      content: d.content,
      basis: d.basis,
      timeLimit: d.timeLimit,
      subject: d.subject,
      method: d.method === undefined ? 'proactive' : d.method,
      channels: d.channels,
      audience: d.audience === undefined ? ALL : d.audience,
      levels: d.levels,
      schedule: d.schedule ?? null,
      focus: d.focus ?? domainFocus,
      table: d.table ?? null,
      alignsWith: d.alignsWith ?? [],
      confidence: d.confidence ?? 'found',
      unknowns: d.unknowns ?? [],
      sources: d.sources,
    }
    if (d.channelNote !== undefined) item.channelNote = d.channelNote
    if (d.notes !== undefined) item.notes = d.notes
    return item
  })
}

/** 全社会. */
export const ALL: Audience = { kind: 'all' }

/** 本村（社区）村（居）民: the audience of 村务公开 (村民委员会组织法第30条: 接受村民查询). */
export const VILLAGERS: Audience = { kind: 'specific', description: '本村（社区）村（居）民' }

/** 条例第26条: 信息形成或者变更之日起20个工作日内. */
export const FORMED_20WD: TimeLimit = {
  trigger: 'formed_or_changed',
  days: 20,
  unit: 'working_days',
  text: '信息形成或者变更之日起20个工作日内',
}

/** 民政 domains: 制定或获取信息之日起10个工作日内. */
export const OBTAINED_10WD: TimeLimit = {
  trigger: 'made_or_obtained',
  days: 10,
  unit: 'working_days',
  text: '制定或获取信息之日起10个工作日内',
}

/** Village affairs follow the schedule, not a statutory clock. */
export const VILLAGE_PERIODIC: TimeLimit = {
  trigger: 'periodic',
  days: null,
  unit: null,
  text: '按村务公开时间：一般事项至少每季度，财务收支每月，重大事项随时公布（村民委员会组织法第30条）',
}

/** Frequently cited rules, spelled once. */
export const RULES = {
  ogi: '《政府信息公开条例》（国务院令第711号）',
  orgLaw30: '《村民委员会组织法》（2018）第30条',
  orgLaw24: '《村民委员会组织法》（2018）第24条',
  shandong: '《山东省村务公开条例》（2018）',
  zhongban2004: '中办发〔2004〕17号《关于健全和完善村务公开和民主管理制度的意见》',
  finance2011: '农业部 监察部《农村集体经济组织财务公开规定》（2011修订）',
  collectiveLaw45: '《农村集体经济组织法》（2024）第45条',
  zhejiang25: '《浙江省农村集体资产管理条例》（2020）第25条',
  dibao2021: '《最低生活保障审核确认办法》（民发〔2021〕57号）',
  tekun2021: '《特困人员认定办法》（2021）',
  temp2018: '《民政部 财政部关于进一步加强和改进临时救助工作的意见》（民发〔2018〕23号）',
  disasterRelief: '《自然灾害救助条例》',
  landLaw: '《土地管理法》（2019）',
  landRegs: '《土地管理法实施条例》（2021）',
  fourTwo: '“四议两公开”工作法（二手资料：pufaku.com/kepu/3814.html）',
} as const

const POSTING_5_DAYS = '山东省村务公开条例：公开栏内容至少保留五日，少于五日的应重新公布'

/** General village affairs: at least quarterly, posted at least 5 days. */
export const VILLAGE_QUARTERLY: Schedule = {
  cadence: 'quarterly',
  minPostingDays: 5,
  postingDaysUnit: 'calendar_days',
  dueDays: null,
  basis: ['村民委员会组织法第30条：一般事项至少每季度公布一次', POSTING_5_DAYS],
}

/** Village finance: monthly, item by item, posted at least 5 days. */
export const VILLAGE_MONTHLY: Schedule = {
  cadence: 'monthly',
  minPostingDays: 5,
  postingDaysUnit: 'calendar_days',
  dueDays: null,
  basis: [
    '村民委员会组织法第30条：集体财务往来较多的，财务收支情况应当每月公布一次',
    '山东省村务公开条例：财务收支逐项逐笔每月公布一次',
    POSTING_5_DAYS,
  ],
}

/** Major matters: at once, posted at least 5 days. */
export const VILLAGE_IMMEDIATE: Schedule = {
  cadence: 'immediate',
  minPostingDays: 5,
  postingDaysUnit: 'calendar_days',
  dueDays: null,
  basis: ['村民委员会组织法第30条：涉及村民利益的重大事项应当随时公布', POSTING_5_DAYS],
}

/** Yearly matters (annual plans, appraisals), posted at least 5 days. */
export const VILLAGE_YEARLY: Schedule = {
  cadence: 'yearly',
  minPostingDays: 5,
  postingDaysUnit: 'calendar_days',
  dueDays: null,
  basis: ['年度事项按年公布（财务计划、民主评议）', POSTING_5_DAYS],
}

/** The usual unknown note for rows only partly read. */
export function unknown(field: Unknown['field'], note: string): Unknown {
  return { field, note }
}

const ELEMENT_FIELDS = [
  'content',
  'basis',
  'timeLimit',
  'subject',
  'method',
  'channels',
  'audience',
  'levels',
] as const

/** Unknown markers for every element of a row whose content was not recovered. */
export function unknownElements(note: string): Unknown[] {
  return ELEMENT_FIELDS.map((field) => ({ field, note }))
}

/** The empty element values of a row whose content was not recovered. */
export const NO_ELEMENTS: Pick<
  ItemDraft,
  'content' | 'basis' | 'timeLimit' | 'subject' | 'method' | 'channels' | 'audience' | 'levels'
> = {
  content: [],
  basis: [],
  timeLimit: null,
  subject: null,
  method: null,
  channels: [],
  audience: null,
  levels: [],
}
