import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type Koa from 'koa'
import { PRIVACY_POLICY_VERSION, findServiceGuideTemplate } from '@cunwu/domain'
import type { Role } from '@cunwu/domain'
import { buildTestApp } from '../testing/build-app'
import type { TestApp } from '../testing/build-app'
import { signIn } from '../testing/sign-in'
import { demoHouseholds } from '../services/seed.service'
import { buildDibaoRows, dibaoItem } from '../testing/factories'
import { demoRegionOf } from '../testing/demo'
import { dueDateAhead } from '../testing/pay'

/**
 * Walks every route × every role × own/foreign region and checks the authorization outcome:
 * anonymous → 401 on protected routes; a record (path id) of a region none of the identity's grants covers → 404
 * (middlewares/auth.ts); a role the route does not admit, or a region the role does not cover, → 403; an admitted
 * role in its own region → anything but 401/403 (the route may still say 404/409/422).
 * A route registered in the app but missing from this table fails the test, so new routes cannot skip it.
 */

type Target = 'V1' | 'V2'
type Policy = { kind: 'public' } | { kind: 'signed_in' } | { kind: 'roles'; roles: Role[] }

interface RouteCase {
  method: 'get' | 'post' | 'delete' | 'patch' | 'put'
  path: string
  policy: Policy
  /** Builds the request for a target region; `regional` false means the region does not matter. */
  build: (target: Target) => { url: string; body?: object }
  regional: boolean
}

const V1 = demoRegionOf('demo-secretary')
const V2 = demoRegionOf('demo-secretary-2')
const village = (t: Target) => (t === 'V1' ? V1 : V2)
const township = (t: Target) => village(t).slice(0, 9) + '000'
const county = demoRegionOf('demo-county')

/** What each tested identity covers, to decide own/foreign. */
const identities: { key: string | null; role: Role | null; covers: (code: string) => boolean }[] = [
  { key: null, role: null, covers: () => false },
  { key: 'demo-villager', role: 'villager', covers: (c) => c === V1 },
  { key: 'demo-secretary', role: 'secretary', covers: (c) => c === V1 },
  { key: 'demo-secretary-2', role: 'secretary', covers: (c) => c === V2 },
  {
    key: 'demo-township',
    role: 'township',
    covers: (c) => c.startsWith(demoRegionOf('demo-township').slice(0, 9)),
  },
  { key: 'demo-county', role: 'county', covers: (c) => c.startsWith(county.slice(0, 6)) },
  { key: 'demo-admin', role: 'admin', covers: (c) => c.startsWith(county.slice(0, 6)) },
]

const walkCharge = {
  title: '走查收费',
  unit: 'household',
  unitAmountFen: 100,
  category: '一事一议筹资',
  payers: [{ householdNo: '001' }],
  dueDate: dueDateAhead(),
  basis: { text: '走查决议' },
}
const WALK_GOV_ITEM = 'agricultural-subsidies.cultivated-land-protection'
const walkDecision = { title: '走查议事', kind: 'other' }
const walkLedgerEntry = {
  section: 'income',
  date: '2026-06-01',
  amountFen: 100,
  summary: '走查收入',
  category: '其他收入',
}

/** Routes whose region is that of the record named by a path id (not a region code in the path). */
const isRecordRoute = (path: string) => /\/:(id|fileId)\b/.test(path) && !path.includes(':code')
/** The region of the walk's record: government items and their imports belong to the township, the rest to the village. */
const recordRegion = (c: RouteCase, t: Target) =>
  c.path.startsWith('/api/v1/government-items/') ||
  (c.path.startsWith('/api/v1/table-imports/') &&
    c.policy.kind === 'roles' &&
    c.policy.roles.includes('township'))
    ? township(t)
    : village(t)

