import type { CatalogItem, Schedule } from '../schema'
import type { ItemDraft } from './build'
import {
  defineItems,
  RULES,
  unknown,
  VILLAGE_IMMEDIATE,
  VILLAGE_MONTHLY,
  VILLAGE_PERIODIC,
  VILLAGE_QUARTERLY,
  VILLAGE_YEARLY,
  VILLAGERS,
} from './build'
import {
  DELIBERATION_TABLE,
  FUNDS_USAGE_TABLE,
  VILLAGE_ASSETS_TABLE,
  VILLAGE_CLAIMS_TABLE,
  VILLAGE_DEBTS_TABLE,
  VILLAGE_EXPENSE_TABLE,
  VILLAGE_INCOME_TABLE,
  WORK_ALLOWANCE_TABLE,
} from './tables'

/**
 * 村务公开 items: village finance and the matters of 村民委员会组织法第30条, 第24条 and 四议两公开
 * (docs/catalog.md §2). These are composed from the legal duties (confidence `derived`); the village
 * publishes them on the 村务公开栏, which is the statutory form (中办发〔2004〕17号).
 */

const VILLAGE_BASE = {
  timeLimit: VILLAGE_PERIODIC,
  subject: '村民委员会（村务监督委员会审查）',
  channels: ['notice_board', 'other'],
  channelNote: '固定村务公开栏为法定形式，可辅以广播、网络（含本小程序）、明白纸等（中办发〔2004〕17号）',
  audience: VILLAGERS,
  levels: ['village'],
  confidence: 'derived',
} satisfies Partial<ItemDraft>

const ORG_LAW = 'LawRefBook/Laws: 宪法相关法/村民委员会组织法(2018-12-29).md'
const SHANDONG = 'LawRefBook/Laws: DLC/山东地方法规/山东省村务公开条例(2018-09-21).md'
const FINANCE_BASIS = [
  RULES.orgLaw30,
  RULES.finance2011,
  RULES.collectiveLaw45,
  RULES.shandong,
  RULES.zhongban2004,
]
const FINANCE_SOURCES = [ORG_LAW, SHANDONG, 'LawRefBook/Laws: 社会法/农村集体经济组织法(2024-06-28).md']
const FINANCE_CADENCE_NOTE =
  '组织法: monthly where transactions are numerous; 山东: monthly item by item; 浙江: monthly or quarterly; 重庆: at least half-yearly. Monthly is used as the strictest common rule.'

/** 浙江: major financial items within 5 days of occurring. */
const MAJOR_FINANCE: Schedule = {
  cadence: 'immediate',
  minPostingDays: 5,
  postingDaysUnit: 'calendar_days',
  dueDays: 5,
  basis: [
    '浙江省农村集体资产管理条例第25条：重大财务事项发生之日起五日内公布',
    '山东省村务公开条例：公开栏内容至少保留五日',
  ],
}

function financeStatement(
  slug: string,
  level2: string,
  content: string[],
  table: ItemDraft['table'],
): ItemDraft {
  return {
    slug,
    level1: '财务收支',
    level2,
    content,
    basis: FINANCE_BASIS,
    ...VILLAGE_BASE,
    subject: '村民委员会、村集体经济组织（村务监督委员会民主理财）',
    schedule: VILLAGE_MONTHLY,
    table,
    sources: FINANCE_SOURCES,
    notes: FINANCE_CADENCE_NOTE,
  }
}

