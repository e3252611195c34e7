import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  findCatalogItem,
  postingWindow,
  postingWindowEnd,
  shanghaiDateOf,
  workingDaysBetween,
} from '@cunwu/domain'
import type { TableRow } from '@cunwu/domain'
import { runDisclosureMaintenance } from '../../jobs/disclosure-maintenance.job'
import { getWorkingCalendar } from '../../lib/calendar/working-calendar'
import { buildTestApp } from '../../testing/build-app'
import type { TestApp } from '../../testing/build-app'
import { buildDibaoRows, dibaoItem } from '../../testing/factories'
import { signIn } from '../../testing/sign-in'
import { demoHouseholds } from '../../services/seed.service'
import { demoRegionOf } from '../../testing/demo'
import { seenRevision } from '../../testing/publish'

const V1 = demoRegionOf('demo-secretary')
const roster = demoHouseholds(V1)
const own = roster[0]
const neighbour = roster[1]
if (!own || !neighbour) throw new Error('demo roster too short')

describe('household privacy of disclosures', () => {
  let t: TestApp
  let server: ReturnType<TestApp['app']['callback']>
  const auth: Record<string, string> = {}

  beforeAll(async () => {
    t = await buildTestApp()
    server = t.app.callback()
    for (const key of ['demo-secretary', 'demo-township', 'demo-villager'])
      auth[key] = (await signIn(t.app, key)).auth
  })
  afterAll(async () => {
    await t.close()
  })

  async function draft(catalogItemId: string, period: string, extra: Record<string, unknown>) {
    const res = await request(server)
      .post(`/api/v1/villages/${V1}/disclosures`)
      .set('Authorization', auth['demo-secretary'] ?? '')
      .send({ catalogItemId, period, title: `${period} 公示`, ...extra })
    expect(res.status).toBe(201)
    return res
  }

  async function publish(id: string, submitBody: Record<string, unknown> = {}) {
    const submitted = await request(server)
      .post(`/api/v1/disclosures/${id}/submit`)
      .set('Authorization', auth['demo-secretary'] ?? '')
      .send(submitBody)
    expect(submitted.status).toBe(200)
    const approved = await request(server)
      .post(`/api/v1/disclosures/${id}/review`)
      .set('Authorization', auth['demo-township'] ?? '')
      .send({ decision: 'approve', revision: await seenRevision(server, id, auth['demo-township'] ?? '') })
    expect(approved.status).toBe(200)
    return approved
  }

  async function related(id: string): Promise<{ table: { rows: Record<string, unknown>[] } } | undefined> {
    const res = await request(server)
      .get('/api/v1/me/related')
      .set('Authorization', auth['demo-villager'] ?? '')
    expect(res.status).toBe(200)
    return res.body.disclosures.find((d: { id: string }) => d.id === id)
  }

  describe('与我相关', () => {
    it('should show a household only rows whose 户号 and name agree with the roster, and flag the others', async () => {
      const [base] = buildDibaoRows(V1, 1)
      const rows: TableRow[] = [
        // Another family's name under this household's 户号: not provably theirs.
        { ...base, name: neighbour.headName, household_no: own.householdNo },
        { ...base, name: own.headName, household_no: own.householdNo },
      ]
      const created = await draft(dibaoItem().id, '2025-01', { rows })
      const message = `第1行：户号${own.householdNo}在户籍名册上是${own.headName}，表中为${neighbour.headName}`
      expect(created.body.rosterMismatches).toEqual([message])

      const refused = await request(server)
        .post(`/api/v1/disclosures/${created.body.id}/submit`)
        .set('Authorization', auth['demo-secretary'] ?? '')
      expect(refused.status).toBe(422)
      expect(refused.body.error.code).toBe('roster_mismatch')
      expect(refused.body.error.details.mismatches).toEqual([message])

      await publish(created.body.id, { confirmRosterMismatches: true })
      const mine = await related(created.body.id)
      expect(mine?.table.rows.map((r) => r.name)).toEqual([own.headName])
    })

    it('should clear the flag when the row is fixed on save', async () => {
      const [base] = buildDibaoRows(V1, 1)
      const created = await draft(dibaoItem().id, '2025-02', {
        rows: [{ ...base, name: neighbour.headName, household_no: own.householdNo }],
      })
      expect(created.body.rosterMismatches).toHaveLength(1)
      const fixed = await request(server)
        .patch(`/api/v1/disclosures/${created.body.id}`)
        .set('Authorization', auth['demo-secretary'] ?? '')
        .send({ rows: [{ ...base, name: neighbour.headName, household_no: neighbour.householdNo }] })
      expect(fixed.status).toBe(200)
      expect(fixed.body.rosterMismatches).toBeUndefined()
      await publish(created.body.id)
      expect(await related(created.body.id)).toBeUndefined()
    })

    it('should match a list without a 户号 column by a name unique in the roster', async () => {
      // A member whose name no other household has; the demo roster's other names repeat across households.
      const unique = '欧阳小满'
      const models = t.services?.models
      if (!models) throw new Error('test app without services')
      await models.Household.updateOne(
        { villageCode: V1, householdNo: own.householdNo },
        { $push: { memberNames: unique } },
      )
      const names = roster.flatMap((h) => [h.headName, ...h.memberNames])
      const shared = [own.headName, ...own.memberNames].find((n) => names.filter((x) => x === n).length > 1)
      const rows: TableRow[] = [
        { name: unique, amount: 10_000 },
        { name: '不在名册上', amount: 10_000 },
        ...(shared ? [{ name: shared, amount: 10_000 }] : []),
      ]
      const created = await draft('elderly-care.old-age-allowance.roster', '2025-03', { rows })
      await publish(created.body.id)
      const mine = await related(created.body.id)
      expect(mine?.table.rows.map((r) => r.name)).toEqual([unique])
    })
  })

  describe('search and versions', () => {
    it('should not find a notice by a personal number its public text shows masked', async () => {
      const created = await draft('village-affairs.other-matters', '2025-Q1', {
        body: '请 220581196009181447 本人到村委会领取补贴。',
      })
      await publish(created.body.id)
      const shown = await request(server).get(`/api/v1/disclosures/${created.body.id}`)
      expect(shown.body.body).toContain('220***********1447')

      const byNumber = await request(server).get(`/api/v1/search?q=220581196009181447&regionCode=${V1}`)
      expect(byNumber.status).toBe(200)
      expect(byNumber.body.disclosures).toEqual([])
      const byWord = await request(server).get(
        `/api/v1/search?q=${encodeURIComponent('补贴')}&regionCode=${V1}`,
      )
      expect(byWord.body.disclosures.map((d: { id: string }) => d.id)).toContain(created.body.id)
    })

    it('should re-derive the search tokens of a document indexed under the old rules', async () => {
      const created = await draft('village-affairs.other-matters', '2025-Q4', {
        body: '联系 13904311000 办理。',
      })
      await publish(created.body.id)
      const models = t.services?.models
      const services = t.services
      if (!models || !services) throw new Error('test app without services')
      // As an earlier version stored it: the typed number among the tokens, no index version.
      await models.Disclosure.updateOne(
        { _id: created.body.id },
        {
          $addToSet: { searchTokens: '13904311000', bodyTokens: '13904311000' },
          $unset: { indexVersion: 1 },
        },
      )
      const stale = await request(server).get(`/api/v1/search?q=13904311000&regionCode=${V1}`)
      expect(stale.body.disclosures.map((d: { id: string }) => d.id)).toContain(created.body.id)
      const pass = await runDisclosureMaintenance(services)
      expect(pass.reindexed).toBeGreaterThanOrEqual(1)
      const fresh = await request(server).get(`/api/v1/search?q=13904311000&regionCode=${V1}`)
      expect(fresh.body.disclosures).toEqual([])
      expect((await runDisclosureMaintenance(services)).reindexed).toBe(0)
    })

    it('should answer 404 for the versions of a draft to those who cannot see the draft', async () => {
      const created = await draft('village-affairs.other-matters', '2025-Q2', { body: '草稿' })
      const anonymous = await request(server).get(`/api/v1/disclosures/${created.body.id}/versions`)
      expect(anonymous.status).toBe(404)
      expect(anonymous.body.error.code).toBe('not_found')
      const villager = await request(server)
        .get(`/api/v1/disclosures/${created.body.id}/versions`)
        .set('Authorization', auth['demo-villager'] ?? '')
      expect(villager.status).toBe(404)
      const secretary = await request(server)
        .get(`/api/v1/disclosures/${created.body.id}/versions`)
        .set('Authorization', auth['demo-secretary'] ?? '')
      expect(secretary.status).toBe(200)
      expect(secretary.body.versions).toHaveLength(1)
    })
  })

  describe('superseded versions', () => {
    it('should say which version replaced a superseded one and link to it', async () => {
      const created = await draft('village-affairs.other-matters', '2025-Q3', { body: '第一版' })
      await publish(created.body.id)
      const next = await request(server)
        .post(`/api/v1/disclosures/${created.body.id}/versions`)
        .set('Authorization', auth['demo-secretary'] ?? '')
        .send({ changeNote: '更正日期' })
      expect(next.status).toBe(201)
      await publish(next.body.id)
      const old = await request(server).get(`/api/v1/disclosures/${created.body.id}`)
      expect(old.body.status).toBe('superseded')
      expect(old.body.alignment).toEqual({
        status: 'superseded',
        label: '已被第2版取代',
        supersededBy: { id: next.body.id, version: 2 },
      })
    })
  })

  describe('posting window', () => {
    it('should keep a 10-working-day notice up for 10 working days of the official calendar', async () => {
      const id = 'rural-land-expropriation.statutory.pre-announcement'
      const item = findCatalogItem(id)
      if (!item) throw new Error(`missing ${id}`)
      const created = await draft(id, '2025', { body: '征收土地预公告' })
      const published = await publish(created.body.id)
      const publishedAt = new Date(published.body.publishedAt)
      const until = new Date(published.body.postingUntil)
      const calendar = getWorkingCalendar()
      expect(until.toISOString()).toBe(
        postingWindowEnd(postingWindow(item, publishedAt, calendar)).toISOString(),
      )
      // The window's last day is the 10th working day after the day it went up; it ends as that day ends.
      const lastDay = shanghaiDateOf(until)
      expect(workingDaysBetween(shanghaiDateOf(publishedAt), lastDay, calendar).days).toBe(10)
      expect(shanghaiDateOf(new Date(until.getTime() + 1))).not.toBe(lastDay)
    })
  })
})