describe('authorization of every route', () => {
  let t: TestApp
  let app: Koa
  const tokens = new Map<string, string>()
  const membershipIn = new Map<Target, string>()
  const correctionIn = new Map<Target, string>()
  const disclosureIn = new Map<Target, string>()
  const chargeIn = new Map<Target, string>()
  const importIn = new Map<Target, string>()
  const governmentIn = new Map<Target, string>()
  const governmentImportIn = new Map<Target, string>()
  const alignmentIn = new Map<Target, string>()
  const decisionIn = new Map<Target, string>()
  let strangerId = ''

  beforeAll(async () => {
    t = await buildTestApp()
    app = t.app
    for (const id of identities) if (id.key) tokens.set(id.key, (await signIn(app, id.key)).auth)
    const stranger = await signIn(app, 'walk-stranger')
    strangerId = (await request(app.callback()).get('/api/v1/me').set('Authorization', stranger.auth)).body.id
    for (const target of ['V1', 'V2'] as const) {
      const res = await request(app.callback())
        .post(`/api/v1/villages/${village(target)}/memberships`)
        .set('Authorization', stranger.auth)
        .send({ name: '路人', householdNo: '998' })
      membershipIn.set(target, res.body.id)
      const correction = await request(app.callback())
        .post('/api/v1/me/data/corrections')
        .set('Authorization', stranger.auth)
        .send({ villageCode: village(target), kind: 'correct', target: '户号', text: '走查：户号写错了' })
      correctionIn.set(target, correction.body.id)
      const secretary = target === 'V1' ? 'demo-secretary' : 'demo-secretary-2'
      const d = await request(app.callback())
        .post(`/api/v1/villages/${village(target)}/disclosures`)
        .set('Authorization', tokens.get(secretary) ?? '')
        .send({
          catalogItemId: dibaoItem().id,
          period: '2026-06',
          title: '走查用公开',
          rows: buildDibaoRows(village(target), 2),
        })
      disclosureIn.set(target, d.body.id)
      // Pay: a charge in each village whose payers include household 001 (demo-villager's in V1).
      const c = await request(app.callback())
        .post(`/api/v1/villages/${village(target)}/charges`)
        .set('Authorization', tokens.get(secretary) ?? '')
        .send(walkCharge)
      chargeIn.set(target, c.body.id)
      const decision = await request(app.callback())
        .post(`/api/v1/villages/${village(target)}/decisions`)
        .set('Authorization', tokens.get(secretary) ?? '')
        .send(walkDecision)
      decisionIn.set(target, decision.body.id)
      const imp = await request(app.callback())
        .post(`/api/v1/villages/${village(target)}/table-imports?catalogItemId=${dibaoItem().id}`)
        .set('Authorization', tokens.get(secretary) ?? '')
        .attach('file', Buffer.from('申请人姓名,家庭人口\n王,2'), 'a.csv')
      importIn.set(target, imp.body.id)
      // One running import per person: the next upload waits until this one is checked.
      await settleImport(imp.body.id, tokens.get(secretary) ?? '')
      // Alignment: a published county roster item per township covering the target village (an alignment appears).
      const g = await request(app.callback())
        .post(`/api/v1/regions/${township(target)}/government-items`)
        .set('Authorization', tokens.get('demo-county') ?? '')
        .send({
          catalogItemId: WALK_GOV_ITEM,
          period: '2026',
          title: '走查名册',
          rows: [{ name: '走查户', area_mu: 1, amount: 100, village: village(target) }],
        })
      governmentIn.set(target, g.body.id)
      await request(app.callback())
        .post(`/api/v1/government-items/${g.body.id}/publish`)
        .set('Authorization', tokens.get('demo-county') ?? '')
      // A roster import into a second (draft) item of the township: imports of either kind are walked.
      const d2 = await request(app.callback())
        .post(`/api/v1/regions/${township(target)}/government-items`)
        .set('Authorization', tokens.get('demo-county') ?? '')
        .send({ catalogItemId: WALK_GOV_ITEM, period: '2027', title: '走查名册草稿' })
      const gi = await request(app.callback())
        .post(`/api/v1/government-items/${d2.body.id}/table-imports`)
        .set('Authorization', tokens.get('demo-county') ?? '')
        .attach(
          'file',
          Buffer.from(`村名,户主姓名,补贴面积,补贴金额\n${village(target)},走查户,1,1.00`),
          'a.csv',
        )
      governmentImportIn.set(target, gi.body.id)
      await settleImport(gi.body.id, tokens.get('demo-county') ?? '')
      const compliance = await request(app.callback())
        .get(`/api/v1/regions/${village(target)}/compliance?period=2026`)
        .set('Authorization', tokens.get('demo-county') ?? '')
      alignmentIn.set(
        target,
        compliance.body.rows.find((r: { alignmentId: string | null }) => r.alignmentId)?.alignmentId,
      )
    }
    // Waiting for the setup imports (one running import per person) takes seconds on a loaded machine.
  }, 120_000)
  afterAll(async () => {
    await t.close()
  })

  async function settleImport(id: string, auth: string): Promise<void> {
    for (let i = 0; i < 600; i += 1) {
      const res = await request(app.callback()).get(`/api/v1/table-imports/${id}`).set('Authorization', auth)
      if (res.body.status !== 'processing') return
      await new Promise((r) => setTimeout(r, 50))
    }
    throw new Error(`import ${id} did not finish`)
  }

  const staff: Role[] = ['secretary', 'township', 'county', 'admin']
  const cases: RouteCase[] = [
    {
      method: 'get',
      path: '/api/v1/openapi.json',
      policy: { kind: 'public' },
      regional: false,
      build: () => ({ url: '/api/v1/openapi.json' }),
    },
    {
      method: 'get',
      path: '/api/v1/health',
      policy: { kind: 'public' },
      regional: false,
      build: () => ({ url: '/api/v1/health' }),
    },
    {
      method: 'get',
      path: '/health',
      policy: { kind: 'public' },
      regional: false,
      build: () => ({ url: '/health' }),
    },
    {
      method: 'get',
      path: '/api/v1/catalog',
      policy: { kind: 'public' },
      regional: false,
      build: () => ({ url: '/api/v1/catalog' }),
    },
    {
      method: 'get',
      path: '/api/v1/catalog/domains/:id',
      policy: { kind: 'public' },
      regional: false,
      build: () => ({ url: '/api/v1/catalog/domains/nope' }),
    },
    {
      method: 'get',
      path: '/api/v1/catalog/items/:id',
      policy: { kind: 'public' },
      regional: false,
      build: () => ({ url: '/api/v1/catalog/items/nope' }),
    },
    {
      method: 'get',
      path: '/api/v1/catalog/items/:id/research',
      policy: { kind: 'roles', roles: ['secretary', 'township', 'county', 'admin'] },
      regional: false,
      build: () => ({ url: '/api/v1/catalog/items/social-assistance.dibao.approval/research' }),
    },
    {
      method: 'get',
      path: '/api/v1/regions/:code',
      policy: { kind: 'public' },
      regional: false,
      build: (tg) => ({ url: `/api/v1/regions/${village(tg)}` }),
    },
    {
      method: 'get',
      path: '/api/v1/regions/:code/children',
      policy: { kind: 'public' },
      regional: false,
      build: (tg) => ({ url: `/api/v1/regions/${township(tg)}/children` }),
    },
    {
      method: 'get',
      path: '/api/v1/dev/demo-users',
      policy: { kind: 'public' },
      regional: false,
      build: () => ({ url: '/api/v1/dev/demo-users' }),
    },
    {
      method: 'post',
      path: '/api/v1/dev/login-code',
      policy: { kind: 'public' },
      regional: false,
      build: () => ({ url: '/api/v1/dev/login-code', body: { userKey: 'walk-someone' } }),
    },
    {
      method: 'post',
      path: '/api/v1/dev/subscribe-message',
      policy: { kind: 'signed_in' },
      regional: false,
      build: () => ({
        url: '/api/v1/dev/subscribe-message',
        body: { templateIds: ['walk-unknown-template'] },
      }),
    },
    {
      method: 'post',
      path: '/api/v1/auth/wechat',
      policy: { kind: 'public' },
      regional: false,
      // A bad code: public routes answer for themselves (401 from WeChat here is the route's own answer).
      build: () => ({ url: '/api/v1/auth/wechat', body: { code: 'x' } }),
    },
    {
      method: 'post',
      path: '/api/v1/auth/refresh',
      policy: { kind: 'public' },
      regional: false,
      build: () => ({ url: '/api/v1/auth/refresh', body: { refreshToken: 'y'.repeat(43) } }),
    },
    {
      method: 'get',
      path: '/api/v1/me',
      policy: { kind: 'signed_in' },
      regional: false,
      build: () => ({ url: '/api/v1/me' }),
    },
    {
      method: 'post',
      path: '/api/v1/me/active-role',
      policy: { kind: 'signed_in' },
      regional: false,
      build: () => ({ url: '/api/v1/me/active-role', body: { role: 'villager', regionCode: V1 } }),
    },
    {
      method: 'patch',
      path: '/api/v1/regions/:code/contact',
      policy: { kind: 'roles', roles: ['secretary', 'township', 'county', 'admin'] },
      regional: true,
      // The number the demo seed gives V1, so the walk leaves the region as it found it.
      build: (tg) => ({
        url: `/api/v1/regions/${village(tg)}/contact`,
        body: { officePhone: tg === 'V1' ? '0795-7123456' : null },
      }),
    },
    {
      method: 'post',
      path: '/api/v1/regions/import',
      policy: { kind: 'roles', roles: ['admin'] },
      regional: false,
      build: () => ({ url: '/api/v1/regions/import', body: { csv: 'code,name,codeYear,urbanRuralCode\n' } }),
    },
    {
      method: 'put',
      path: '/api/v1/regions/:code/retirement',
      policy: { kind: 'roles', roles: ['admin'] },
      regional: true,
      // Merged into itself: refused (422) once authorized, so the walk retires nothing.
      build: (tg) => ({
        url: `/api/v1/regions/${village(tg)}/retirement`,
        body: { retiredOn: '2026-09-20', mergedInto: village(tg), reason: '走查撤并' },
      }),
    },
    {
      method: 'delete',
      path: '/api/v1/regions/:code/retirement',
      policy: { kind: 'roles', roles: ['admin'] },
      regional: true,
      // Not retired: 409 once authorized.
      build: (tg) => ({ url: `/api/v1/regions/${village(tg)}/retirement`, body: { reason: '走查撤销' } }),
    },
    {
      method: 'get',
      path: '/api/v1/villages/:code/catalog',
      policy: { kind: 'roles', roles: ['villager', ...staff] },
      regional: true,
      build: (tg) => ({ url: `/api/v1/villages/${village(tg)}/catalog` }),
    },
    {
      method: 'post',
      path: '/api/v1/villages/:code/memberships',
      policy: { kind: 'signed_in' },
      regional: false,
      build: (tg) => ({
        url: `/api/v1/villages/${village(tg)}/memberships`,
        body: { name: '某人', householdNo: '997' },
      }),
    },
    {
      method: 'get',
      path: '/api/v1/villages/:code/memberships',
      policy: { kind: 'roles', roles: staff },
      regional: true,
      build: (tg) => ({ url: `/api/v1/villages/${village(tg)}/memberships` }),
    },
    {
      method: 'post',
      path: '/api/v1/memberships/:id/approve',
      policy: { kind: 'roles', roles: ['secretary'] },
      regional: true,
      build: (tg) => ({ url: `/api/v1/memberships/${membershipIn.get(tg)}/approve` }),
    },
    {
      method: 'post',
      path: '/api/v1/memberships/:id/reject',
      policy: { kind: 'roles', roles: ['secretary'] },
      regional: true,
      build: (tg) => ({
        url: `/api/v1/memberships/${membershipIn.get(tg)}/reject`,
        body: { reason: '测试' },
      }),
    },
    {
      method: 'post',
      path: '/api/v1/memberships/:id/end',
      policy: { kind: 'roles', roles: ['secretary'] },
      regional: true,
      // The stranger's application is not an approved membership: the admitted secretary gets a 409.
      build: (tg) => ({
        url: `/api/v1/memberships/${membershipIn.get(tg)}/end`,
        body: { kind: 'other', reason: '走查移出' },
      }),
    },
    {
      method: 'post',
      path: '/api/v1/me/memberships/:id/leave',
      policy: { kind: 'signed_in' },
      regional: false,
      // Someone else's membership: every signed-in identity gets a 404.
      build: (tg) => ({ url: `/api/v1/me/memberships/${membershipIn.get(tg)}/leave` }),
    },
    {
      method: 'post',
      path: '/api/v1/villages/:code/invites',
      policy: { kind: 'roles', roles: ['secretary'] },
      regional: true,
      build: (tg) => ({
        url: `/api/v1/villages/${village(tg)}/invites`,
        body: { householdNo: demoHouseholds(village(tg))[9]?.householdNo, name: '某人' },
      }),
    },
    {
      method: 'get',
      path: '/api/v1/villages/:code/invites',
      policy: { kind: 'roles', roles: ['secretary', 'township'] },
      regional: true,
      build: (tg) => ({ url: `/api/v1/villages/${village(tg)}/invites` }),
    },
    {
      method: 'delete',
      path: '/api/v1/villages/:code/invites/:scene',
      policy: { kind: 'roles', roles: ['secretary', 'township'] },
      regional: true,
      build: (tg) => ({ url: `/api/v1/villages/${village(tg)}/invites/NoSuchScene123` }),
    },
    {
      method: 'post',
      path: '/api/v1/invites/:scene/accept',
      policy: { kind: 'signed_in' },
      regional: false,
      build: () => ({ url: '/api/v1/invites/NoSuchScene123/accept' }),
    },
    {
      method: 'get',
      path: '/api/v1/villages/:code/households',
      policy: { kind: 'roles', roles: staff },
      regional: true,
      build: (tg) => ({ url: `/api/v1/villages/${village(tg)}/households` }),
    },
    {
      method: 'post',
      path: '/api/v1/villages/:code/proxies',
      policy: { kind: 'roles', roles: ['secretary'] },
      regional: true,
      build: (tg) => ({
        url: `/api/v1/villages/${village(tg)}/proxies`,
        body: { userId: strangerId, householdNo: '001', forName: '某人' },
      }),
    },
    {
      method: 'post',
      path: '/api/v1/admin/role-grants',
      policy: { kind: 'roles', roles: ['admin'] },
      regional: true,
      build: (tg) => ({
        url: '/api/v1/admin/role-grants',
        body: { userId: strangerId, role: 'township', regionCode: township(tg) },
      }),
    },
    {
      method: 'delete',
      path: '/api/v1/admin/role-grants',
      policy: { kind: 'roles', roles: ['admin'] },
      regional: true,
      build: (tg) => ({
        url: '/api/v1/admin/role-grants',
        body: { userId: strangerId, role: 'township', regionCode: township(tg) },
      }),
    },
    {
      method: 'get',
      path: '/api/v1/admin/users',
      policy: { kind: 'roles', roles: ['admin'] },
      regional: true,
      build: (tg) => ({ url: `/api/v1/admin/users?regionCode=${township(tg)}` }),
    },
    {
      method: 'get',
      path: '/api/v1/admin/audit',
      policy: { kind: 'roles', roles: ['admin', 'county'] },
      regional: true,
      build: (tg) => ({ url: `/api/v1/admin/audit?regionCode=${township(tg)}` }),
    },
    {
      method: 'get',
      path: '/api/v1/admin/users/lookup',
      policy: { kind: 'roles', roles: ['admin'] },
      regional: false,
      build: () => ({ url: '/api/v1/admin/users/lookup?code=ZZZZZZZZ' }),
    },
    {
      method: 'post',
      path: '/api/v1/villages/:code/disclosures',
      policy: { kind: 'roles', roles: ['secretary'] },
      regional: true,
      build: (tg) => ({
        url: `/api/v1/villages/${village(tg)}/disclosures`,
        body: { catalogItemId: 'no.such.item', period: '2026-07', title: '走查' },
      }),
    },
    {
      method: 'get',
      path: '/api/v1/villages/:code/disclosures',
      policy: { kind: 'roles', roles: staff },
      regional: true,
      build: (tg) => ({ url: `/api/v1/villages/${village(tg)}/disclosures` }),
    },
    {
      method: 'get',
      path: '/api/v1/villages/:code/feed',
      policy: { kind: 'public' },
      regional: false,
      build: (tg) => ({ url: `/api/v1/villages/${village(tg)}/feed` }),
    },
    {
      method: 'get',
      path: '/api/v1/regions/:code/review-queue',
      policy: { kind: 'roles', roles: ['township', 'county'] },
      regional: true,
      build: (tg) => ({ url: `/api/v1/regions/${township(tg)}/review-queue` }),
    },
    {
      method: 'get',
      path: '/api/v1/search',
      policy: { kind: 'public' },
      regional: false,
      build: (tg) => ({ url: `/api/v1/search?q=低保&regionCode=${village(tg)}` }),
    },
    {
      method: 'get',
      path: '/api/v1/me/related',
      policy: { kind: 'signed_in' },
      regional: false,
      build: () => ({ url: '/api/v1/me/related' }),
    },
    {
      method: 'get',
      path: '/api/v1/privacy-policy',
      policy: { kind: 'public' },
      regional: false,
      build: () => ({ url: '/api/v1/privacy-policy' }),
    },
    {
      method: 'get',
      path: '/api/v1/me/privacy',
      policy: { kind: 'signed_in' },
      regional: false,
      build: () => ({ url: '/api/v1/me/privacy' }),
    },
    {
      method: 'post',
      path: '/api/v1/me/privacy-consents',
      policy: { kind: 'signed_in' },
      regional: false,
      build: () => ({ url: '/api/v1/me/privacy-consents', body: { version: PRIVACY_POLICY_VERSION } }),
    },
    {
      method: 'get',
      path: '/api/v1/me/data',
      policy: { kind: 'signed_in' },
      regional: false,
      build: () => ({ url: '/api/v1/me/data' }),
    },
    {
      // Admitted by membership (or application) in the village, not by role: every identity here applied to V1
      // above. A village the person has no record in is a 403 (me.router.test.ts).
      method: 'post',
      path: '/api/v1/me/data/corrections',
      policy: { kind: 'signed_in' },
      regional: false,
      build: () => ({
        url: '/api/v1/me/data/corrections',
        body: { villageCode: V1, kind: 'correct', target: '户号', text: '走查：户号写错了' },
      }),
    },
    {
      method: 'post',
      path: '/api/v1/corrections/:id/done',
      policy: { kind: 'roles', roles: ['secretary'] },
      regional: true,
      build: (tg) => ({ url: `/api/v1/corrections/${correctionIn.get(tg)}/done` }),
    },
    {
      method: 'get',
      path: '/api/v1/villages/:code/corrections',
      policy: { kind: 'roles', roles: ['secretary'] },
      regional: true,
      build: (tg) => ({ url: `/api/v1/villages/${village(tg)}/corrections` }),
    },
    {
      method: 'get',
      path: '/api/v1/disclosures/:id',
      policy: { kind: 'public' },
      regional: false,
      build: (tg) => ({ url: `/api/v1/disclosures/${disclosureIn.get(tg)}` }),
    },
    // Open data and posters: public content, no sign-in; the township's print job is regional.
    {
      method: 'get',
      path: '/api/v1/disclosures/:id/table.:format',
      policy: { kind: 'public' },
      regional: false,
      build: (tg) => ({ url: `/api/v1/disclosures/${disclosureIn.get(tg)}/table.csv` }),
    },
    {
      method: 'get',
      path: '/api/v1/regions/:code/open-data',
      policy: { kind: 'public' },
      regional: false,
      build: (tg) => ({ url: `/api/v1/regions/${township(tg)}/open-data` }),
    },
    {
      method: 'get',
      path: '/api/v1/regions/:code/open-data/:file',
      policy: { kind: 'public' },
      regional: false,
      build: (tg) => ({ url: `/api/v1/regions/${township(tg)}/open-data/x.csv?period=2026-Q1` }),
    },
    {
      method: 'get',
      path: '/api/v1/disclosures/:id/poster.pdf',
      policy: { kind: 'public' },
      regional: false,
      build: (tg) => ({ url: `/api/v1/disclosures/${disclosureIn.get(tg)}/poster.pdf` }),
    },
    {
      method: 'get',
      path: '/api/v1/p/:id',
      policy: { kind: 'public' },
      regional: false,
      build: (tg) => ({ url: `/api/v1/p/${disclosureIn.get(tg)}` }),
    },
    {
      method: 'get',
      path: '/api/v1/invites/:scene/poster.pdf',
      policy: { kind: 'public' },
      regional: false,
      build: () => ({ url: '/api/v1/invites/ABCDEFGHJKLMNPQR/poster.pdf' }),
    },
    {
      method: 'get',
      path: '/api/v1/regions/:code/posters.pdf',
      policy: { kind: 'roles', roles: ['township', 'county', 'admin'] },
      regional: true,
      build: (tg) => ({ url: `/api/v1/regions/${township(tg)}/posters.pdf?catalogItemId=x&period=2026-Q1` }),
    },
    // 读给我听: anyone hears a public item; the loudspeaker broadcast is for the item village's staff.
    {
      method: 'get',
      path: '/api/v1/disclosures/:id/speech',
      policy: { kind: 'public' },
      regional: false,
      build: (tg) => ({ url: `/api/v1/disclosures/${disclosureIn.get(tg)}/speech` }),
    },
    {
      method: 'get',
      path: '/api/v1/disclosures/:id/broadcast',
      policy: { kind: 'roles', roles: ['secretary', 'township', 'county', 'admin'] },
      regional: true,
      build: (tg) => ({ url: `/api/v1/disclosures/${disclosureIn.get(tg)}/broadcast` }),
    },
    {
      method: 'get',
      path: '/api/v1/speech/:file',
      policy: { kind: 'public' },
      regional: false,
      build: () => ({ url: `/api/v1/speech/${'a'.repeat(64)}.mp3` }),
    },
    // Service guides: anyone reads; the county edits the text; townships and villages keep local notes.
    {
      method: 'get',
      path: '/api/v1/regions/:code/service-guides',
      policy: { kind: 'public' },
      regional: false,
      build: (tg) => ({ url: `/api/v1/regions/${village(tg)}/service-guides` }),
    },
    {
      method: 'get',
      path: '/api/v1/regions/:code/service-guides/:guideId',
      policy: { kind: 'public' },
      regional: false,
      build: (tg) => ({ url: `/api/v1/regions/${village(tg)}/service-guides/dibao` }),
    },
    {
      method: 'get',
      path: '/api/v1/regions/:code/service-guides/:guideId/speech',
      policy: { kind: 'public' },
      regional: false,
      build: (tg) => ({ url: `/api/v1/regions/${village(tg)}/service-guides/nope/speech` }),
    },
    {
      method: 'get',
      path: '/api/v1/regions/:code/service-guides/:guideId/poster.pdf',
      policy: { kind: 'public' },
      regional: false,
      build: (tg) => ({ url: `/api/v1/regions/${village(tg)}/service-guides/nope/poster.pdf` }),
    },
    {
      method: 'put',
      path: '/api/v1/regions/:code/service-guides/:guideId',
      policy: { kind: 'roles', roles: ['county', 'admin'] },
      regional: false,
      build: () => ({
        url: `/api/v1/regions/${county}/service-guides/dibao`,
        body: { content: findServiceGuideTemplate('dibao')?.content, baseVersion: 0 },
      }),
    },
    {
      method: 'put',
      path: '/api/v1/regions/:code/service-guides/:guideId/note',
      policy: { kind: 'roles', roles: ['secretary', 'township', 'county', 'admin'] },
      regional: true,
      build: (tg) => ({
        url: `/api/v1/regions/${village(tg)}/service-guides/dibao/note`,
        body: { place: '村委会一楼' },
      }),
    },
    {
      method: 'delete',
      path: '/api/v1/regions/:code/service-guides/:guideId/note',
      policy: { kind: 'roles', roles: ['secretary', 'township', 'county', 'admin'] },
      regional: true,
      build: (tg) => ({ url: `/api/v1/regions/${village(tg)}/service-guides/dibao/note` }),
    },
    {
      method: 'get',
      path: '/api/v1/disclosures/:id/versions',
      policy: { kind: 'public' },
      regional: false,
      build: (tg) => ({ url: `/api/v1/disclosures/${disclosureIn.get(tg)}/versions` }),
    },
    {
      method: 'get',
      path: '/api/v1/disclosures/:id/versions/:version',
      policy: { kind: 'public' },
      regional: false,
      build: (tg) => ({ url: `/api/v1/disclosures/${disclosureIn.get(tg)}/versions/1` }),
    },
    {
      method: 'patch',
      path: '/api/v1/disclosures/:id',
      policy: { kind: 'roles', roles: ['secretary'] },
      regional: true,
      build: (tg) => ({ url: `/api/v1/disclosures/${disclosureIn.get(tg)}`, body: { title: '走查修改' } }),
    },
    {
      method: 'post',
      path: '/api/v1/disclosures/:id/submit',
      policy: { kind: 'roles', roles: ['secretary'] },
      regional: true,
      build: (tg) => ({ url: `/api/v1/disclosures/${disclosureIn.get(tg)}/submit` }),
    },
    {
      method: 'post',
      path: '/api/v1/disclosures/:id/review',
      policy: { kind: 'roles', roles: ['township', 'county'] },
      regional: true,
      build: (tg) => ({
        url: `/api/v1/disclosures/${disclosureIn.get(tg)}/review`,
        body: { decision: 'return', comment: '走查', revision: 0 },
      }),
    },
    {
      method: 'post',
      path: '/api/v1/disclosures/:id/versions',
      policy: { kind: 'roles', roles: ['secretary'] },
      regional: true,
      build: (tg) => ({
        url: `/api/v1/disclosures/${disclosureIn.get(tg)}/versions`,
        body: { changeNote: '走查新版本' },
      }),
    },
    {
      method: 'post',
      path: '/api/v1/disclosures/:id/retract',
      policy: { kind: 'roles', roles: ['secretary', 'township', 'county'] },
      regional: true,
      build: (tg) => ({
        url: `/api/v1/disclosures/${disclosureIn.get(tg)}/retract`,
        body: { reason: '走查撤回' },
      }),
    },
    // Notifications: own subscriptions and inbox for anyone signed in; outbox status for admins.
    {
      method: 'post',
      path: '/api/v1/subscriptions',
      policy: { kind: 'signed_in' },
      regional: false,
      build: () => ({ url: '/api/v1/subscriptions', body: { results: { tmpl_request_progress: 'accept' } } }),
    },
    {
      method: 'get',
      path: '/api/v1/subscriptions',
      policy: { kind: 'signed_in' },
      regional: false,
      build: () => ({ url: '/api/v1/subscriptions' }),
    },
    {
      method: 'delete',
      path: '/api/v1/subscriptions/:id',
      policy: { kind: 'signed_in' },
      regional: false,
      build: () => ({ url: '/api/v1/subscriptions/0123456789abcdef01234567' }),
    },
    {
      method: 'get',
      path: '/api/v1/inbox',
      policy: { kind: 'signed_in' },
      regional: false,
      build: () => ({ url: '/api/v1/inbox' }),
    },
    {
      method: 'get',
      path: '/api/v1/inbox/unread-count',
      policy: { kind: 'signed_in' },
      regional: false,
      build: () => ({ url: '/api/v1/inbox/unread-count' }),
    },
    {
      method: 'post',
      path: '/api/v1/inbox/read-all',
      policy: { kind: 'signed_in' },
      regional: false,
      build: () => ({ url: '/api/v1/inbox/read-all' }),
    },
    {
      method: 'post',
      path: '/api/v1/inbox/:id/read',
      policy: { kind: 'signed_in' },
      regional: false,
      build: () => ({ url: '/api/v1/inbox/0123456789abcdef01234567/read' }),
    },
    {
      method: 'get',
      path: '/api/v1/admin/outbox',
      policy: { kind: 'roles', roles: ['admin'] },
      regional: true,
      build: (tg) => ({ url: `/api/v1/admin/outbox?regionCode=${village(tg)}` }),
    },
    {
      method: 'get',
      path: '/api/v1/admin/outbox/metrics',
      policy: { kind: 'roles', roles: ['admin'] },
      regional: true,
      build: (tg) => ({ url: `/api/v1/admin/outbox/metrics?regionCode=${village(tg)}` }),
    },
    {
      method: 'post',
      path: '/api/v1/disclosures/:id/attachments',
      policy: { kind: 'roles', roles: ['secretary'] },
      regional: true,
      build: (tg) => ({ url: `/api/v1/disclosures/${disclosureIn.get(tg)}/attachments` }),
    },
    {
      method: 'delete',
      path: '/api/v1/disclosures/:id/attachments/:fileId',
      policy: { kind: 'roles', roles: ['secretary'] },
      regional: true,
      build: (tg) => ({
        url: `/api/v1/disclosures/${disclosureIn.get(tg)}/attachments/0123456789abcdef01234567`,
      }),
    },
    {
      method: 'get',
      path: '/api/v1/disclosures/:id/attachments/:fileId',
      policy: { kind: 'public' },
      regional: false,
      build: (tg) => ({
        url: `/api/v1/disclosures/${disclosureIn.get(tg)}/attachments/0123456789abcdef01234567`,
      }),
    },
    {
      method: 'post',
      path: '/api/v1/disclosures/:id/attachments/:fileId/withdraw',
      policy: { kind: 'roles', roles: ['secretary', 'township', 'county'] },
      regional: true,
      build: (tg) => ({
        url: `/api/v1/disclosures/${disclosureIn.get(tg)}/attachments/0123456789abcdef01234567/withdraw`,
        body: { reason: '走查撤下' },
      }),
    },
    {
      method: 'post',
      path: '/api/v1/villages/:code/table-imports',
      policy: { kind: 'roles', roles: ['secretary'] },
      regional: true,
      build: (tg) => ({
        url: `/api/v1/villages/${village(tg)}/table-imports?catalogItemId=${dibaoItem().id}`,
      }),
    },
    {
      method: 'get',
      path: '/api/v1/table-imports/:id',
      policy: { kind: 'roles', roles: ['secretary'] },
      regional: true,
      build: (tg) => ({ url: `/api/v1/table-imports/${importIn.get(tg)}` }),
    },
    {
      method: 'post',
      path: '/api/v1/table-imports/:id/mapping',
      policy: { kind: 'roles', roles: ['secretary'] },
      regional: true,
      build: (tg) => ({
        url: `/api/v1/table-imports/${importIn.get(tg)}/mapping`,
        body: { headerRow: 0, mapping: {} },
      }),
    },
    {
      method: 'post',
      path: '/api/v1/table-imports/:id/apply',
      policy: { kind: 'roles', roles: ['secretary'] },
      regional: true,
      build: (tg) => ({
        url: `/api/v1/table-imports/${importIn.get(tg)}/apply`,
        body: { disclosureId: disclosureIn.get(tg) },
      }),
    },
    // The same routes for a government roster import: the township or county office that owns it.
    {
      method: 'get',
      path: '/api/v1/table-imports/:id',
      policy: { kind: 'roles', roles: ['township', 'county'] },
      regional: true,
      build: (tg) => ({ url: `/api/v1/table-imports/${governmentImportIn.get(tg)}` }),
    },
    {
      method: 'post',
      path: '/api/v1/table-imports/:id/mapping',
      policy: { kind: 'roles', roles: ['township', 'county'] },
      regional: true,
      build: (tg) => ({
        url: `/api/v1/table-imports/${governmentImportIn.get(tg)}/mapping`,
        body: { headerRow: 0, mapping: {}, villageColumn: 0 },
      }),
    },
    {
      method: 'post',
      path: '/api/v1/table-imports/:id/apply',
      policy: { kind: 'roles', roles: ['township', 'county'] },
      regional: true,
      build: (tg) => ({ url: `/api/v1/table-imports/${governmentImportIn.get(tg)}/apply`, body: {} }),
    },
    // 四议两公开 decisions: the village secretary writes; its members and the staff covering it read.
    {
      method: 'post',
      path: '/api/v1/villages/:code/decisions',
      policy: { kind: 'roles', roles: ['secretary'] },
      regional: true,
      build: (tg) => ({ url: `/api/v1/villages/${village(tg)}/decisions`, body: walkDecision }),
    },
    {
      method: 'get',
      path: '/api/v1/villages/:code/decisions',
      policy: { kind: 'roles', roles: ['villager', ...staff] },
      regional: true,
      build: (tg) => ({ url: `/api/v1/villages/${village(tg)}/decisions` }),
    },
    {
      method: 'get',
      path: '/api/v1/decisions/:id',
      policy: { kind: 'roles', roles: ['villager', ...staff] },
      regional: true,
      build: (tg) => ({ url: `/api/v1/decisions/${decisionIn.get(tg)}` }),
    },
    {
      method: 'post',
      path: '/api/v1/decisions/:id/steps',
      policy: { kind: 'roles', roles: ['secretary'] },
      regional: true,
      build: (tg) => ({
        url: `/api/v1/decisions/${decisionIn.get(tg)}/steps`,
        body: {
          step: 'resolution',
          heldOn: '2026-01-05',
          meeting: 'representatives',
          bodySize: 3,
          present: 3,
          votes: { for: 3, against: 0, abstain: 0 },
          motion: '走查议题',
        },
      }),
    },
    {
      method: 'post',
      path: '/api/v1/decisions/:id/resolution-disclosure',
      policy: { kind: 'roles', roles: ['secretary'] },
      regional: true,
      build: (tg) => ({ url: `/api/v1/decisions/${decisionIn.get(tg)}/resolution-disclosure` }),
    },
    {
      method: 'post',
      path: '/api/v1/decisions/:id/results',
      policy: { kind: 'roles', roles: ['secretary'] },
      regional: true,
      build: (tg) => ({
        url: `/api/v1/decisions/${decisionIn.get(tg)}/results`,
        body: { text: '走查实施情况' },
      }),
    },
    // Collective charges, WeChat Pay callbacks (public: WeChat signs them), ledger and reconciliation.
    {
      method: 'post',
      path: '/api/v1/villages/:code/charges',
      policy: { kind: 'roles', roles: ['secretary'] },
      regional: true,
      build: (tg) => ({ url: `/api/v1/villages/${village(tg)}/charges`, body: walkCharge }),
    },
    {
      method: 'get',
      path: '/api/v1/villages/:code/charges',
      policy: { kind: 'roles', roles: staff },
      regional: true,
      build: (tg) => ({ url: `/api/v1/villages/${village(tg)}/charges` }),
    },
    {
      method: 'get',
      path: '/api/v1/charges/:id',
      policy: { kind: 'roles', roles: staff },
      regional: true,
      build: (tg) => ({ url: `/api/v1/charges/${chargeIn.get(tg)}` }),
    },
    {
      method: 'get',
      path: '/api/v1/me/charges',
      policy: { kind: 'signed_in' },
      regional: false,
      build: () => ({ url: '/api/v1/me/charges' }),
    },
    {
      method: 'post',
      path: '/api/v1/charges/:id/pay',
      policy: { kind: 'roles', roles: ['villager'] },
      regional: true,
      build: (tg) => ({ url: `/api/v1/charges/${chargeIn.get(tg)}/pay`, body: {} }),
    },
    {
      method: 'post',
      path: '/api/v1/charges/:id/pay/check',
      policy: { kind: 'roles', roles: ['villager'] },
      regional: true,
      build: (tg) => ({ url: `/api/v1/charges/${chargeIn.get(tg)}/pay/check`, body: {} }),
    },
    {
      method: 'post',
      path: '/api/v1/charges/:id/refunds',
      policy: { kind: 'roles', roles: ['secretary'] },
      regional: true,
      build: (tg) => ({
        url: `/api/v1/charges/${chargeIn.get(tg)}/refunds`,
        body: { householdNo: '001', reason: '走查退款' },
      }),
    },
    {
      method: 'post',
      path: '/api/v1/pay/notify',
      policy: { kind: 'public' },
      regional: false,
      build: () => ({ url: '/api/v1/pay/notify', body: { id: 'walk' } }),
    },
    {
      method: 'post',
      path: '/api/v1/pay/refund-notify',
      policy: { kind: 'public' },
      regional: false,
      build: () => ({ url: '/api/v1/pay/refund-notify', body: { id: 'walk' } }),
    },
    {
      method: 'get',
      path: '/api/v1/villages/:code/ledger',
      policy: { kind: 'roles', roles: staff },
      regional: true,
      build: (tg) => ({ url: `/api/v1/villages/${village(tg)}/ledger` }),
    },
    {
      method: 'post',
      path: '/api/v1/villages/:code/ledger',
      policy: { kind: 'roles', roles: ['secretary'] },
      regional: true,
      build: (tg) => ({ url: `/api/v1/villages/${village(tg)}/ledger`, body: walkLedgerEntry }),
    },
    {
      method: 'post',
      path: '/api/v1/villages/:code/ledger/import',
      policy: { kind: 'roles', roles: ['secretary'] },
      regional: true,
      build: (tg) => ({
        url: `/api/v1/villages/${village(tg)}/ledger/import`,
        body: { batchId: 'walk-batch-1', entries: [walkLedgerEntry] },
      }),
    },
    {
      method: 'post',
      path: '/api/v1/villages/:code/ledger/vouchers',
      policy: { kind: 'roles', roles: ['secretary'] },
      regional: true,
      // Not multipart: the route answers 415 once authorization let the request through.
      build: (tg) => ({ url: `/api/v1/villages/${village(tg)}/ledger/vouchers`, body: {} }),
    },
    {
      method: 'post',
      path: '/api/v1/villages/:code/finance-statements',
      policy: { kind: 'roles', roles: ['secretary'] },
      regional: true,
      build: (tg) => ({
        url: `/api/v1/villages/${village(tg)}/finance-statements`,
        body: { month: '2026-05' },
      }),
    },
    {
      method: 'get',
      path: '/api/v1/villages/:code/ledger/vouchers/:fileId',
      policy: { kind: 'roles', roles: ['secretary', 'township', 'county', 'admin'] },
      regional: true,
      build: (tg) => ({ url: `/api/v1/villages/${village(tg)}/ledger/vouchers/0123456789abcdef01234567` }),
    },
    {
      method: 'post',
      path: '/api/v1/villages/:code/ledger/:id/reverse',
      policy: { kind: 'roles', roles: ['secretary'] },
      regional: true,
      build: (tg) => ({
        url: `/api/v1/villages/${village(tg)}/ledger/0123456789abcdef01234567/reverse`,
        body: { reason: '走查冲销' },
      }),
    },
    {
      method: 'get',
      path: '/api/v1/villages/:code/finance-statements/:month',
      policy: { kind: 'roles', roles: staff },
      regional: true,
      build: (tg) => ({ url: `/api/v1/villages/${village(tg)}/finance-statements/2026-05` }),
    },
    {
      method: 'get',
      path: '/api/v1/reconciliations/unattributed',
      policy: { kind: 'roles', roles: ['admin'] },
      regional: false,
      build: () => ({ url: '/api/v1/reconciliations/unattributed' }),
    },
    {
      method: 'get',
      path: '/api/v1/villages/:code/reconciliations',
      policy: { kind: 'roles', roles: staff },
      regional: true,
      build: (tg) => ({ url: `/api/v1/villages/${village(tg)}/reconciliations` }),
    },
    {
      method: 'post',
      path: '/api/v1/villages/:code/reconciliations',
      policy: { kind: 'roles', roles: ['secretary', 'township'] },
      regional: true,
      build: (tg) => ({
        url: `/api/v1/villages/${village(tg)}/reconciliations`,
        body: { date: '2026-01-01' },
      }),
    },
    {
      method: 'get',
      path: '/api/v1/villages/:code/schedule',
      policy: { kind: 'roles', roles: staff },
      regional: true,
      build: (tg) => ({ url: `/api/v1/villages/${village(tg)}/schedule?year=2026` }),
    },
    // Government items, alignments and the compliance dashboard; the retraction last of these.
    {
      method: 'post',
      path: '/api/v1/regions/:code/government-items',
      policy: { kind: 'roles', roles: ['township', 'county'] },
      regional: true,
      build: (tg) => ({
        url: `/api/v1/regions/${township(tg)}/government-items`,
        body: { catalogItemId: 'no.such.item', period: '2026', title: '走查' },
      }),
    },
    {
      method: 'get',
      path: '/api/v1/regions/:code/government-items',
      policy: { kind: 'roles', roles: ['township', 'county', 'admin'] },
      regional: true,
      build: (tg) => ({ url: `/api/v1/regions/${township(tg)}/government-items` }),
    },
    {
      method: 'get',
      path: '/api/v1/government-items/:id',
      policy: { kind: 'public' },
      regional: false,
      build: (tg) => ({ url: `/api/v1/government-items/${governmentIn.get(tg)}?village=${village(tg)}` }),
    },
    {
      method: 'patch',
      path: '/api/v1/government-items/:id',
      policy: { kind: 'roles', roles: ['township', 'county'] },
      regional: true,
      build: (tg) => ({
        url: `/api/v1/government-items/${governmentIn.get(tg)}`,
        body: { title: '走查修改' },
      }),
    },
    {
      method: 'post',
      path: '/api/v1/government-items/:id/table-imports',
      policy: { kind: 'roles', roles: ['township', 'county'] },
      regional: true,
      // Not multipart: the route answers 415 once authorization let the request through.
      build: (tg) => ({ url: `/api/v1/government-items/${governmentIn.get(tg)}/table-imports`, body: {} }),
    },
    {
      method: 'post',
      path: '/api/v1/government-items/:id/publish',
      policy: { kind: 'roles', roles: ['township', 'county'] },
      regional: true,
      build: (tg) => ({ url: `/api/v1/government-items/${governmentIn.get(tg)}/publish` }),
    },
    {
      method: 'post',
      path: '/api/v1/government-items/:id/versions',
      policy: { kind: 'roles', roles: ['township', 'county'] },
      regional: true,
      build: (tg) => ({
        url: `/api/v1/government-items/${governmentIn.get(tg)}/versions`,
        body: { changeNote: '走查新版本' },
      }),
    },
    {
      method: 'post',
      path: '/api/v1/villages/:code/disclosures/prefill',
      policy: { kind: 'roles', roles: ['secretary'] },
      regional: true,
      build: (tg) => ({
        url: `/api/v1/villages/${village(tg)}/disclosures/prefill`,
        body: { catalogItemId: dibaoItem().id, period: '2026-07' },
      }),
    },
    {
      method: 'get',
      path: '/api/v1/disclosures/:id/alignment',
      policy: { kind: 'public' },
      regional: false,
      build: (tg) => ({ url: `/api/v1/disclosures/${disclosureIn.get(tg)}/alignment` }),
    },
    {
      method: 'get',
      path: '/api/v1/alignments/:id',
      policy: { kind: 'roles', roles: staff },
      regional: true,
      build: (tg) => ({ url: `/api/v1/alignments/${alignmentIn.get(tg)}` }),
    },
    {
      method: 'post',
      path: '/api/v1/alignments/:id/verify',
      policy: { kind: 'roles', roles: ['township', 'county'] },
      regional: true,
      build: (tg) => ({
        url: `/api/v1/alignments/${alignmentIn.get(tg)}/verify`,
        body: {
          action: 'confirm',
          fingerprint: 'x',
          disclosureVersion: null,
          governmentVersion: 1,
          revision: 1,
        },
      }),
    },
    {
      method: 'get',
      path: '/api/v1/regions/:code/compliance',
      policy: { kind: 'roles', roles: ['township', 'county', 'admin'] },
      regional: true,
      build: (tg) => ({ url: `/api/v1/regions/${township(tg)}/compliance?period=2026-Q1` }),
    },
    {
      method: 'get',
      path: '/api/v1/regions/:code/compliance.xlsx',
      policy: { kind: 'roles', roles: ['township', 'county', 'admin'] },
      regional: true,
      build: (tg) => ({ url: `/api/v1/regions/${township(tg)}/compliance.xlsx?period=2026-01` }),
    },
    {
      method: 'post',
      path: '/api/v1/government-items/:id/retract',
      policy: { kind: 'roles', roles: ['township', 'county'] },
      regional: true,
      build: (tg) => ({
        url: `/api/v1/government-items/${governmentIn.get(tg)}/retract`,
        body: { reason: '走查撤回' },
      }),
    },
    // Questions on disclosures: asking needs a published item of one's own village (the walk's drafts answer 404);
    // answering checks the village of the thread in the service (questions.router.test.ts).
    {
      method: 'post',
      path: '/api/v1/disclosures/:id/questions',
      policy: { kind: 'signed_in' },
      regional: true,
      build: (tg) => ({
        url: `/api/v1/disclosures/${disclosureIn.get(tg)}/questions`,
        body: { kind: 'question', text: '走查提问' },
      }),
    },
    {
      method: 'get',
      path: '/api/v1/disclosures/:id/questions',
      policy: { kind: 'public' },
      regional: true,
      build: (tg) => ({ url: `/api/v1/disclosures/${disclosureIn.get(tg)}/questions` }),
    },
    // Photos of a thread: the asker uploads (the service checks it is theirs); WeChat fetches one with its token;
    // who sees a photo follows the thread (question-photos.router.test.ts). WeChat's pushes are signed, not signed in.
    {
      method: 'post',
      path: '/api/v1/questions/:id/photos',
      policy: { kind: 'signed_in' },
      regional: false,
      build: () => ({ url: `/api/v1/questions/${'0'.repeat(24)}/photos` }),
    },
    {
      method: 'get',
      path: '/api/v1/question-photos/:photoId/media',
      policy: { kind: 'public' },
      regional: false,
      build: () => ({ url: `/api/v1/question-photos/${'0'.repeat(24)}/media?token=${'x'.repeat(32)}` }),
    },
    {
      method: 'get',
      path: '/api/v1/questions/:id/photos/:photoId',
      policy: { kind: 'public' },
      regional: false,
      build: () => ({ url: `/api/v1/questions/${'0'.repeat(24)}/photos/${'0'.repeat(24)}` }),
    },
    {
      method: 'get',
      path: '/api/v1/wechat/push',
      policy: { kind: 'public' },
      regional: false,
      build: () => ({ url: '/api/v1/wechat/push?echostr=walk' }),
    },
    {
      method: 'post',
      path: '/api/v1/wechat/push',
      policy: { kind: 'public' },
      regional: false,
      build: () => ({ url: '/api/v1/wechat/push', body: { Event: 'walk' } }),
    },
    {
      method: 'get',
      path: '/api/v1/me/questions',
      policy: { kind: 'signed_in' },
      regional: false,
      build: () => ({ url: '/api/v1/me/questions' }),
    },
    {
      method: 'get',
      path: '/api/v1/questions/:id',
      policy: { kind: 'public' },
      regional: false,
      build: () => ({ url: `/api/v1/questions/${'0'.repeat(24)}` }),
    },
    {
      method: 'post',
      path: '/api/v1/questions/:id/reply',
      policy: { kind: 'signed_in' },
      regional: false,
      build: () => ({
        url: `/api/v1/questions/${'0'.repeat(24)}/reply`,
        body: { outcome: 'answered', text: '走查答复' },
      }),
    },
    {
      method: 'post',
      path: '/api/v1/questions/:id/correction',
      policy: { kind: 'signed_in' },
      regional: false,
      build: () => ({ url: `/api/v1/questions/${'0'.repeat(24)}/correction`, body: { changeNote: '走查' } }),
    },
    {
      method: 'post',
      path: '/api/v1/questions/:id/publish',
      policy: { kind: 'signed_in' },
      regional: false,
      build: () => ({ url: `/api/v1/questions/${'0'.repeat(24)}/publish`, body: { askerConsented: true } }),
    },
    {
      method: 'post',
      path: '/api/v1/questions/:id/unpublish',
      policy: { kind: 'signed_in' },
      regional: false,
      build: () => ({ url: `/api/v1/questions/${'0'.repeat(24)}/unpublish`, body: { reason: '走查撤回' } }),
    },
    {
      method: 'get',
      path: '/api/v1/regions/:code/questions',
      policy: { kind: 'roles', roles: ['secretary', 'township', 'county', 'admin'] },
      regional: true,
      build: (tg) => ({ url: `/api/v1/regions/${village(tg)}/questions` }),
    },
    // Consultations: opened by the village's secretary or the township; read by members (checked in the service
    // against approved membership or proxy rights) and staff; answering, the tally, who took part and the summary
    // check the consultation's village in the service (consultations.router.test.ts).
    {
      method: 'post',
      path: '/api/v1/villages/:code/consultations',
      policy: { kind: 'roles', roles: ['secretary', 'township'] },
      regional: true,
      build: (tg) => ({
        url: `/api/v1/villages/${village(tg)}/consultations`,
        body: {
          title: '走查征求意见',
          draft: '走查',
          questions: [{ kind: 'single', text: '同意吗？', options: ['同意', '不同意'] }],
          deadline: new Date(Date.now() + 7 * 86_400_000).toISOString(),
          unit: 'person',
        },
      }),
    },
    {
      method: 'get',
      path: '/api/v1/villages/:code/consultations',
      policy: { kind: 'roles', roles: ['villager', 'secretary', 'township', 'county', 'admin'] },
      regional: true,
      build: (tg) => ({ url: `/api/v1/villages/${village(tg)}/consultations` }),
    },
    ...(['', '/mine', '/tally', '/participants'] as const).map((tail): RouteCase => ({
      method: 'get',
      path: `/api/v1/consultations/:id${tail}`,
      policy: { kind: 'signed_in' },
      regional: false,
      build: () => ({ url: `/api/v1/consultations/${'0'.repeat(24)}${tail}` }),
    })),
    {
      method: 'post',
      path: '/api/v1/consultations/:id/answers',
      policy: { kind: 'signed_in' },
      regional: false,
      build: () => ({
        url: `/api/v1/consultations/${'0'.repeat(24)}/answers`,
        body: { responses: [{ options: [0] }] },
      }),
    },
    {
      method: 'post',
      path: '/api/v1/consultations/:id/summary',
      policy: { kind: 'signed_in' },
      regional: false,
      build: () => ({ url: `/api/v1/consultations/${'0'.repeat(24)}/summary`, body: { decided: '走查' } }),
    },
    {
      method: 'get',
      path: '/api/v1/regions/:code/consultations/participation',
      policy: { kind: 'roles', roles: ['township', 'county', 'admin'] },
      regional: true,
      build: (tg) => ({ url: `/api/v1/regions/${village(tg)}/consultations/participation` }),
    },
    // Information requests: anyone signed in asks a township or county; handling is for the addressed office only, so
    // the county does not see a township's queue
    // (checked in the service against the request's office, info-requests.router.test.ts).
    {
      method: 'post',
      path: '/api/v1/info-requests',
      policy: { kind: 'signed_in' },
      regional: false,
      build: () => ({
        url: '/api/v1/info-requests',
        body: {
          regionCode: township('V1'),
          description: '走查申请',
          form: 'paper',
          requester: { name: '走查', idType: 'other', idNumber: 'X0000', contact: '走查联系方式' },
        },
      }),
    },
    {
      method: 'get',
      path: '/api/v1/me/info-requests',
      policy: { kind: 'signed_in' },
      regional: false,
      build: () => ({ url: '/api/v1/me/info-requests' }),
    },
    {
      method: 'get',
      path: '/api/v1/regions/:code/info-requests',
      policy: { kind: 'roles', roles: ['township'] },
      regional: true,
      build: (tg) => ({ url: `/api/v1/regions/${township(tg)}/info-requests` }),
    },
    {
      method: 'get',
      path: '/api/v1/info-requests/:id',
      policy: { kind: 'signed_in' },
      regional: false,
      build: () => ({ url: `/api/v1/info-requests/${'0'.repeat(24)}` }),
    },
    {
      method: 'post',
      path: '/api/v1/info-requests/:id/correction-notice',
      policy: { kind: 'signed_in' },
      regional: false,
      build: () => ({
        url: `/api/v1/info-requests/${'0'.repeat(24)}/correction-notice`,
        body: { missing: ['走查'] },
      }),
    },
    {
      method: 'post',
      path: '/api/v1/info-requests/:id/correct',
      policy: { kind: 'signed_in' },
      regional: false,
      build: () => ({
        url: `/api/v1/info-requests/${'0'.repeat(24)}/correct`,
        body: { description: '走查' },
      }),
    },
    {
      method: 'post',
      path: '/api/v1/info-requests/:id/extend',
      policy: { kind: 'signed_in' },
      regional: false,
      build: () => ({ url: `/api/v1/info-requests/${'0'.repeat(24)}/extend`, body: { reason: '走查' } }),
    },
    {
      method: 'post',
      path: '/api/v1/info-requests/:id/consultation',
      policy: { kind: 'signed_in' },
      regional: false,
      build: () => ({
        url: `/api/v1/info-requests/${'0'.repeat(24)}/consultation`,
        body: { action: 'start' },
      }),
    },
    {
      method: 'post',
      path: '/api/v1/info-requests/:id/reply',
      policy: { kind: 'signed_in' },
      regional: false,
      build: () => ({
        url: `/api/v1/info-requests/${'0'.repeat(24)}/reply`,
        body: { type: 'disclosed', text: '走查' },
      }),
    },
    {
      method: 'post',
      path: '/api/v1/info-requests/:id/archive',
      policy: { kind: 'signed_in' },
      regional: false,
      build: () => ({ url: `/api/v1/info-requests/${'0'.repeat(24)}/archive` }),
    },
    {
      method: 'get',
      path: '/api/v1/regions/:code/info-requests/annual-report',
      policy: { kind: 'roles', roles: ['township'] },
      regional: true,
      build: (tg) => ({ url: `/api/v1/regions/${township(tg)}/info-requests/annual-report?year=2026` }),
    },
    {
      method: 'post',
      path: '/api/v1/regions/:code/info-requests/annual-report/appeals',
      policy: { kind: 'roles', roles: ['township'] },
      regional: true,
      build: (tg) => ({
        url: `/api/v1/regions/${township(tg)}/info-requests/annual-report/appeals?year=2026`,
        body: {
          reconsideration: { maintained: 0, corrected: 0, other: 0, pending: 0 },
          litigationDirect: { maintained: 0, corrected: 0, other: 0, pending: 0 },
          litigationAfterReconsideration: { maintained: 0, corrected: 0, other: 0, pending: 0 },
        },
      }),
    },
    // Development clock and upkeep (404 in production); the walk moves the clock by nothing.
    {
      method: 'get',
      path: '/api/v1/dev/clock',
      policy: { kind: 'public' },
      regional: false,
      build: () => ({ url: '/api/v1/dev/clock' }),
    },
    {
      method: 'post',
      path: '/api/v1/dev/clock',
      policy: { kind: 'public' },
      regional: false,
      build: () => ({ url: '/api/v1/dev/clock', body: { advanceDays: 0 } }),
    },
    {
      method: 'post',
      path: '/api/v1/dev/upkeep',
      policy: { kind: 'public' },
      regional: false,
      build: () => ({ url: '/api/v1/dev/upkeep' }),
    },
    // Last, because it ends each identity's session.
    // Cross-village checks: county and township staff of the region only (the service checks the grant; a
    // finding or run outside one's region is 403/404, cross-checks.router.test.ts).
    {
      method: 'post',
      path: '/api/v1/regions/:code/cross-checks/run',
      policy: { kind: 'roles', roles: ['township', 'county'] },
      regional: true,
      build: (tg) => ({
        url: `/api/v1/regions/${township(tg)}/cross-checks/run`,
        body: { period: '2026-01' },
      }),
    },
    {
      method: 'get',
      path: '/api/v1/regions/:code/cross-checks',
      policy: { kind: 'roles', roles: ['township', 'county'] },
      regional: true,
      build: (tg) => ({ url: `/api/v1/regions/${township(tg)}/cross-checks?period=2026-01` }),
    },
    {
      method: 'get',
      path: '/api/v1/cross-check-runs/:id',
      policy: { kind: 'signed_in' },
      regional: false,
      build: () => ({ url: `/api/v1/cross-check-runs/${'0'.repeat(24)}` }),
    },
    {
      method: 'get',
      path: '/api/v1/cross-checks/:id',
      policy: { kind: 'signed_in' },
      regional: false,
      build: () => ({ url: `/api/v1/cross-checks/${'0'.repeat(24)}` }),
    },
    {
      method: 'post',
      path: '/api/v1/cross-checks/:id/confirm',
      policy: { kind: 'signed_in' },
      regional: false,
      build: () => ({
        url: `/api/v1/cross-checks/${'0'.repeat(24)}/confirm`,
        body: { comment: '走查', revision: 1 },
      }),
    },
    {
      method: 'post',
      path: '/api/v1/cross-checks/:id/resolve',
      policy: { kind: 'signed_in' },
      regional: false,
      build: () => ({
        url: `/api/v1/cross-checks/${'0'.repeat(24)}/resolve`,
        body: { reason: '走查', revision: 1 },
      }),
    },
    {
      method: 'post',
      path: '/api/v1/auth/logout',
      policy: { kind: 'signed_in' },
      regional: false,
      build: () => ({ url: '/api/v1/auth/logout' }),
    },
  ]

  it('should cover every route the app registers', () => {
    const registered = new Set<string>()
    for (const mw of app.middleware) {
      const router: unknown = Reflect.get(mw, 'router')
      const stack: unknown = router && typeof router === 'object' ? Reflect.get(router, 'stack') : undefined
      if (!Array.isArray(stack)) continue
      for (const layer of stack) {
        const methods: string[] = layer.methods ?? []
        for (const m of methods) if (m !== 'HEAD') registered.add(`${m.toLowerCase()} ${layer.path}`)
      }
    }
    const tested = new Set(cases.map((c) => `${c.method} ${c.path}`))
    expect([...registered].filter((r) => !tested.has(r))).toEqual([])
    expect([...tested].filter((r) => !registered.has(r))).toEqual([])
  })

  it('should give every role the expected answer in its own and a foreign region', async () => {
    const failures: string[] = []
    for (const c of cases) {
      for (const id of identities) {
        for (const target of c.regional ? (['V1', 'V2'] as const) : (['V1'] as const)) {
          const { url, body } = c.build(target)
          let req = request(app.callback())[c.method](url)
          if (id.key) req = req.set('Authorization', tokens.get(id.key) ?? '')
          const res = body ? await req.send(body) : await req
          const regionCode = village(target)
          let expected: 'ok' | 401 | 403 | 404
          if (c.policy.kind === 'public') expected = 'ok'
          else if (!id.key) expected = 401
          else if (c.policy.kind === 'signed_in') expected = 'ok'
          // A record (a path id) in a region none of the identity's grants covers: as if it did not exist.
          else if (c.regional && isRecordRoute(c.path) && !id.covers(recordRegion(c, target))) expected = 404
          else if (!id.role || !c.policy.roles.includes(id.role)) expected = 403
          else if (c.regional && !id.covers(regionCode)) expected = 403
          else expected = 'ok'
          const got = res.status
          const ok =
            expected === 'ok'
              ? got !== 403 && !(got === 401 && c.policy.kind !== 'public') && got < 500
              : got === expected
          if (!ok)
            failures.push(
              `${c.method.toUpperCase()} ${url} as ${id.key ?? 'anonymous'}: expected ${expected}, got ${got} ${JSON.stringify(res.body)}`,
            )
        }
      }
    }
    expect(failures).toEqual([])
    // Hundreds of requests against a real database: allow for a loaded 2-core machine.
  }, 300_000)
})