export const VILLAGE_FINANCE_ITEMS: CatalogItem[] = defineItems('village-finance', true, [
  financeStatement('income', '收入明细', ['各项收入，逐项逐笔'], VILLAGE_INCOME_TABLE),
  financeStatement('expense', '支出明细', ['各项支出，逐项逐笔'], VILLAGE_EXPENSE_TABLE),
  financeStatement('assets', '资产情况', ['各项资产（集体财产）及其保值增值、处置'], VILLAGE_ASSETS_TABLE),
  financeStatement('claims', '债权明细', ['村集体债权'], VILLAGE_CLAIMS_TABLE),
  financeStatement('debts', '债务明细', ['村集体债务'], VILLAGE_DEBTS_TABLE),
  {
    slug: 'annual-plan',
    level1: '财务计划',
    level2: '年度财务计划及执行情况',
    content: ['年度财务计划', '执行情况', '收益分配'],
    basis: [RULES.finance2011, RULES.zhongban2004],
    ...VILLAGE_BASE,
    schedule: VILLAGE_YEARLY,
    sources: ['catalog.md §2 村级财务公开'],
  },
  {
    slug: 'major-item',
    level1: '重大财务事项',
    level2: '重大财务事项',
    content: ['重大财务事项的内容、金额、决策程序'],
    basis: [RULES.zhejiang25, RULES.collectiveLaw45, RULES.orgLaw30],
    ...VILLAGE_BASE,
    schedule: MAJOR_FINANCE,
    unknowns: [unknown('schedule', 'The 5-day due rule is 浙江 provincial; other provinces say 随时/及时')],
    sources: ['LawRefBook/Laws: DLC/浙江地方法规/浙江省农村集体资产管理条例(2020-09-24).md'],
  },
  {
    slug: 'special-disclosure',
    level1: '专项公开',
    level2: '集体资产资源发包租赁、工程招投标等专项公开',
    content: [
      '集体土地征占补偿及分配',
      '集体资产资源发包、租赁、出让、投资及收益（亏损）',
      '集体工程招投标及预决算',
    ],
    basis: [RULES.finance2011, `${RULES.orgLaw24}第4、5、8项`],
    ...VILLAGE_BASE,
    schedule: VILLAGE_IMMEDIATE,
    sources: ['catalog.md §2 村级财务公开'],
  },
  {
    slug: 'audit-results',
    level1: '审计监督',
    level2: '审计结果及整改情况',
    content: ['年度财务审计、任期和离任审计结果', '整改情况'],
    basis: [RULES.zhejiang25, '中办国办《关于建立健全村务监督委员会的指导意见》（2017）'],
    ...VILLAGE_BASE,
    schedule: VILLAGE_IMMEDIATE,
    sources: ['LawRefBook/Laws: DLC/浙江地方法规/浙江省农村集体资产管理条例(2020-09-24).md'],
  },
])

