import type { ServiceGuideTemplate } from './schema'

/**
 * Shipped guides for land, insurance and farm subsidies (宅基地, 城乡居民医保, 城乡居民养老保险, 耕地地力保护补贴).
 * Sources and what varies by county: `docs/service-guides.md`.
 */

const CHECKED_ON = '2026-12-06'

const LAND_ACT = { title: '《中华人民共和国土地管理法》', issuer: '全国人民代表大会常务委员会' } as const
const HOMESTEAD_NOTICE = {
  title: '《农业农村部 自然资源部关于规范农村宅基地审批管理的通知》（农经发〔2019〕6号）',
  issuer: '农业农村部、自然资源部',
} as const
const MEDICAL_OPINION = {
  title: '《国务院关于整合城乡居民基本医疗保险制度的意见》（国发〔2016〕3号）',
  issuer: '国务院',
} as const
const PENSION_OPINION = {
  title: '《国务院关于建立统一的城乡居民基本养老保险制度的意见》（国发〔2014〕8号）',
  issuer: '国务院',
} as const
const SUBSIDY_NOTICE = {
  title: '《财政部 农业部关于全面推开农业“三项补贴”改革工作的通知》（财农〔2016〕26号）',
  issuer: '财政部、农业部',
} as const

const ASK_TOWNSHIP = '请咨询乡镇人民政府。'
const ASK_MEDICAL = '请咨询乡镇（街道）医保经办窗口或县级医疗保障部门。'
const ASK_PENSION = '请咨询乡镇（街道）社保所、村里的社保协办员或县级社会保险经办机构。'
const ASK_FARM = '请咨询村委会或乡镇农业农村部门。'

