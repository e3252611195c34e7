import type { TableSchema } from '../table-schema'
import {
  amountColumn,
  bankAccountColumn,
  dateColumn,
  groupColumn,
  householdNoColumn,
  householdSizeColumn,
  idNumberColumn,
  nameColumn,
  phoneColumn,
  remarkColumn,
  textColumn,
} from './columns'

/**
 * Table schemas of the focus rosters and statements. Where no official field list was found the table is
 * marked `designed` and says so; `source` tables list only the fields the cited rule names, plus never_public
 * identifying columns kept for alignment and 与我相关.
 */

const ADULT = { adultAge: 18, columns: ['id_number'] }

/** 低保初审对象公示名单 (民发〔2021〕57号 第19条; old 2012 办法 listed 姓名、家庭成员、拟保障金额). */
export const DIBAO_REVIEW_TABLE: TableSchema = {
  kind: 'roster',
  title: '最低生活保障初审对象公示名单',
  columns: [
    nameColumn('申请人姓名'),
    householdSizeColumn,
    amountColumn('拟保障金额（月）', 'proposed_amount', false),
    groupColumn,
    idNumberColumn,
    householdNoColumn,
    phoneColumn,
  ],
  minorRule: ADULT,
  provenance: 'source',
  note: 'Public fields per 民发〔2021〕57号 第24条 and 民发〔2012〕220号 (申请人姓名、家庭成员数量、拟保障金额); 村民小组 is our addition for grouping',
}

/** 低保对象名单 (民发〔2021〕57号 第24条: 申请人姓名、家庭成员数量、保障金额等). */
export const DIBAO_ROSTER_TABLE: TableSchema = {
  kind: 'roster',
  title: '最低生活保障对象名单',
  columns: [
    nameColumn('申请人姓名'),
    householdSizeColumn,
    amountColumn('保障金额（月）'),
    groupColumn,
    idNumberColumn,
    householdNoColumn,
    bankAccountColumn,
    phoneColumn,
  ],
  minorRule: ADULT,
  provenance: 'source',
  note: 'Public fields per 民发〔2021〕57号 第24条; the rule forbids unrelated information, so everything else is never_public',
}

/** 特困人员初审/终止公示 (特困人员认定办法2021 第15、17、26条). */
export const TEKUN_NOTICE_TABLE: TableSchema = {
  kind: 'roster',
  title: '特困人员救助供养公示名单',
  columns: [
    nameColumn('姓名'),
    {
      key: 'notice_type',
      label: '公示类型',
      type: 'enum',
      required: true,
      policy: 'public',
      enumValues: ['初审', '认定', '终止'],
    },
    {
      key: 'support_mode',
      label: '供养方式',
      type: 'enum',
      required: false,
      policy: 'never_public',
      enumValues: ['集中供养', '分散供养'],
      note: 'The rules name no public fields beyond the person; kept internal',
    },
    groupColumn,
    idNumberColumn,
    householdNoColumn,
    bankAccountColumn,
  ],
  minorRule: ADULT,
  provenance: 'designed',
  note: 'The 特困 rules require village notices but list no fields; we publish the name and notice type only (不得公开无关信息 by analogy with 低保)',
}

/** 支出型临时救助对象名单、救助金额、救助事由 (national catalog row). */
export const TEMPORARY_RELIEF_TABLE: TableSchema = {
  kind: 'roster',
  title: '支出型临时救助对象名单',
  columns: [
    nameColumn('救助对象'),
    amountColumn('救助金额'),
    textColumn('reason', '救助事由', true),
    dateColumn('approved_on', '审批日期'),
    groupColumn,
    idNumberColumn,
    householdNoColumn,
    bankAccountColumn,
  ],
  minorRule: ADULT,
  provenance: 'source',
  note: 'Fields 对象名单、救助金额、救助事由 from the 社会救助 standard catalog (daocheng.gov.cn); 审批日期 is our addition',
}

/** 耕地地力保护补贴发放名册 (补贴结果). */
export const CULTIVATED_LAND_SUBSIDY_TABLE: TableSchema = {
  kind: 'roster',
  title: '耕地地力保护补贴发放名册',
  columns: [
    nameColumn('户主姓名'),
    {
      key: 'area_mu',
      label: '补贴面积',
      type: 'decimal',
      required: true,
      policy: 'public',
      unit: '亩',
      total: true,
    },
    {
      key: 'rate_fen_per_mu',
      label: '补贴标准（每亩）',
      type: 'amount_fen',
      required: false,
      policy: 'public',
    },
    amountColumn('补贴金额'),
    groupColumn,
    idNumberColumn,
    householdNoColumn,
    bankAccountColumn,
  ],
  minorRule: ADULT,
  provenance: 'designed',
  note: 'GAP: no national per-household field list for 补贴结果 was found; columns follow common county rosters (户主、面积、标准、金额); ID and 一卡通 numbers kept internal',
}

