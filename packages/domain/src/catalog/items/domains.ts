import type { CatalogDomain } from '../schema'

/**
 * The 26 基层政务公开 pilot domains (国办发〔2019〕54号) in the order of 朝阳县's list of responsible
 * departments (seed document 000, 附件1), with the names other local documents use as aliases, plus the two
 * 村务公开 domains. Only nine government domains were researched; the others carry their name only.
 */

const SEED_LIST = '朝阳县全面推进基层政务公开标准化规范化工作实施方案 附件1（26个试点领域）'
const NOT_RESEARCHED =
  'Only the domain name is known (26-domain list); its standard catalog rows were not researched'

function notResearched(order: number, id: string, name: string, aliases: string[] = []): CatalogDomain {
  return {
    id,
    name,
    aliases,
    kind: 'government',
    order,
    leadDepartment: null,
    focus: false,
    coverage: 'not_researched',
    coverageNote: NOT_RESEARCHED,
    sources: [SEED_LIST],
  }
}

export const DOMAINS: readonly CatalogDomain[] = [
  notResearched(1, 'major-construction', '重大建设项目'),
  notResearched(2, 'public-resource-trading', '公共资源交易'),
  notResearched(3, 'compulsory-education', '义务教育'),
  {
    id: 'household-registration',
    name: '户籍管理',
    aliases: [],
    kind: 'government',
    order: 4,
    leadDepartment: '公安部',
    focus: false,
    coverage: 'partial',
    coverageNote:
      'First 6 rows recovered; 居民身份证、居住证、户籍证明 rows not recovered (福建版共9方面44事项). Villages have no 户籍 disclosure duty of their own.',
    sources: [SEED_LIST, 'catalog.md §1.9'],
  },
  {
    id: 'social-assistance',
    name: '社会救助',
    aliases: [],
    kind: 'government',
    order: 5,
    leadDepartment: '民政部',
    focus: true,
    coverage: 'mostly_complete',
    coverageNote:
      '低保/特困/临时救助 rows recovered; audience ticks of 审核/审批 rows not legible; 特困 审批信息 row not seen',
    sources: [SEED_LIST, 'catalog.md §1.3'],
  },
  {
    id: 'elderly-care',
    name: '养老服务',
    aliases: [],
    kind: 'government',
    order: 6,
    leadDepartment: '民政部',
    focus: true,
    coverage: 'partial',
    coverageNote:
      'First 6 rows recovered; later rows (e.g. 监督检查) not recovered; no rule on publishing 高龄津贴 recipient lists',
    sources: [SEED_LIST, 'catalog.md §1.4'],
  },
  notResearched(7, 'public-legal-services', '公共法律服务'),
  {
    id: 'fiscal-budget',
    name: '财政预决算',
    aliases: [],
    kind: 'government',
    order: 8,
    leadDepartment: '财政部',
    focus: false,
    coverage: 'partial',
    coverageNote:
      '政府预算 and 部门决算 rows recovered; 政府决算 row content and the full table list not recovered',
    sources: [SEED_LIST, 'catalog.md §1.5'],
  },
  notResearched(9, 'employment', '就业', ['就业创业']),
  notResearched(10, 'social-insurance', '社会保险'),
  notResearched(11, 'urban-rural-planning', '城乡规划', ['国土空间规划']),
  {
    id: 'rural-land-expropriation',
    name: '农村集体土地征收',
    aliases: ['征地补偿'],
    kind: 'government',
    order: 12,
    leadDepartment: '自然资源部',
    focus: true,
    coverage: 'partial',
    coverageNote:
      'Pre-approval and approval rows recovered; statutory notices verbatim from 土地管理法/实施条例; 补偿登记/费用支付/社保落实 rows not recovered',
    sources: [SEED_LIST, 'catalog.md §1.6'],
  },
  notResearched(13, 'ecological-environment', '生态环境', ['环境保护']),
  {
    id: 'agricultural-subsidies',
    name: '涉农补贴',
    aliases: ['惠农补贴'],
    kind: 'government',
    order: 14,
    leadDepartment: '财政部（会同农业农村部等）',
    focus: true,
    coverage: 'partial',
    coverageNote:
      'First 5 rows of the national template recovered; remaining funding lines (forestry, grassland, insurance…) not recovered; no national 补贴结果 roster field list',
    sources: [SEED_LIST, 'catalog.md §1.1'],
  },
  notResearched(15, 'public-culture', '公共文化服务'),
  notResearched(16, 'health', '卫生健康', ['医疗卫生']),
  notResearched(17, 'affordable-housing', '保障性住房'),
  notResearched(18, 'urban-housing-expropriation', '国有土地上房屋征收与补偿', ['国有土地上房屋征收']),
  {
    id: 'rural-dilapidated-housing',
    name: '农村危房改造',
    aliases: [],
    kind: 'government',
    order: 19,
    leadDepartment: '住房和城乡建设部',
    focus: true,
    coverage: 'partial',
    coverageNote:
      'Rows 1-7 recovered; 程序/结果/监督 rows not recovered; village notice periods vary locally (3-15 days)',
    sources: [SEED_LIST, 'catalog.md §1.7'],
  },
  notResearched(20, 'municipal-services', '市政服务'),
  notResearched(21, 'urban-enforcement', '城市综合执法'),
  notResearched(22, 'work-safety', '安全生产'),
  {
    id: 'disaster-relief',
    name: '救灾',
    aliases: [],
    kind: 'government',
    order: 23,
    leadDepartment: '应急管理部',
    focus: true,
    coverage: 'partial',
    coverageNote:
      'Policy and 备灾管理 rows recovered; 灾后救助/款物管理 only from a condensed local version; village duties verbatim from 自然灾害救助条例第20、26条',
    sources: [SEED_LIST, 'catalog.md §1.8'],
  },
  notResearched(24, 'food-drug-regulation', '食品药品监管'),
  notResearched(25, 'tax-administration', '税收管理'),
  {
    id: 'poverty-alleviation',
    name: '扶贫',
    aliases: ['巩固拓展脱贫攻坚成果', '乡村振兴衔接资金'],
    kind: 'government',
    order: 26,
    leadDepartment: '国务院扶贫办（职能已并入农业农村部/国家乡村振兴局）',
    focus: true,
    coverage: 'partial',
    coverageNote:
      'Rows 1-5 recovered; 扶贫资金 title only; 扶贫项目/监督 rows not recovered; the post-2021 巩固拓展脱贫攻坚成果/衔接资金 catalog was not researched',
    sources: [SEED_LIST, 'catalog.md §1.2'],
  },
  {
    id: 'village-finance',
    name: '村级财务',
    aliases: ['村集体财务公开'],
    kind: 'village',
    order: 27,
    leadDepartment: null,
    focus: true,
    coverage: 'derived',
    coverageNote:
      'Composed from 村民委员会组织法第30条, 农村集体经济组织财务公开规定 and provincial rules; no official table template was found',
    sources: ['catalog.md §2 村级财务公开'],
  },
  {
    id: 'village-affairs',
    name: '村务',
    aliases: ['村务公开'],
    kind: 'village',
    order: 28,
    leadDepartment: null,
    focus: true,
    coverage: 'derived',
    coverageNote:
      'Composed from 村民委员会组织法第24、30、33条, 山东省村务公开条例 and 四议两公开 (secondary sources)',
    sources: ['catalog.md §2'],
  },
]
