import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CatalogResearchSchema, listCatalogItems } from '@cunwu/domain'
import { buildTestApp } from '../../testing/build-app'
import type { TestApp } from '../../testing/build-app'
import { signIn } from '../../testing/sign-in'
import { seedDemoDisclosures } from '../../services/seed-disclosures.service'
import { demoRegionOf } from '../../testing/demo'

const V1 = demoRegionOf('demo-villager')

// Values the page turns into Chinese labels (ids, enums, column keys), not text shown as is.
const CODE_KEYS = new Set([
  'id',
  'domainId',
  'alignsWith',
  'trigger',
  'unit',
  'method',
  'channels',
  'kind',
  'levels',
  'cadence',
  'postingDaysUnit',
  'key',
  'type',
  'policy',
  'provenance',
  'field',
  'confidence',
  'columns',
  'version',
  'code',
  'parentCode',
  'level',
  'urbanRuralCode',
])

function shownTexts(value: unknown, path = ''): string[] {
  if (typeof value === 'string') return [`${path}: ${value}`]
  if (Array.isArray(value)) return value.flatMap((v, i) => shownTexts(v, `${path}[${i}]`))
  if (value && typeof value === 'object') {
    return Object.entries(value).flatMap(([k, v]) =>
      CODE_KEYS.has(k) &&
      (typeof v === 'string' || (Array.isArray(v) && v.every((x) => typeof x === 'string')))
        ? []
        : shownTexts(v, `${path}.${k}`),
    )
  }
  return []
}
const LATIN_OR_LINK = /:.*([A-Za-z]{2,}|:\/\/)/

describe('catalog routes', () => {
  let t: TestApp
  let server: ReturnType<TestApp['app']['callback']>
  beforeAll(async () => {
    t = await buildTestApp()
    server = t.app.callback()
  })
  afterAll(async () => {
    await t.close()
  })

  describe('villager-facing responses', () => {
    it("should carry no English word, link or research note in any of a village's catalog items", async () => {
      const { auth } = await signIn(t.app, 'demo-villager')
      const res = await request(server).get(`/api/v1/villages/${V1}/catalog`).set('Authorization', auth)
      expect(res.status).toBe(200)
      expect(res.body.village).toMatchObject({ code: V1, level: 'village' })
      expect(res.body.village).not.toHaveProperty('_id')
      expect(res.body.items).toHaveLength(listCatalogItems({ level: 'village' }).length)
      const hits = shownTexts(res.body.items).filter((s) => LATIN_OR_LINK.test(s))
      expect(hits).toEqual([])
      expect(JSON.stringify(res.body.items)).not.toMatch(/"notes"/)
      for (const item of res.body.items) expect(item.sources).toEqual([])
    })

    it("should say for each item whether this period's disclosure is published, due or overdue, and which opens", async () => {
      const services = t.services
      if (!services) throw new Error('no database')
      const { auth } = await signIn(t.app, 'demo-villager')
      const before = await request(server).get(`/api/v1/villages/${V1}/catalog`).set('Authorization', auth)
      type Standing = {
        itemId: string
        current: { status: string } | null
        latestDisclosureId: string | null
      }
      const standing = (body: { standings: Standing[] }, id: string) =>
        body.standings.find((s) => s.itemId === id)
      expect(before.body.standings).toHaveLength(listCatalogItems({ level: 'village' }).length)
      // Monthly finance items: this month or the last is due or overdue, nothing to open yet.
      const income = standing(before.body, 'village-finance.income')
      expect(income).toMatchObject({ latestDisclosureId: null })
      expect(['overdue', 'due_soon', 'upcoming']).toContain(income?.current?.status)

      await seedDemoDisclosures(services)
      const after = await request(server).get(`/api/v1/villages/${V1}/catalog`).set('Authorization', auth)
      const dibao = standing(after.body, 'social-assistance.dibao.approval')
      const published = await services.models.Disclosure.findOne({
        regionCode: V1,
        catalogItemId: 'social-assistance.dibao.approval',
      }).lean()
      expect(dibao).toMatchObject({ current: null, latestDisclosureId: published?._id.toHexString() })
    })

    it("should show last year's December and yearly items as overdue in the new year, with their due dates", async () => {
      const services = t.services
      if (!services) throw new Error('no database')
      const { auth } = await signIn(t.app, 'demo-villager')
      try {
        services.clock.setTo(new Date('2027-01-20T02:00:00Z'))
        const res = await request(server).get(`/api/v1/villages/${V1}/catalog`).set('Authorization', auth)
        expect(res.status).toBe(200)
        type Standing = {
          itemId: string
          current: { periodKey: string; status: string } | null
          overdueCount: number
        }
        const of = (id: string) => (res.body.standings as Standing[]).find((s) => s.itemId === id)
        expect(of('village-finance.expense')?.current).toMatchObject({
          periodKey: '2026-12',
          status: 'overdue',
          dueDate: '2027-01-15',
          // Counted into 2027, a year without holiday data: Monday–Friday assumed, and said so.
          provisional: true,
        })
        expect(of('village-finance.annual-plan')?.current).toMatchObject({
          periodKey: '2026',
          status: 'overdue',
        })
        expect(of('village-finance.annual-plan')?.overdueCount).toBeGreaterThanOrEqual(1)
      } finally {
        services.clock.setTo(new Date())
      }
    })

    it('should carry none in any single village item page, nor in the domain list', async () => {
      for (const item of listCatalogItems({ level: 'village' })) {
        const res = await request(server).get(`/api/v1/catalog/items/${item.id}`)
        expect(res.status).toBe(200)
        expect(shownTexts(res.body.item).filter((s) => LATIN_OR_LINK.test(s))).toEqual([])
      }
      const domains = await request(server).get('/api/v1/catalog')
      expect(JSON.stringify(domains.body)).not.toMatch(/"sources"|"coverageNote"/)
    })
  })

  describe('GET /api/v1/catalog/items/:id/research', () => {
    const url = '/api/v1/catalog/items/social-assistance.dibao.approval/research'

    it('should answer no token with 401 and a villager with 403', async () => {
      expect((await request(server).get(url)).status).toBe(401)
      const { auth } = await signIn(t.app, 'demo-villager')
      const res = await request(server).get(url).set('Authorization', auth)
      expect(res.status).toBe(403)
      expect(res.body.error.code).toBe('forbidden')
    })

    it('should give staff the titled sources and the research notes', async () => {
      const { auth } = await signIn(t.app, 'demo-secretary')
      const res = await request(server).get(url).set('Authorization', auth)
      expect(res.status).toBe(200)
      const research = CatalogResearchSchema.parse(res.body)
      expect(research.sources.length).toBeGreaterThan(0)
      for (const s of research.sources) expect(s.title).not.toMatch(/^https?:/)
      expect(research.notes.some((n) => n.text.includes('never_public'))).toBe(true)
    })

    it('should answer an unknown item with 404 and a malformed id with 400', async () => {
      const { auth } = await signIn(t.app, 'demo-secretary')
      expect(
        (await request(server).get('/api/v1/catalog/items/no-such.item/research').set('Authorization', auth))
          .status,
      ).toBe(404)
      expect(
        (await request(server).get('/api/v1/catalog/items/BAD%20ID/research').set('Authorization', auth))
          .status,
      ).toBe(400)
    })
  })
})
