// Test data builders shaped like the BFF's answers.
import type { AuthTokensDto, CatalogItem, DisclosureDto, MeDto, MembershipDto, Region } from '@cunwu/domain'

/** Tokens as /auth/wechat and /auth/refresh answer them. */
export function buildTokens(name: string, expiresIn = 900): AuthTokensDto {
  return { accessToken: `access-${name}`, expiresIn, refreshToken: `refresh-${name}-0123456789abcdef` }
}

/** A region of the demo tree. */
export function buildRegion(code: string, name: string): Region {
  const level = code.endsWith('000000') ? 'county' : code.endsWith('000') ? 'township' : 'village'
  const parentCode =
    level === 'county' ? '360900000000' : level === 'township' ? '360999000000' : `${code.slice(0, 9)}000`
  return { code, name, level, parentCode, codeYear: 2025, urbanRuralCode: level === 'village' ? '220' : null }
}

/** A pending membership application. */
export function buildMembership(overrides: Partial<MembershipDto> = {}): MembershipDto {
  return {
    id: '65f000000000000000000001',
    userId: '65f0000000000000000000aa',
    villageCode: '360999001001',
    villageName: '城东社区居委会',
    name: '李秀英',
    householdNo: '002',
    status: 'pending',
    via: 'application',
    appliedAt: '2026-03-01T08:00:00.000Z',
    ...overrides,
  }
}

/** A signed-in user's profile. */
export function buildMe(overrides: Partial<MeDto> = {}): MeDto {
  return {
    id: '65f0000000000000000000aa',
    displayName: '李秀英',
    accountCode: 'ABCD-2345',
    roles: [],
    activeRole: null,
    memberships: [],
    proxies: [],
    ...overrides,
  }
}

/** A catalog item with every element known unless overridden. */
export function buildItem(overrides: Partial<CatalogItem> = {}): CatalogItem {
  return {
    id: 'social-assistance.dibao.approval',
    domainId: 'social-assistance',
    level1: '最低生活保障',
    level2: '审批结果',
    name: '最低生活保障对象名单',
    content: ['姓名', '保障人数'],
    basis: ['《社会救助暂行办法》'],
    timeLimit: { trigger: 'approved', days: 20, unit: 'working_days', text: '审批后20个工作日内' },
    subject: '县民政局',
    method: 'proactive',
    channels: ['notice_board', 'government_website'],
    audience: { kind: 'all' },
    levels: ['county', 'village'],
    schedule: {
      cadence: 'monthly',
      minPostingDays: 7,
      postingDaysUnit: 'calendar_days',
      dueDays: null,
      basis: ['民发〔2012〕220号'],
    },
    focus: true,
    table: null,
    alignsWith: [],
    confidence: 'found',
    unknowns: [],
    sources: ['国办发〔2019〕54号'],
    ...overrides,
  }
}

/** A published disclosure of a village's 低保 list, with a table, figures and a chart. */
export function buildDisclosure(overrides: Partial<DisclosureDto> = {}): DisclosureDto {
  return {
    id: '65f0000000000000000000d1',
    regionCode: '360999100200',
    regionName: '云溪村委会',
    catalogItemId: 'social-assistance.dibao.approval',
    catalogItemName: '最低生活保障对象名单',
    domainId: 'social-assistance',
    period: '2026-07',
    version: 2,
    status: 'published',
    title: '低保对象名单',
    body: '以下家庭享受低保。',
    interpretation: {
      qa: [{ q: '多久公示一次？', a: '每次审批后公示。' }],
      chart: { kind: 'bar', title: '各组金额', unit: 'fen', series: [{ label: '第1组', value: 58029 }] },
    },
    figures: [{ name: '低保标准', value: 680, unit: '元/月' }],
    table: {
      title: '最低生活保障对象名单',
      columns: [
        { key: 'name', label: '申请人姓名', type: 'text', masked: false },
        { key: 'amount', label: '保障金额（月）', type: 'amount_fen', masked: false, total: true },
      ],
      rows: [
        { name: '王建国', amount: 58000 },
        { name: '李秀英', amount: 29 },
      ],
      totals: { amount: 58029 },
      rowCount: 2,
      omittedRowCount: 1,
    },
    attachments: [],
    changeNote: '更正金额',
    publishedAt: '2026-07-02T00:00:00.000Z',
    postingUntil: null,
    retractReason: null,
    reviewComment: null,
    alignment: { status: 'unknown', label: '暂无对照信息' },
    ...overrides,
  }
}