export const VILLAGE_AFFAIRS_ITEMS: CatalogItem[] = defineItems('village-affairs', true, [
  {
    slug: 'charter',
    level1: '自治制度',
    level2: '村民自治章程、议事规则、村规民约',
    content: ['村民自治章程', '村民会议、村民代表会议议事规则', '村规民约'],
    basis: [RULES.shandong],
    ...VILLAGE_BASE,
    schedule: VILLAGE_IMMEDIATE,
    sources: [SHANDONG],
  },
  {
    slug: 'meeting-decisions',
    level1: '民主决策',
    level2: '村民会议、村民代表会议讨论决定的事项及其实施情况',
    content: ['第23、24条规定的由村民会议、村民代表会议讨论决定的事项', '实施情况'],
    basis: [`${RULES.orgLaw30}第1项`, RULES.orgLaw24],
    ...VILLAGE_BASE,
    schedule: VILLAGE_QUARTERLY,
    sources: [ORG_LAW],
    notes: 'Matters that touch villagers’ interests are major and are published at once (随时公布)',
  },
  {
    slug: 'family-planning',
    level1: '政策落实',
    level2: '国家计划生育政策的落实方案',
    content: ['计划生育政策落实方案'],
    basis: [`${RULES.orgLaw30}第2项`],
    ...VILLAGE_BASE,
    schedule: VILLAGE_QUARTERLY,
    focus: false,
    sources: [ORG_LAW],
  },
  {
    slug: 'relief-subsidy-funds',
    level1: '政策落实',
    level2: '救灾救助、补贴补助等资金、物资的管理使用情况',
    content: ['政府拨付和接受社会捐赠的救灾救助、补贴补助等资金、物资', '管理使用情况'],
    basis: [`${RULES.orgLaw30}第3项`, RULES.shandong],
    ...VILLAGE_BASE,
    schedule: VILLAGE_QUARTERLY,
    table: FUNDS_USAGE_TABLE,
    sources: [ORG_LAW, SHANDONG],
  },
  {
    slug: 'assisting-government',
    level1: '政策落实',
    level2: '村民委员会协助人民政府开展工作的情况',
    content: ['协助人民政府开展工作的情况'],
    basis: [`${RULES.orgLaw30}第4项`],
    ...VILLAGE_BASE,
    schedule: VILLAGE_QUARTERLY,
    focus: false,
    sources: [ORG_LAW],
  },
  {
    slug: 'other-matters',
    level1: '其他事项',
    level2: '涉及本村村民利益、村民普遍关心的其他事项',
    content: [
      '涉及本村村民利益、村民普遍关心的其他事项',
      '1/10以上村民或1/5以上村民代表联名要求公开的事项（山东）',
    ],
    basis: [`${RULES.orgLaw30}第5项`, RULES.shandong],
    ...VILLAGE_BASE,
    schedule: VILLAGE_QUARTERLY,
    sources: [ORG_LAW, SHANDONG],
  },
  {
    slug: 'work-allowance',
    level1: '民主决策',
    level2: '享受误工补贴的人员及补贴标准',
    content: ['享受误工补贴的人员', '补贴标准'],
    basis: [`${RULES.orgLaw24}第1项`, RULES.orgLaw30],
    ...VILLAGE_BASE,
    schedule: VILLAGE_IMMEDIATE,
    table: WORK_ALLOWANCE_TABLE,
    sources: [ORG_LAW],
  },
  {
    slug: 'land-contracting',
    level1: '集体资源',
    level2: '土地承包经营方案及土地承包、租赁、流转',
    content: ['土地承包经营方案', '土地承包、租赁、流转情况', '机动地和“四荒地”发包'],
    basis: [`${RULES.orgLaw24}第4项`, RULES.shandong, RULES.zhongban2004],
    ...VILLAGE_BASE,
    schedule: VILLAGE_IMMEDIATE,
    sources: [ORG_LAW, SHANDONG],
  },
  {
    slug: 'homestead-plan',
    level1: '集体资源',
    level2: '宅基地的使用方案',
    content: ['宅基地的使用方案', '宅基地申请审核情况'],
    basis: [`${RULES.orgLaw24}第6项`, `${RULES.landRegs}第34条`],
    ...VILLAGE_BASE,
    schedule: VILLAGE_IMMEDIATE,
    sources: [ORG_LAW, 'LawRefBook/Laws: 行政法规/土地管理法实施条例(2021-07-02).md'],
  },
  {
    slug: 'public-works',
    level1: '公益事业',
    level2: '公益事业兴办和筹资筹劳（一事一议）',
    content: ['本村公益事业的兴办和筹资筹劳方案及建设承包方案', '实施情况'],
    basis: [`${RULES.orgLaw24}第3项`, RULES.zhongban2004, RULES.shandong],
    ...VILLAGE_BASE,
    schedule: VILLAGE_IMMEDIATE,
    sources: [ORG_LAW, SHANDONG],
  },
  {
    slug: 'democratic-appraisal',
    level1: '民主监督',
    level2: '村民委员会成员民主评议结果',
    content: ['村民委员会成员以及由村民或者村集体承担误工补贴的聘用人员履职情况民主评议结果'],
    basis: ['《村民委员会组织法》（2018）第33条'],
    ...VILLAGE_BASE,
    schedule: VILLAGE_YEARLY,
    sources: [ORG_LAW],
  },
  {
    slug: 'four-two.resolution',
    level1: '四议两公开',
    level2: '决议公开',
    content: ['议题', '村党组织提议、村“两委”会议商议、党员大会审议、村民会议或村民代表会议决议的过程和结果'],
    basis: [RULES.fourTwo, `${RULES.orgLaw24}`, '《村民委员会组织法》（2018）第26条'],
    ...VILLAGE_BASE,
    schedule: VILLAGE_IMMEDIATE,
    table: DELIBERATION_TABLE,
    unknowns: [
      unknown('basis', 'No official codification of 四议两公开 was retrieved; steps from secondary sources'),
    ],
    sources: ['http://pufaku.com/kepu/3814.html', 'https://ruilifan.com/zh-hant/wmsh/xinli/93d7dj.html'],
  },
  {
    slug: 'four-two.implementation',
    level1: '四议两公开',
    level2: '实施结果公开',
    content: ['决议事项的实施过程和结果'],
    basis: [RULES.fourTwo],
    ...VILLAGE_BASE,
    schedule: VILLAGE_IMMEDIATE,
    unknowns: [
      unknown('basis', 'No official codification of 四议两公开 was retrieved; steps from secondary sources'),
    ],
    sources: ['http://pufaku.com/kepu/3814.html'],
  },
])
