import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildTestApp } from '../../testing/build-app'
import type { TestApp } from '../../testing/build-app'
import { signIn } from '../../testing/sign-in'
import { buildDibaoRows, dibaoItem } from '../../testing/factories'
import { demoRegionOf } from '../../testing/demo'
import { publishDisclosure, seenRevision } from '../../testing/publish'

// docs/search.md, "Village names": a village's name, official (云溪村委会), as people say it (云溪村) or bare (云溪),
// finds its published items in the village and in the township or county above it, though no item's text names it.

const V1 = demoRegionOf('demo-secretary')
const COUNTY = `${V1.slice(0, 6)}000000`

interface Hit {
  id: string
  regionCode: string
  regionName?: string
  title: string
}

describe('search by village name', () => {
  let t: TestApp
  let server: ReturnType<TestApp['app']['callback']>
  let id = ''
  let villageItem = ''
  let villageName = ''

  async function search(q: string, regionCode = COUNTY): Promise<Hit[]> {
    const res = await request(server).get('/api/v1/search').query({ q, regionCode, limit: 50 })
    expect(res.status).toBe(200)
    return res.body.disclosures as Hit[]
  }

  beforeAll(async () => {
    t = await buildTestApp()
    server = t.app.callback()
    const secretary = (await signIn(t.app, 'demo-secretary')).auth
    const township = (await signIn(t.app, 'demo-township')).auth
    const by = { secretary, reviewer: township }
    id = await publishDisclosure(
      server,
      V1,
      {
        catalogItemId: dibaoItem().id,
        period: '2026-05',
        title: '五月低保对象名单',
        rows: buildDibaoRows(V1, 3),
      },
      by,
    )
    // An item whose title has the one-character word 村 (村集体), as the demo's 村集体收入明细.
    villageItem = await publishDisclosure(
      server,
      V1,
      {
        catalogItemId: dibaoItem().id,
        period: '2026-06',
        title: '2026年6月村集体收入明细',
        rows: buildDibaoRows(V1, 2),
      },
      by,
    )
    villageName = (await t.services?.models.Region.findById(V1, { name: 1 }).lean())?.name ?? ''
  }, 120_000)
  afterAll(async () => {
    await t.close()
  })

  it('should find a village’s items by its name with or without 村 and 村委会, in the county and the village', async () => {
    expect(villageName).toMatch(/村委会$/)
    const bare = villageName.replace(/村委会$/, '')
    for (const q of [villageName, `${bare}村`, bare, `${bare} 村`]) {
      const county = await search(q)
      expect(
        county.map((d) => d.id),
        q,
      ).toContain(id)
      expect(
        (await search(q, V1)).map((d) => d.id),
        q,
      ).toContain(id)
    }
  })

  it('should rank the village’s 低保 list first for 村名 and 低保, and not find it by another village’s name', async () => {
    const bare = villageName.replace(/村委会$/, '')
    const [first] = await search(`${bare}村低保`)
    expect(first?.regionCode).toBe(V1)
    expect(first?.title).toContain('低保')
    const others = await t.services?.models.Region.find(
      { _id: { $regex: `^${COUNTY.slice(0, 6)}` }, level: 'village', name: /村委会$/ },
      { name: 1 },
    ).lean()
    const other = others?.find((r) => r._id !== V1 && !r.name.startsWith(bare))
    expect(other).toBeDefined()
    const elsewhere = await search(other?.name.replace(/委会$/, '') ?? '')
    expect(elsewhere.map((d) => d.id)).not.toContain(id)
  })

  it('should find nothing of this village for another village’s name, a 社区 of its bare name or a name of none', async () => {
    // Tester r2 N3: 石门村 / 枫林村 found this village's 村集体收入明细 by the word 村, and 云溪社区 its items by 云溪.
    const bare = villageName.replace(/村委会$/, '')
    expect((await search('村')).map((d) => d.id)).toContain(villageItem)
    const others = await t.services?.models.Region.find(
      { _id: { $regex: `^${COUNTY.slice(0, 6)}` }, level: 'village' },
      { name: 1 },
    ).lean()
    const otherNames = (others ?? [])
      .filter((r) => r._id !== V1 && !r.name.startsWith(bare))
      .map((r) => r.name.replace(/村委会$/, '村').replace(/(社区)?居委会$/, '社区'))
    expect(otherNames.length).toBeGreaterThan(0)
    for (const q of [`${bare}社区`, '石门村', '枫林村', '下坊村', '青石社区', ...otherNames]) {
      for (const scope of [COUNTY, `${V1.slice(0, 9)}000`]) {
        const ids = (await search(q, scope)).map((d) => d.id)
        expect(ids, `${q} in ${scope}`).not.toContain(id)
        expect(ids, `${q} in ${scope}`).not.toContain(villageItem)
      }
    }
    // Its own name still finds both, and with a word of the title the statement first.
    for (const q of [`${bare}村`, villageName, `${bare}村委`]) {
      const ids = (await search(q)).map((d) => d.id)
      expect(ids, q).toContain(id)
      expect(ids, q).toContain(villageItem)
    }
    const [first] = await search(`${bare}村收入`)
    expect(first?.id).toBe(villageItem)
  })
})

