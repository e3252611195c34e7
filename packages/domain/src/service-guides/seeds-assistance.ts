import type { ServiceGuideTemplate } from './schema'

/**
 * Shipped guides for social assistance and allowances (低保, 临时救助, 残疾人两项补贴, 高龄津贴). Every fact is from the
 * source listed with it (`docs/service-guides.md` gives each source and what varies by county); where no source
 * gives a detail, the guide says whom to ask (请咨询…) instead of guessing.
 */

const CHECKED_ON = '2026-12-06'

const ASSISTANCE_ACT = {
  title: '《社会救助暂行办法》（国务院令第649号）',
  issuer: '国务院',
  issuedOn: '2014-02-21',
} as const

const ASK_ASSISTANCE = '请咨询户籍所在地乡镇人民政府（街道办事处）的社会救助窗口，或县级民政部门。'

export const ASSISTANCE_GUIDES: readonly ServiceGuideTemplate[] = [
  {
    id: 'dibao',
    question: '怎么申请低保',
    catalogItemIds: [
      'social-assistance.dibao.approval',
      'social-assistance.dibao.review',
      'social-assistance.dibao.guide',
      'social-assistance.dibao.policy',
    ],
    keywords: ['低保', '吃低保', '低保户', '最低生活保障', '低保金'],
    content: {
      name: '最低生活保障（低保）申请',
      summary: '家里人均收入低于当地低保标准、家庭财产也符合当地规定的，可以申请低保，按月领取低保金。',
      basis: [
        { title: ASSISTANCE_ACT.title, articles: '第九条至第十三条' },
        { title: '《最低生活保障审核确认办法》（民发〔2021〕57号）' },
        { title: '本省、本市的最低生活保障实施办法（低保标准和收入、财产规定）' },
      ],
      eligibility: [
        '共同生活的家庭成员人均收入低于当地最低生活保障标准。',
        '家庭财产状况符合当地的规定。',
        `低保标准和收入、财产的具体规定由省级或设区的市级人民政府制定，各地不同，${ASK_ASSISTANCE}`,
      ],
      applicant:
        '由共同生活的家庭成员向户籍所在地的乡镇人民政府（街道办事处）提出书面申请；家庭成员申请有困难的，可以委托村民委员会代为提出申请。',
      materials: [
        { name: '户口簿、身份证', note: '各地要求的材料不完全相同，以乡镇窗口一次告知的为准。' },
        { name: '家庭人口、收入和财产状况的书面声明' },
        {
          name: '家庭经济状况查询核对授权书',
          note: '同意民政部门查询家庭的收入和财产（户籍、社保、房产、车辆、存款等）。',
        },
      ],
      steps: [
        {
          title: '提出申请',
          detail: '到户籍所在地乡镇（街道）的社会救助窗口交书面申请；自己办有困难的，可以请村委会代交。',
        },
        {
          title: '调查核实',
          detail:
            '乡镇（街道）通过入户调查、邻里访问、信函索证、群众评议、信息核查等方式核实家庭收入和财产，提出初审意见。',
        },
        {
          title: '村里公示',
          detail: '初审意见在申请人所在的村公示。对公示有意见的，可以提出，会重新调查核实。',
        },
        {
          title: '审核确认',
          detail:
            '由县级人民政府民政部门审批（有的地方已交给乡镇审核确认）。批准的在村里公布；不批准的，书面告诉申请人理由。',
        },
        {
          title: '按月发放',
          detail: '批准后按月发放低保金，金额是家庭人均收入与当地低保标准的差额。',
        },
      ],
      timeLimit: `各地规定的办理天数不同，${ASK_ASSISTANCE}`,
      fee: '不收费。',
      place: '户籍所在地的乡镇人民政府（街道办事处）社会救助窗口。本地的地点和时间见下方“本地办理”。',
      contact: `${ASK_ASSISTANCE}对办理过程有意见的，可以向县级民政部门反映。`,
      faq: [
        {
          question: '自己跑不动，能请人代办吗？',
          answer: '可以。家庭成员申请有困难的，可以委托村民委员会代为提出申请。',
        },
        {
          question: '公示会公开我家哪些信息？',
          answer:
            '除按规定应当公示的信息外，申请人的信息都要保密。村务通上的低保名单只显示户主姓名、保障人数和金额，不显示身份证号、住址和电话。',
        },
        {
          question: '家里情况变了要说吗？',
          answer:
            '要。家庭人口、收入、财产有变化的，要及时告诉乡镇（街道），会据此增发、减发或者停发低保金。',
        },
        {
          question: '对审批结果不服怎么办？',
          answer: '可以依法申请行政复议，或者提起行政诉讼。',
        },
        {
          question: '骗领低保会怎样？',
          answer: '停止救助，退回骗领的钱物，还可以处骗领金额一倍以上三倍以下的罚款。',
        },
      ],
      sources: [
        ASSISTANCE_ACT,
        { title: '《最低生活保障审核确认办法》（民发〔2021〕57号）', issuer: '民政部' },
      ],
      checkedOn: CHECKED_ON,
    },
  },
  {
    id: 'temporary-assistance',
    question: '怎么申请临时救助',
    catalogItemIds: [
      'social-assistance.temporary.approval',
      'social-assistance.temporary.guide',
      'social-assistance.temporary.policy',
    ],
    keywords: ['临时救助', '救急', '急难救助', '突发困难'],
    content: {
      name: '临时救助申请',
      summary: '家里因意外事故、突发重病等原因，基本生活一时陷入严重困难的，可以申请临时救助。',
      basis: [
        { title: ASSISTANCE_ACT.title, articles: '第四十七条、第四十八条' },
        { title: '《国务院关于全面建立临时救助制度的通知》（国发〔2014〕47号）' },
      ],
      eligibility: [
        '因火灾、交通事故等意外事件，或者家庭成员突发重大疾病等原因，基本生活暂时出现严重困难的家庭。',
        '因生活必需支出突然增加、超出家庭承受能力，基本生活暂时出现严重困难的低保家庭。',
        '遭遇其他特殊困难的家庭。',
        `具体条件和救助标准由县级以上地方人民政府确定，${ASK_ASSISTANCE}`,
      ],
      applicant: '向乡镇人民政府（街道办事处）提出申请。',
      materials: [
        { name: '身份证、户口簿', note: '各地要求不同，以乡镇窗口一次告知的为准。' },
        { name: '能说明困难原因的材料', note: '如医疗费用单据、事故或火灾证明等，以乡镇窗口告知的为准。' },
      ],
      steps: [
        { title: '提出申请', detail: '到乡镇（街道）社会救助窗口提出申请，说明遇到的困难。' },
        { title: '审核公示', detail: '乡镇（街道）审核，按规定公示。' },
        {
          title: '审批',
          detail:
            '由县级人民政府民政部门审批；救助金额较小的，可以委托乡镇（街道）审批。情况紧急的，可以按规定简化审批手续。',
        },
        {
          title: '给予救助',
          detail: '发放临时救助金或者实物；需要其他部门帮助的，转给有关部门或者慈善组织。',
        },
      ],
      timeLimit: `${ASK_ASSISTANCE}情况紧急的，可以按规定简化审批手续。`,
      fee: `本指南的资料没有写明，${ASK_ASSISTANCE}`,
      place: '乡镇人民政府（街道办事处）社会救助窗口。本地的地点和时间见下方“本地办理”。',
      contact: ASK_ASSISTANCE,
      faq: [
        {
          question: '事情很急，等不了怎么办？',
          answer: '情况紧急的，可以按照规定简化审批手续，请直接到乡镇（街道）社会救助窗口说明。',
        },
        {
          question: '不是低保户能申请吗？',
          answer: '能。因意外事件或者家庭成员突发重大疾病，基本生活暂时出现严重困难的家庭都可以申请。',
        },
      ],
      sources: [
        ASSISTANCE_ACT,
        { title: '《国务院关于全面建立临时救助制度的通知》（国发〔2014〕47号）', issuer: '国务院' },
      ],
      checkedOn: CHECKED_ON,
    },
  },
  {
    id: 'disability-subsidies',
    question: '怎么申请残疾人两项补贴',
    catalogItemIds: [],
    keywords: ['残疾人两项补贴', '残疾人补贴', '残疾补贴', '护理补贴', '生活补贴', '残疾人护理补贴'],
    content: {
      name: '残疾人两项补贴申请',
      summary:
        '低保家庭中的残疾人可以申请困难残疾人生活补贴；残疾等级为一级、二级且需要长期照护的重度残疾人可以申请重度残疾人护理补贴。',
      basis: [
        {
          title: '《国务院关于全面建立困难残疾人生活补贴和重度残疾人护理补贴制度的意见》（国发〔2015〕52号）',
        },
        { title: '本省的残疾人两项补贴实施办法（补贴标准）' },
      ],
      eligibility: [
        '困难残疾人生活补贴：低保家庭中的残疾人；有条件的地方扩大到低收入残疾人和其他困难残疾人。',
        '重度残疾人护理补贴：残疾等级被评定为一级、二级且需要长期照护的重度残疾人；有条件的地方扩大到非重度智力、精神残疾人或者其他残疾人。',
        '持有第二代《中华人民共和国残疾人证》。',
        '补贴标准由省级人民政府制定，各地不同，请咨询乡镇（街道）或县级残联、民政部门。',
      ],
      applicant:
        '由残疾人本人向户籍所在地的乡镇人民政府（街道办事处）提出书面申请；家人或者其他代理人可以代为办理。',
      materials: [
        { name: '第二代《中华人民共和国残疾人证》' },
        { name: '身份证、户口簿', note: '以乡镇窗口一次告知的为准。' },
      ],
      steps: [
        { title: '提出申请', detail: '到户籍所在地乡镇（街道）提出书面申请。' },
        { title: '初审', detail: '乡镇（街道）受理并初审。' },
        { title: '审核', detail: '县级残联审核残疾类别和等级。' },
        { title: '审定', detail: '县级民政部门审定。' },
        { title: '发放', detail: '审定后发放补贴，发放方式和时间以本地规定为准。' },
      ],
      timeLimit: '请咨询乡镇（街道）或县级民政部门。',
      fee: '本指南的资料没有写明，请咨询乡镇（街道）或县级民政部门。',
      place: '户籍所在地的乡镇人民政府（街道办事处）。本地的地点和时间见下方“本地办理”。',
      contact: '请咨询乡镇（街道）、县级残联或县级民政部门。',
      faq: [
        {
          question: '两项补贴能一起领吗？',
          answer: '既符合生活补贴条件、又符合护理补贴条件的，可以同时申领两项补贴。',
        },
        {
          question: '没有残疾人证怎么办？',
          answer: '请先到县级残联了解办理残疾人证的方法，办好后再申请补贴。',
        },
      ],
      sources: [
        {
          title: '《国务院关于全面建立困难残疾人生活补贴和重度残疾人护理补贴制度的意见》（国发〔2015〕52号）',
          issuer: '国务院',
        },
      ],
      checkedOn: CHECKED_ON,
    },
  },
  {
    id: 'old-age-allowance',
    question: '怎么领高龄津贴',
    catalogItemIds: ['elderly-care.old-age-allowance.roster', 'elderly-care.elderly-allowances'],
    keywords: ['高龄津贴', '高龄补贴', '老人补贴', '八十岁补贴', '老年人补贴'],
    content: {
      name: '高龄津贴申领',
      summary:
        '国家鼓励各地为八十周岁以上的低收入老年人发放高龄津贴；本地是否发放、多大年龄开始、每月多少，由当地规定。',
      basis: [
        { title: '《中华人民共和国老年人权益保障法》', articles: '第三十三条' },
        { title: '本省、本市、本县的高龄津贴办法' },
      ],
      eligibility: [
        '法律鼓励地方建立八十周岁以上低收入老年人高龄津贴制度。',
        '本地是否发放、起领年龄、是否看收入、每月金额，各地规定不同，请咨询乡镇（街道）或县级民政部门。',
      ],
      applicant: '老人本人或者家人向户籍所在地的村委会或乡镇（街道）提出，具体由谁受理请咨询本地。',
      materials: [
        { name: '老人的身份证、户口簿', note: '以本地告知的为准。' },
        { name: '领取津贴用的银行卡或社会保障卡', note: '以本地告知的为准。' },
      ],
      steps: [
        { title: '提出申请', detail: '向村委会或乡镇（街道）提出。' },
        { title: '核实', detail: '核实年龄、户籍等条件；有的地方在村里公示名单。' },
        { title: '审批发放', detail: '审批后按本地规定的时间发放。' },
      ],
      timeLimit: '请咨询乡镇（街道）或县级民政部门。',
      fee: '本指南的资料没有写明，请咨询乡镇（街道）或县级民政部门。',
      place: '户籍所在地的村委会或乡镇（街道）。本地的地点和时间见下方“本地办理”。',
      contact: '请咨询乡镇（街道）或县级民政部门。',
      faq: [
        {
          question: '我们这里发高龄津贴吗？',
          answer:
            '各地不同。本村的高龄津贴发放名单如果已公示，可以在下方“本村的相关公示”里看到；也可以问村委会。',
        },
      ],
      sources: [{ title: '《中华人民共和国老年人权益保障法》', issuer: '全国人民代表大会常务委员会' }],
      checkedOn: CHECKED_ON,
    },
  },
]
