import type { CatalogItem, Channel, Schedule } from '../schema'
import { defineItems, FORMED_20WD, NO_ELEMENTS, RULES, unknown, unknownElements } from './build'

/** 财政预决算 and 户籍管理 items (docs/catalog.md §1.5, §1.9). */

const YEARLY_BUDGET: Schedule = {
  cadence: 'yearly',
  minPostingDays: null,
  postingDaysUnit: 'calendar_days',
  dueDays: 20,
  basis: ['《地方预决算公开操作规程》（财预〔2016〕143号）：批准（批复）后20日内公开'],
}
const BUDGET_BASIS = ['《预算法》', RULES.ogi, '《地方预决算公开操作规程》（财预〔2016〕143号）']
const NO_POSTING = unknown(
  'schedule',
  'Published on websites and kept online; no minimum posting period applies',
)

export const FISCAL_BUDGET_ITEMS: CatalogItem[] = defineItems('fiscal-budget', false, [
  {
    slug: 'government-budget',
    level1: '财政预决算',
    level2: '政府预算',
    content: [
      '一般公共预算收入表、支出表、本级支出表、本级基本支出表',
      '本级支出公开到功能分类项级科目；本级基本支出公开到经济分类款级科目；专项转移支付分地区、分项目公开',
      '对转移支付安排执行、举借政府债务等重要事项作解释说明；公开重大政策和重点项目绩效目标',
      '本级汇总“三公”经费预算总额及因公出国（境）费、公务用车购置费、公务用车运行费、公务接待费分项，并说明增减变化',
      '没有数据的表格列空表并说明',
    ],
    basis: [...BUDGET_BASIS, '《地方政府债务信息公开办法（试行）》（财预〔2018〕209号）'],
    timeLimit: {
      trigger: 'approved',
      days: 20,
      unit: 'calendar_days',
      text: '本级人民代表大会或其常务委员会批准后20日内',
    },
    subject: '乡镇人民政府（县级为本级财政部门）',
    channels: ['government_website'],
    levels: ['township'],
    schedule: YEARLY_BUDGET,
    unknowns: [
      unknown('content', '政府性基金、国有资本经营、社保基金预算表 not recovered'),
      unknown('levels', 'Recovered from a township catalog (永修县江上乡); the county row is analogous'),
      NO_POSTING,
    ],
    sources: ['https://www.yongxiu.gov.cn/jsx/02/glyjczwgkml/202403/t20240301_6423112.html'],
  },
  {
    slug: 'government-final-accounts',
    level1: '财政预决算',
    level2: '政府决算',
    ...NO_ELEMENTS,
    timeLimit: {
      trigger: 'approved',
      days: 20,
      unit: 'calendar_days',
      text: '批准后20日内（by analogy with 政府预算; not recovered）',
    },
    confidence: 'not_recovered',
    unknowns: unknownElements('政府决算 row content not recovered').filter((u) => u.field !== 'timeLimit'),
    sources: ['catalog.md §1.5 (gap)'],
  },
  {
    slug: 'department-accounts',
    level1: '财政预决算',
    level2: '部门预决算',
    content: [
      '部门决算收支表等',
      '“三公”经费支出表按因公出国（境）费、公务用车购置及运行费（细化为购置费、运行费）、公务接待费公开，并与预算对比说明增减',
      '部门职责、机构设置、决算收支增减变化、机关运行经费安排、政府采购（总额；货物/工程/服务金额；授予中小企业合同金额及占比）说明',
      '专业名词解释',
      '逐步公开国有资产占用、绩效评价结果',
    ],
    basis: BUDGET_BASIS,
    timeLimit: { trigger: 'approved', days: 20, unit: 'calendar_days', text: '本级政府财政部门批复后20日内' },
    subject: '各政府部门及乡镇',
    channels: ['government_website', 'government_gazette'],
    channelNote: '部门网站',
    levels: ['county', 'township'],
    schedule: YEARLY_BUDGET,
    unknowns: [NO_POSTING],
    sources: ['http://www.rushan.gov.cn/xzjdsdlygk/8/files/basic-html/page7.html'],
    notes: 'Recovered row is 部门决算; 部门预算 is published analogously',
  },
])