/** 建档立卡贫困户识别/退出名单 (识别结果: 贫困户名单、数量). */
export const POVERTY_HOUSEHOLD_TABLE: TableSchema = {
  kind: 'roster',
  title: '贫困户名单',
  columns: [nameColumn('户主姓名'), householdSizeColumn, groupColumn, idNumberColumn, householdNoColumn],
  minorRule: ADULT,
  provenance: 'designed',
  note: 'The catalog names 贫困户名单、数量 only; household size is our addition (the 数量 of the result)',
}

/** 扶贫（衔接）资金项目公告公示 (温泉县2020 village notice fields). */
export const POVERTY_PROJECT_TABLE: TableSchema = {
  kind: 'list',
  title: '扶贫（衔接）资金项目公示',
  columns: [
    textColumn('project_name', '项目名称', true),
    textColumn('location', '实施地点', true),
    textColumn('content', '建设内容', true),
    textColumn('subsidy_standard', '补助标准'),
    textColumn('fund_source', '资金来源'),
    amountColumn('资金规模', 'fund_amount'),
    textColumn('period', '实施期限'),
    textColumn('implementer', '实施单位及责任人'),
    textColumn('performance_target', '绩效目标'),
    textColumn('benefit_mechanism', '带贫减贫机制'),
    textColumn('supervision_phone', '监督电话'),
  ],
  minorRule: null,
  provenance: 'source',
  note: 'Fields of the 温泉县 2020 village project notice (xjwq.gov.cn); 监督电话 is an office hotline stored as text',
}

/** 高龄津贴发放名单. */
export const OLD_AGE_ALLOWANCE_TABLE: TableSchema = {
  kind: 'roster',
  title: '高龄津贴发放名单',
  columns: [
    nameColumn('姓名'),
    textColumn('tier', '津贴档次'),
    { key: 'months', label: '发放月数', type: 'integer', required: false, policy: 'public', unit: '个月' },
    amountColumn('发放金额'),
    groupColumn,
    { key: 'birth_date', label: '出生日期', type: 'date', required: false, policy: 'masked' },
    idNumberColumn,
    bankAccountColumn,
  ],
  minorRule: ADULT,
  provenance: 'designed',
  note: 'GAP: no rule on publishing 高龄津贴 recipient lists was found; published as 补贴补助资金管理使用情况 under 村民委员会组织法第30条; birth date shown as year only',
}

/** 农村危房改造补助农户名单. */
export const DILAPIDATED_HOUSING_TABLE: TableSchema = {
  kind: 'roster',
  title: '农村危房改造补助农户名单',
  columns: [
    nameColumn('户主姓名'),
    householdSizeColumn,
    {
      key: 'danger_grade',
      label: '危房等级',
      type: 'enum',
      required: false,
      policy: 'public',
      enumValues: ['C级', 'D级'],
    },
    textColumn('renovation_mode', '改造方式'),
    amountColumn('补助金额', 'amount', false),
    groupColumn,
    idNumberColumn,
    householdNoColumn,
    bankAccountColumn,
  ],
  minorRule: ADULT,
  provenance: 'designed',
  note: 'The catalog only says 及时公开补助农户名单 (建村〔2017〕192号); columns follow local notices; C/D grades per 危房等级评定',
}

/** 拟征收土地现状调查结果 (the catalog row lists these fields). */
export const LAND_SURVEY_TABLE: TableSchema = {
  kind: 'roster',
  title: '拟征收土地现状调查结果',
  columns: [
    nameColumn('权利人（所有权人/使用权人）', 'right_holder'),
    textColumn('land_class', '地类', true),
    {
      key: 'area_mu',
      label: '面积',
      type: 'decimal',
      required: true,
      policy: 'public',
      unit: '亩',
      total: true,
    },
    textColumn('houses', '农村村民住宅'),
    textColumn('attachments', '地上附着物和青苗（权属、种类、数量）'),
    groupColumn,
    idNumberColumn,
    householdNoColumn,
  ],
  minorRule: ADULT,
  provenance: 'source',
  note: 'Fields named by the 农村集体土地征收 catalog row 拟征收土地现状调查 (土地管理法第47条)',
}

/** 征地补偿费收支及分配 (土地管理法第49条; 村民委员会组织法第24条第7项). */
export const LAND_COMPENSATION_TABLE: TableSchema = {
  kind: 'roster',
  title: '征地补偿费分配明细',
  columns: [
    nameColumn('户主姓名'),
    {
      key: 'persons',
      label: '分配人数',
      type: 'integer',
      required: false,
      policy: 'public',
      unit: '人',
      total: true,
    },
    amountColumn('分配金额'),
    dateColumn('paid_on', '发放日期'),
    groupColumn,
    idNumberColumn,
    householdNoColumn,
    bankAccountColumn,
  ],
  minorRule: ADULT,
  provenance: 'designed',
  note: 'Art. 49 requires publishing 收支 of the compensation to members but gives no field list',
}