export const RURAL_GUIDES: readonly ServiceGuideTemplate[] = [
  {
    id: 'homestead',
    question: '怎么申请宅基地建房',
    catalogItemIds: ['village-affairs.homestead-plan'],
    keywords: ['宅基地', '宅基地申请', '建房', '盖房', '批地基', '建房审批'],
    content: {
      name: '农村宅基地和建房申请',
      summary:
        '农村村民一户只能拥有一处宅基地。要建房的，以户为单位向村集体经济组织提出书面申请，由乡镇人民政府审核批准。',
      basis: [
        { title: LAND_ACT.title, articles: '第六十二条' },
        { title: HOMESTEAD_NOTICE.title },
        { title: '本省的农村宅基地管理规定（申请条件和面积标准）' },
      ],
      eligibility: [
        '一户只能拥有一处宅基地，面积不得超过省、自治区、直辖市规定的标准。',
        '出卖、出租、赠与住宅后，再申请宅基地的，不予批准。',
        `具体的申请条件和面积标准由各省规定，${ASK_TOWNSHIP}`,
      ],
      applicant:
        '农户以户为单位，向拥有宅基地所有权的农村集体经济组织提出宅基地和建房（规划许可）书面申请；没有分设集体经济组织的，向村民小组或村级组织提出。',
      materials: [
        { name: '宅基地和建房（规划许可）申请表', note: '在村里或乡镇领取。' },
        { name: '户口簿、身份证', note: '以乡镇窗口一次告知的为准。' },
      ],
      steps: [
        { title: '提出申请', detail: '以户为单位向村集体经济组织（或村民小组）交书面申请。' },
        {
          title: '讨论公示',
          detail:
            '集体经济组织成员会议讨论，并把申请理由、拟用地位置和面积、拟建房层高和面积等在本集体范围内公示。',
          timeLimit: '公示期不少于5个工作日',
        },
        {
          title: '村级审核',
          detail:
            '村级组织审查材料是否真实、建房是否符合村庄规划、是否征求了相邻权利人意见，签署意见后报乡镇政府。',
        },
        {
          title: '乡镇审批',
          detail:
            '乡镇政府组织农业农村、自然资源等部门联合审查，批准的发给《农村宅基地批准书》和《乡村建设规划许可证》。涉及占用农用地的，依法办理农用地转用审批手续。',
        },
        {
          title: '放线和验收',
          detail: '乡镇在审查时到现场、批准后丈量放线到现场、房屋建成后核查到现场（“三到场”）。',
        },
      ],
      timeLimit: `各省规定不同，${ASK_TOWNSHIP}`,
      fee: `本指南的资料没有写明，${ASK_TOWNSHIP}`,
      place: '村集体经济组织（村委会）受理申请，乡镇人民政府审批。本地的地点和时间见下方“本地办理”。',
      contact: `${ASK_TOWNSHIP}也可以问村委会。`,
      faq: [
        {
          question: '卖了老房子，还能再批宅基地吗？',
          answer: '不能。出卖、出租、赠与住宅后再申请宅基地的，不予批准。',
        },
        {
          question: '能在承包的耕地上盖房吗？',
          answer: '占用农用地建房，必须依法办理农用地转用审批手续，没批不能盖。',
        },
        {
          question: '本村的宅基地怎么安排？',
          answer: '宅基地的使用方案要经村民会议讨论决定，并在村里公开，可以在下方“本村的相关公示”里查看。',
        },
      ],
      sources: [LAND_ACT, HOMESTEAD_NOTICE],
      checkedOn: CHECKED_ON,
    },
  },
  {
    id: 'medical-insurance',
    question: '怎么交医保',
    catalogItemIds: [],
    keywords: ['医保', '医疗保险', '居民医保', '新农合', '合作医疗', '交医保', '医保缴费'],
    content: {
      name: '城乡居民基本医疗保险参保缴费',
      summary:
        '没有参加职工医保的城乡居民，可以参加城乡居民基本医疗保险（原来的新农合已并入），每年按当地规定缴费。',
      basis: [{ title: MEDICAL_OPINION.title }, { title: '当年国家和本省关于城乡居民医保缴费标准的通知' }],
      eligibility: [
        '除应当参加职工基本医疗保险的人以外，其他城乡居民都可以参加。',
        '农民工和灵活就业人员依法参加职工基本医疗保险，有困难的可以按当地规定参加城乡居民医保。',
        `低保、特困等困难群众参保的个人缴费，按规定可以得到资助，${ASK_MEDICAL}`,
      ],
      applicant: `本人或者家人按当地规定办理参保登记和缴费，${ASK_MEDICAL}`,
      materials: [{ name: '身份证或户口簿', note: '第一次参保时常用，以当地告知的为准。' }],
      steps: [
        { title: '参保登记', detail: `第一次参保的，按当地规定办理参保登记，${ASK_MEDICAL}` },
        {
          title: '每年缴费',
          detail: '在当地规定的集中缴费期内缴纳下一年的个人缴费。缴费方式以当地医保和税务部门的通知为准。',
        },
        { title: '看病报销', detail: '在定点医疗机构看病，按规定直接结算报销。' },
      ],
      timeLimit: '集中缴费期由当地规定，请留意村里和乡镇的通知。',
      fee: `个人缴费标准每年由国家和省里确定，各地不同，请看当年的缴费通知，${ASK_MEDICAL}`,
      place: '乡镇（街道）医保经办窗口，或当地通知的缴费渠道。本地的地点和时间见下方“本地办理”。',
      contact: ASK_MEDICAL,
      faq: [
        {
          question: '新农合还有吗？',
          answer: '新农合已经和城镇居民医保合并为城乡居民基本医疗保险，按城乡居民医保参保缴费。',
        },
        {
          question: '过了缴费期怎么办？',
          answer: `各地规定不同，${ASK_MEDICAL}`,
        },
      ],
      sources: [MEDICAL_OPINION],
      checkedOn: CHECKED_ON,
    },
  },
  {
    id: 'residents-pension',
    question: '怎么参加养老保险',
    catalogItemIds: [],
    keywords: [
      '养老保险',
      '城乡居民养老保险',
      '居民养老保险',
      '新农保',
      '农村养老保险',
      '养老金',
      '交养老保险',
    ],
    content: {
      name: '城乡居民基本养老保险参保',
      summary:
        '年满16周岁（不含在校学生）、没有参加职工养老保险的城乡居民，可以在户籍地参加城乡居民基本养老保险，年满60周岁后按月领养老金。',
      basis: [{ title: PENSION_OPINION.title }, { title: '本省的城乡居民基本养老保险实施办法（缴费档次）' }],
      eligibility: [
        '年满16周岁（不含在校学生），不是国家机关和事业单位工作人员，也不在职工基本养老保险覆盖范围内的城乡居民，可以在户籍地参保。',
        '年满60周岁、累计缴费满15年，且没有领取国家规定的基本养老保障待遇的，可以按月领取养老金。',
      ],
      applicant: `本人在户籍地办理参保登记，${ASK_PENSION}`,
      materials: [{ name: '身份证或户口簿', note: '以当地经办机构告知的为准。' }],
      steps: [
        { title: '参保登记', detail: `在户籍地办理参保登记，${ASK_PENSION}` },
        {
          title: '选档缴费',
          detail:
            '每年缴费，多缴多得。国家规定的缴费档次是每年100元到2000元共12个档次，省里可以增加档次；本地现行档次以当年缴费通知为准。政府对参保人缴费给予补贴。',
        },
        {
          title: '领取养老金',
          detail: '年满60周岁、累计缴费满15年的，按月领取养老金，由基础养老金和个人账户养老金组成。',
        },
      ],
      timeLimit: `缴费时间由当地规定，${ASK_PENSION}`,
      fee: '个人按所选档次每年缴费，见“办理流程”。',
      place: '户籍地的乡镇（街道）社保所，或村里的社保协办员。本地的地点和时间见下方“本地办理”。',
      contact: ASK_PENSION,
      faq: [
        {
          question: '缴费不满15年能领吗？',
          answer: `国家规定年满60周岁、累计缴费满15年的可以按月领取；不满的怎么办，${ASK_PENSION}`,
        },
        {
          question: '参保人去世了，个人账户里的钱怎么办？',
          answer: '个人账户资金余额可以依法继承。',
        },
      ],
      sources: [PENSION_OPINION],
      checkedOn: CHECKED_ON,
    },
  },
  {
    id: 'cultivated-land-subsidy',
    question: '怎么领耕地地力保护补贴',
    catalogItemIds: [
      'agricultural-subsidies.cultivated-land-protection',
      'agricultural-subsidies.subsidy-policy-list',
    ],
    keywords: ['耕地地力保护补贴', '地力补贴', '种粮补贴', '粮食直补', '种地补贴'],
    content: {
      name: '耕地地力保护补贴',
      summary: '拥有耕地承包权的种地农民，按当地规定的面积和标准领取耕地地力保护补贴，钱直接打到“一卡通”。',
      basis: [{ title: SUBSIDY_NOTICE.title }, { title: '本省当年的耕地地力保护补贴实施方案' }],
      eligibility: [
        '补贴对象原则上为拥有耕地承包权的种地农民。',
        '已经改变用途的耕地（作为畜牧养殖场使用的耕地、林地，成片粮田转为设施农业用地，非农业征用占用的耕地等），以及长年抛荒地、占补平衡中“补”的面积和质量达不到耕种条件的耕地，不再给予补贴。',
        `按哪种面积补（如二轮承包面积、确权面积或粮食种植面积）、每亩多少钱，由省里确定，${ASK_FARM}`,
      ],
      applicant: `补贴面积怎么申报、核实，按当地实施方案办理，${ASK_FARM}`,
      materials: [],
      steps: [
        { title: '核对面积', detail: `按当地方案申报或核对本户的补贴面积，${ASK_FARM}` },
        {
          title: '村里公开',
          detail: '补贴对象、面积和金额按规定公开，本村的公示可以在村务通查看，有问题可以提出。',
        },
        { title: '审核发放', detail: '审核后，补贴资金通过“一卡（折）通”等形式直接发到户。' },
      ],
      timeLimit: `每年的发放时间由当地规定，${ASK_FARM}`,
      fee: `本指南的资料没有写明，${ASK_FARM}`,
      place: '村委会或乡镇农业农村部门。本地的地点和时间见下方“本地办理”。',
      contact: ASK_FARM,
      faq: [
        {
          question: '地撂荒了还有补贴吗？',
          answer: '长年抛荒的耕地不再给予补贴。',
        },
        {
          question: '地流转给别人种了，补贴给谁？',
          answer: `补贴对象原则上为拥有耕地承包权的种地农民，流转后怎么领由当地规定，${ASK_FARM}`,
        },
      ],
      sources: [SUBSIDY_NOTICE],
      checkedOn: CHECKED_ON,
    },
  },
]