const HR_CONTENT = ['受理部门', '办理条件', '办理流程', '所需材料', '办理时限', '收费依据及标准']
const HR_CHANNELS: Channel[] = ['government_website', 'on_site']
const HR_BASE = {
  content: HR_CONTENT,
  timeLimit: { ...FORMED_20WD, text: '形成或者变更之日起20个工作日内予以公开' },
  subject: '公安机关（县级公安机关、公安派出所）',
  channels: HR_CHANNELS,
  channelNote: '办事窗口',
} as const
const HUZHU = 'http://www.huzhu.gov.cn/info/1183/44994.htm'
const TEZ = 'http://tez.gov.cn/zwgk/zwgkzt/jczwgk/sdly/202011/t20201120_1104051.html'

export const HOUSEHOLD_REGISTRATION_ITEMS: CatalogItem[] = defineItems('household-registration', false, [
  {
    slug: 'birth',
    level1: '出生登记',
    level2: '出生登记',
    ...HR_BASE,
    content: [...HR_CONTENT],
    channels: [...HR_CHANNELS],
    basis: ['《户口登记条例》第七条（婴儿出生后一个月以内申报出生登记）', RULES.ogi],
    levels: ['county', 'township', 'village'],
    sources: [HUZHU, 'http://rjxq.ganzhou.gov.cn/rjxq/c105099/202012/ca8b081a776140e589ec96ce8252c83e.shtml'],
  },
  {
    slug: 'adoption',
    level1: '收养、入籍等登记',
    level2: '收养登记',
    ...HR_BASE,
    content: [...HR_CONTENT],
    channels: [...HR_CHANNELS],
    basis: ['《户口登记条例》', '《收养法》', '《中国公民收养子女登记办法》', '《国籍法》', RULES.ogi],
    levels: ['county', 'township', 'village'],
    sources: [HUZHU],
  },
  {
    slug: 'deregistration.death',
    level1: '注销登记',
    level2: '死亡注销',
    ...HR_BASE,
    content: [...HR_CONTENT],
    channels: [...HR_CHANNELS],
    basis: ['《户口登记条例》第八条（城市葬前、农村一个月以内申报死亡登记）', RULES.ogi],
    levels: ['county', 'township', 'village'],
    sources: [HUZHU],
  },
  {
    slug: 'deregistration.military',
    level1: '注销登记',
    level2: '服现役注销',
    ...HR_BASE,
    content: [...HR_CONTENT],
    channels: [...HR_CHANNELS],
    basis: ['《户口登记条例》', RULES.ogi],
    levels: ['county', 'township', 'village'],
    sources: [TEZ],
  },
  {
    slug: 'migration',
    level1: '迁移登记',
    level2: '迁出、迁入登记',
    ...HR_BASE,
    content: [...HR_CONTENT],
    channels: [...HR_CHANNELS],
    basis: ['《户口登记条例》', RULES.ogi],
    levels: ['county', 'township', 'village'],
    sources: [TEZ],
  },
  {
    slug: 'name-change',
    level1: '户口登记项目变更更正',
    level2: '姓名变更、更正',
    ...HR_BASE,
    content: [...HR_CONTENT],
    channels: [...HR_CHANNELS],
    basis: ['《户口登记条例》', '省级户政规程', RULES.ogi],
    subject: '公安机关/派出所',
    levels: [],
    unknowns: [
      unknown('levels', 'Level ticks not recovered'),
      unknown('content', 'Other 户口登记项目变更更正 items not recovered'),
    ],
    sources: ['https://dyrmt.com/article-156546-1.html'],
  },
  {
    slug: 'unrecovered-rows',
    level1: '居民身份证、居住证、户籍证明',
    level2: null,
    name: '居民身份证、居住证、户籍证明等事项',
    ...NO_ELEMENTS,
    confidence: 'not_recovered',
    unknowns: unknownElements('Rows not recovered (福建版共9方面44事项)'),
    sources: [
      'http://www.fujian.gov.cn/zwgk/ztzl/qmtjjczwgkbzhgfhgz/sdlybzzy/glybzzy/202007/t20200715_5323310.htm',
    ],
  },
])