describe('search by a common word before 社区, beside a village named by a common word', () => {
  // 农村社区 is cut into 农村 社区 as 云溪社区 is into 云溪 社区; it names no village and is about 社区, while 东风
  // (a common word too) names a village when there is one.
  let t: TestApp
  let server: ReturnType<TestApp['app']['callback']>
  let community = ''
  let collective = ''

  async function search(q: string, regionCode = COUNTY): Promise<string[]> {
    const res = await request(server).get('/api/v1/search').query({ q, regionCode, limit: 50 })
    expect(res.status).toBe(200)
    return (res.body.disclosures as Hit[]).map((d) => d.id)
  }

  beforeAll(async () => {
    t = await buildTestApp()
    server = t.app.callback()
    await t.services?.models.Region.updateOne({ _id: V1 }, { $set: { name: '东风村委会' } })
    const secretary = (await signIn(t.app, 'demo-secretary')).auth
    const township = (await signIn(t.app, 'demo-township')).auth
    const publish = async (period: string, title: string): Promise<string> => {
      const created = await request(server)
        .post(`/api/v1/villages/${V1}/disclosures`)
        .set('Authorization', secretary)
        .send({ catalogItemId: dibaoItem().id, period, title, rows: buildDibaoRows(V1, 2) })
      expect(created.status).toBe(201)
      const id = created.body.id as string
      await request(server).post(`/api/v1/disclosures/${id}/submit`).set('Authorization', secretary)
      const approved = await request(server)
        .post(`/api/v1/disclosures/${id}/review`)
        .set('Authorization', township)
        .send({ decision: 'approve', revision: await seenRevision(server, id, township) })
      expect(approved.status).toBe(200)
      return id
    }
    community = await publish('2026-05', '社区养老服务站补贴对象名单')
    collective = await publish('2026-06', '2026年6月村集体收入明细')
  }, 120_000)
  afterAll(async () => {
    await t.close()
  })

  it('should find text about 社区 for 农村社区, and not text that has only 村', async () => {
    for (const q of ['农村社区', '城市社区', '农村社区居委会']) {
      for (const scope of [COUNTY, V1]) {
        const ids = await search(q, scope)
        expect(ids, `${q} in ${scope}`).toContain(community)
        expect(ids, `${q} in ${scope}`).not.toContain(collective)
      }
    }
  })

  it('should still read 东风村 as the village named so, and 东风社区 (no such 社区) not as it', async () => {
    for (const q of ['东风村', '东风村委会', '东风', '东风村收入']) {
      const ids = await search(q)
      expect(ids, q).toContain(community)
      expect(ids, q).toContain(collective)
    }
    // 东风社区 names no village (东风 is a 村): not this village's 村集体 item, only text about 社区.
    const ids = await search('东风社区')
    expect(ids).toContain(community)
    expect(ids).not.toContain(collective)
    // Another village's name still finds nothing of it by the word 村.
    expect(await search('枫林村')).not.toContain(collective)
  })
})