/** 受灾群众救助款物发放 (自然灾害救助条例第26条: 救助对象及其接受救助款物数额和使用情况). */
export const DISASTER_RELIEF_TABLE: TableSchema = {
  kind: 'roster',
  title: '自然灾害救助款物发放名单',
  columns: [
    nameColumn('救助对象'),
    {
      key: 'relief_type',
      label: '救助类别',
      type: 'enum',
      required: true,
      policy: 'public',
      enumValues: [
        '紧急转移安置（应急）救助',
        '过渡期生活救助',
        '旱灾临时生活困难救助',
        '冬春临时生活困难救助',
        '倒塌、损坏住房恢复重建补助',
        '遇难人员家属抚慰',
      ],
    },
    amountColumn('救助金额', 'amount', false),
    textColumn('goods', '救助物资（品名、数量）'),
    dateColumn('issued_on', '发放日期'),
    groupColumn,
    idNumberColumn,
    householdNoColumn,
    bankAccountColumn,
  ],
  minorRule: ADULT,
  provenance: 'source',
  note: 'Fields per 自然灾害救助条例第26条; relief types are the six 救助类别 in the research',
}

/** 住房恢复重建补助对象公示 (自然灾害救助条例第20条). */
export const REBUILD_CANDIDATES_TABLE: TableSchema = {
  kind: 'roster',
  title: '倒损住房恢复重建补助对象公示',
  columns: [
    nameColumn('户主姓名'),
    {
      key: 'damage',
      label: '倒损情况',
      type: 'enum',
      required: true,
      policy: 'public',
      enumValues: ['倒塌', '严重损坏', '一般损坏'],
    },
    amountColumn('拟补助金额', 'amount', false),
    groupColumn,
    idNumberColumn,
    householdNoColumn,
  ],
  minorRule: ADULT,
  provenance: 'designed',
  note: 'Art. 20 requires a village notice of the candidates but lists no fields; damage categories are our design',
}

const FINANCE_NOTE =
  'GAP: no official 村级财务公开表 template was retrieved; columns follow 逐项逐笔 (山东省村务公开条例, 中办发〔2004〕17号) with date, voucher, summary and amount'

/** 村集体收入明细 (monthly). */
export const VILLAGE_INCOME_TABLE: TableSchema = {
  kind: 'statement',
  title: '村集体收入明细',
  columns: [
    dateColumn('date', '日期', true),
    textColumn('voucher_no', '凭证号'),
    textColumn('summary', '摘要', true),
    textColumn('category', '收入类别'),
    textColumn('payer', '付款单位（个人）'),
    // A 红字冲销 (reversal) line of the ledger is a negative amount.
    { ...amountColumn('金额'), negative: true },
    remarkColumn,
  ],
  minorRule: null,
  provenance: 'designed',
  note: FINANCE_NOTE,
}

/** 村集体支出明细 (monthly). */
export const VILLAGE_EXPENSE_TABLE: TableSchema = {
  kind: 'statement',
  title: '村集体支出明细',
  columns: [
    dateColumn('date', '日期', true),
    textColumn('voucher_no', '凭证号'),
    textColumn('summary', '摘要', true),
    textColumn('category', '支出类别'),
    textColumn('payee', '收款单位（个人）'),
    textColumn('handler', '经手人'),
    // A 红字冲销 (reversal) line of the ledger is a negative amount.
    { ...amountColumn('金额'), negative: true },
    remarkColumn,
  ],
  minorRule: null,
  provenance: 'designed',
  note: FINANCE_NOTE,
}

/** 村集体资产 (monthly with the finance disclosure). */
export const VILLAGE_ASSETS_TABLE: TableSchema = {
  kind: 'statement',
  title: '村集体资产情况',
  columns: [
    textColumn('asset_name', '资产名称', true),
    textColumn('category', '资产类别'),
    { key: 'quantity', label: '数量', type: 'decimal', required: false, policy: 'public' },
    amountColumn('账面价值', 'book_value'),
    textColumn('status', '使用（出租、承包）情况'),
    textColumn('custodian', '管理（使用）人'),
    remarkColumn,
  ],
  minorRule: null,
  provenance: 'designed',
  note: FINANCE_NOTE,
}

function claimOrDebtTable(title: string, counterpartyLabel: string): TableSchema {
  return {
    kind: 'statement',
    title,
    columns: [
      textColumn('counterparty', counterpartyLabel, true),
      textColumn('reason', '形成原因'),
      dateColumn('formed_on', '形成日期'),
      dateColumn('due_on', '约定偿还日期'),
      amountColumn('余额'),
      remarkColumn,
    ],
    minorRule: null,
    provenance: 'designed',
    note: FINANCE_NOTE,
  }
}

