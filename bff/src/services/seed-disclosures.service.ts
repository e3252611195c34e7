import type { User } from '../models/User.model'
import type { Services } from '.'
import type { Actor } from './audit.service'
import { rowOf } from './finance-statement-text'
import { demoHouseholds, demoPeople } from './seed.service'

// Development only (runtime.ts calls this when NODE_ENV is development and demo data is seeded; never in
// production, never in tests unless a test asks): a few realistic published items in the demo villager's
// village, so someone trying the product sees a feed, a 与我相关 row and both alignment outcomes instead of
// "本村还没有公开的内容". Everything goes through the services as the demo people, exactly as through the API:
// the county publishes its rosters, the secretary drafts and submits, the township approves.

/** The items seeded, by catalog item: what a first look at the product shows. */
export const DEMO_DISCLOSURE_ITEMS = [
  'social-assistance.dibao.approval',
  'agricultural-subsidies.cultivated-land-protection',
  'village-finance.income',
] as const

/** A row as the demo writes it: column key → text or number (both sides take it as is). */
type DemoRow = Record<string, string | number | null>

const DIBAO = 'social-assistance.dibao.approval'
const LAND = 'agricultural-subsidies.cultivated-land-protection'
const INCOME = 'village-finance.income'
/** Periods of the demo items: the subsidy year and the month of the finance statement. */
const YEAR = '2026'
const MONTH = '2026-11'

/** 低保 households of the demo village: the villager's own household (与我相关) first. Amounts in 分 per month. */
function dibaoRows(village: string): DemoRow[] {
  return demoHouseholds(village)
    .slice(0, 4)
    .map((h, i) => ({
      name: h.headName,
      household_size: [3, 1, 2, 4][i] ?? 2,
      amount: [135_000, 68_000, 96_000, 152_000][i] ?? 68_000,
      household_no: h.householdNo,
      group: `第${(i % 3) + 1}组`,
    }))
}

/** 耕地地力保护补贴 rows: 亩 and 元 (at 125 元 per 亩) of six households. */
function landRows(village: string): DemoRow[] {
  return demoHouseholds(village)
    .slice(0, 6)
    .map((h, i) => {
      const area = [4.5, 6, 3.2, 8, 5.5, 2.8][i] ?? 4
      return {
        name: h.headName,
        household_no: h.householdNo,
        area_mu: area,
        rate_fen_per_mu: 12_500,
        amount: Math.round(area * 12_500),
        group: `第${(i % 3) + 1}组`,
      }
    })
}

/** One month of the village's income, item by item (分), with the category the books file it under. */
const INCOME_ROWS: (DemoRow & { category: string })[] = [
  { date: '2026-11-03', summary: '村集体鱼塘承包费', category: '发包收入', amount: 1_200_000 },
  { date: '2026-11-12', summary: '村部门面房租金', category: '租赁收入', amount: 360_000 },
  { date: '2026-11-20', summary: '上级转移支付：村级组织运转经费', category: '补助收入', amount: 2_500_000 },
  { date: '2026-11-28', summary: '光伏发电收益', category: '经营收入', amount: 186_540 },
]

/**
 * The income statement's rows as the 月度财务公开 page drafts them from the ledger: the lines are booked first (when
 * the pay feature runs), so on a fresh install the page finds the public statement and the books agreeing (a
 * re-probe saw 账目在公开后又有变动 for a statement whose lines were never booked).
 */
async function bookedIncomeRows(services: Services, village: string, secretary: User): Promise<DemoRow[]> {
  const ledger = services.pay?.ledger
  if (!ledger) return INCOME_ROWS
  const rows: DemoRow[] = []
  for (const r of INCOME_ROWS) {
    const { entry } = await ledger.create(
      village,
      {
        section: 'income',
        date: String(r.date),
        amountFen: Number(r.amount),
        summary: String(r.summary),
        category: r.category,
        counterparty: '',
        voucherNo: '',
        voucherFileIds: [],
        handler: '',
        remark: '',
        decisionId: null,
      },
      secretary,
      actorOf(secretary),
    )
    rows.push(rowOf(entry))
  }
  return rows
}

async function userOf(services: Services, key: string): Promise<User> {
  const user = await services.models.User.findOne({ demoUserKey: key }).lean()
  if (!user) throw new Error(`demo user ${key} is missing: seed the demo people first`)
  return user
}

const actorOf = (user: User): Actor => ({ userId: user._id, requestId: null })

/**
 * Publishes the demo items once (nothing when the demo village already has a disclosure): the county's 低保
 * roster and 耕地地力保护补贴 roster, the village's lists of the same (the 低保 list agrees; the subsidy list has
 * one household's amount differing from the county's by 50 元) and the village's income statement for a month.
 */
export async function seedDemoDisclosures(services: Services): Promise<{ seeded: boolean }> {
  const people = demoPeople()
  const village = people.find((p) => p.userKey === 'demo-villager')?.grants[0]?.regionCode
  const county = people.find((p) => p.userKey === 'demo-county')?.grants[0]?.regionCode
  if (!village || !county) throw new Error('the demo people need a villager and a county')
  if (await services.models.Disclosure.exists({ regionCode: village })) return { seeded: false }
  const [countyUser, secretary, township] = await Promise.all([
    userOf(services, 'demo-county'),
    userOf(services, 'demo-secretary'),
    userOf(services, 'demo-township'),
  ])

  const publishCounty = async (catalogItemId: string, title: string, rows: DemoRow[]) => {
    const draft = await services.governmentItems.create(
      county,
      {
        catalogItemId,
        period: YEAR,
        title,
        body: '',
        figures: [],
        rows: rows.map((r) => ({ ...r, village })),
      },
      countyUser,
      actorOf(countyUser),
    )
    await services.governmentItems.publish(draft._id.toHexString(), countyUser, actorOf(countyUser))
  }
  const publishVillage = async (
    catalogItemId: string,
    period: string,
    title: string,
    body: string,
    rows: DemoRow[],
  ) => {
    const draft = await services.disclosures.create(
      village,
      { catalogItemId, period, title, body, interpretation: null, rows },
      secretary,
      actorOf(secretary),
    )
    const id = draft._id.toHexString()
    await services.disclosures.submit(id, actorOf(secretary))
    await services.disclosures.review(id, { decision: 'approve' }, township, actorOf(township))
  }

  const dibao = dibaoRows(village)
  const land = landRows(village)
  await publishCounty(DIBAO, '2026年度最低生活保障对象名单', dibao)
  await publishCounty(LAND, '2026年度耕地地力保护补贴发放名册', land)
  await publishVillage(
    DIBAO,
    YEAR,
    '2026年度低保对象名单公示',
    '经村民代表会议评议、乡镇审核、县民政局确认，以下家庭享受最低生活保障。如有异议，请在公示期内向村委会或乡镇民政办反映。',
    dibao,
  )
  // The village entered one household's area as 5 亩 where the county's roster has 4.5: 62.50 元 more.
  const differing = land.map((r, i) => (i === 0 ? { ...r, area_mu: 5, amount: 62_500 } : r))
  await publishVillage(
    LAND,
    YEAR,
    '2026年度耕地地力保护补贴发放名单',
    '补贴标准每亩125元，按确权面积发放到户，直接打入社保卡。',
    differing,
  )
  await publishVillage(
    INCOME,
    MONTH,
    '2026年11月村集体收入明细',
    '本月收入 4 笔，合计 42,465.40 元。',
    await bookedIncomeRows(services, village, secretary),
  )
  return { seeded: true }
}