/** 村集体债权 (应收款项). */
export const VILLAGE_CLAIMS_TABLE = claimOrDebtTable('村集体债权明细', '债务人')

/** 村集体债务 (应付款项、借款). */
export const VILLAGE_DEBTS_TABLE = claimOrDebtTable('村集体债务明细', '债权人')

/** 政府拨付和社会捐赠的救灾救助、补贴补助资金物资管理使用情况 (村民委员会组织法第30条第3项). */
export const FUNDS_USAGE_TABLE: TableSchema = {
  kind: 'list',
  title: '救灾救助、补贴补助资金物资管理使用情况',
  columns: [
    textColumn('fund_name', '资金（物资）名称', true),
    {
      key: 'source',
      label: '来源',
      type: 'enum',
      required: true,
      policy: 'public',
      enumValues: ['政府拨付', '社会捐赠'],
    },
    dateColumn('received_on', '到账（到货）日期'),
    amountColumn('到账金额', 'amount_received', false),
    amountColumn('已使用（发放）金额', 'amount_used', false),
    {
      key: 'beneficiaries',
      label: '受益户数',
      type: 'integer',
      required: false,
      policy: 'public',
      unit: '户',
    },
    textColumn('usage', '使用情况'),
  ],
  minorRule: null,
  provenance: 'designed',
  note: 'Art. 30 names the matter, not the fields',
}

/** 享受误工补贴的人员及补贴标准 (村民委员会组织法第24条第1项). */
export const WORK_ALLOWANCE_TABLE: TableSchema = {
  kind: 'roster',
  title: '误工补贴人员及标准',
  columns: [
    nameColumn('姓名'),
    textColumn('position', '职务', true),
    {
      key: 'monthly_standard',
      label: '补贴标准（每月）',
      type: 'amount_fen',
      required: true,
      policy: 'public',
    },
    amountColumn('本期发放金额', 'amount', false),
    idNumberColumn,
    bankAccountColumn,
  ],
  minorRule: ADULT,
  provenance: 'designed',
  note: 'Art. 24 names the matter (人员及补贴标准), not a table layout',
}

/** 四议两公开 deliberation record: one row per step with attendance and votes. */
export const DELIBERATION_TABLE: TableSchema = {
  kind: 'list',
  title: '“四议两公开”议事记录',
  columns: [
    {
      key: 'step',
      label: '议事环节',
      type: 'enum',
      required: true,
      policy: 'public',
      enumValues: ['村党组织提议', '村“两委”会议商议', '党员大会审议', '村民会议或村民代表会议决议'],
    },
    dateColumn('held_on', '日期', true),
    { key: 'expected', label: '应到人数', type: 'integer', required: false, policy: 'public', unit: '人' },
    { key: 'present', label: '实到人数', type: 'integer', required: false, policy: 'public', unit: '人' },
    { key: 'approve', label: '同意', type: 'integer', required: false, policy: 'public', unit: '人' },
    { key: 'oppose', label: '反对', type: 'integer', required: false, policy: 'public', unit: '人' },
    { key: 'abstain', label: '弃权', type: 'integer', required: false, policy: 'public', unit: '人' },
    textColumn('outcome', '结果'),
  ],
  minorRule: null,
  provenance: 'designed',
  note: 'Steps from secondary sources on 四议两公开 (no official text retrieved); quorum rules: 党员大会 2/3, 村民代表会议 2/3 (村民委员会组织法第26条)',
}

/** 惠民惠农财政补贴“一卡通”政策清单 (高平市2025 columns). */
export const SUBSIDY_POLICY_LIST_TABLE: TableSchema = {
  kind: 'list',
  title: '惠民惠农财政补贴政策清单',
  columns: [
    textColumn('subsidy_name', '补贴项目', true),
    textColumn('department', '主管部门'),
    {
      key: 'policy_level',
      label: '政策级次',
      type: 'enum',
      required: false,
      policy: 'public',
      enumValues: ['中央', '省', '市', '县'],
    },
    textColumn('basis', '政策依据文件及文号'),
    textColumn('target', '补贴对象'),
    textColumn('standard', '补助标准'),
    textColumn('procedure', '申领流程'),
    textColumn('payment_method', '发放方式'),
    textColumn('payment_time', '发放时间'),
    textColumn('hotline', '咨询电话'),
    remarkColumn,
  ],
  minorRule: null,
  provenance: 'source',
  note: 'Columns of the 高平市 2025 一卡通 policy list (xxgk.sxgp.gov.cn); 咨询电话 is an office hotline stored as text',
}
