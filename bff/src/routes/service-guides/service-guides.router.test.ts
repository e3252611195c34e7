import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import jsQR from 'jsqr'
import { PNG } from 'pngjs'
import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { findServiceGuideTemplate, listServiceGuideTemplates } from '@cunwu/domain'
import type { ServiceGuideContent } from '@cunwu/domain'
import { buildTestApp } from '../../testing/build-app'
import type { TestApp } from '../../testing/build-app'
import { buildDibaoRows, dibaoItem } from '../../testing/factories'
import { signIn } from '../../testing/sign-in'
import { demoRegionOf } from '../../testing/demo'
import { seenRevision } from '../../testing/publish'

const V1 = demoRegionOf('demo-secretary')
const V2 = demoRegionOf('demo-secretary-2')
const TOWNSHIP = `${V1.slice(0, 9)}000`
const COUNTY = demoRegionOf('demo-county')
const dibao = (): ServiceGuideContent => {
  const t = findServiceGuideTemplate('dibao')
  if (!t) throw new Error('no dibao guide')
  return structuredClone(t.content)
}

describe('service guides (办事指南)', () => {
  let t: TestApp
  let server: ReturnType<TestApp['app']['callback']>
  const auth: Record<string, string> = {}
  let dibaoListId = ''

  beforeAll(async () => {
    t = await buildTestApp()
    server = t.app.callback()
    for (const key of ['demo-secretary', 'demo-secretary-2', 'demo-township', 'demo-county', 'demo-villager'])
      auth[key] = (await signIn(t.app, key)).auth
    // A published 低保 list in V1, for the links between guides and disclosures.
    const created = await request(server)
      .post(`/api/v1/villages/${V1}/disclosures`)
      .set('Authorization', auth['demo-secretary'] ?? '')
      .send({
        catalogItemId: dibaoItem().id,
        period: '2026-Q2',
        title: '2026年第二季度低保名单',
        rows: buildDibaoRows(V1, 5),
      })
    expect(created.status).toBe(201)
    dibaoListId = created.body.id
    const submitted = await request(server)
      .post(`/api/v1/disclosures/${dibaoListId}/submit`)
      .set('Authorization', auth['demo-secretary'] ?? '')
      .send({ confirmRosterMismatches: true })
    expect(submitted.status).toBe(200)
    const approved = await request(server)
      .post(`/api/v1/disclosures/${dibaoListId}/review`)
      .set('Authorization', auth['demo-township'] ?? '')
      .send({
        decision: 'approve',
        revision: await seenRevision(server, dibaoListId, auth['demo-township'] ?? ''),
      })
    expect(approved.status).toBe(200)
  }, 120_000)
  afterAll(async () => {
    await t.close()
  })

  describe('GET /regions/:code/service-guides', () => {
    it('should list every shipped guide for a village without sign-in', async () => {
      const res = await request(server).get(`/api/v1/regions/${V1}/service-guides`)
      expect(res.status).toBe(200)
      expect(res.body.guides.map((g: { id: string }) => g.id)).toEqual(
        listServiceGuideTemplates().map((g) => g.id),
      )
      expect(res.body.guides[0]).toMatchObject({ id: 'dibao', name: '最低生活保障（低保）申请' })
    })

    it('should answer 400 for a malformed or too high a region and 404 for an unknown one', async () => {
      expect((await request(server).get('/api/v1/regions/12/service-guides')).body.error.code).toBe(
        'validation_error',
      )
      const province = await request(server).get(`/api/v1/regions/${V1.slice(0, 2)}0000000000/service-guides`)
      expect(province.status).toBe(400)
      const unknown = await request(server).get(`/api/v1/regions/${V1.slice(0, 9)}999/service-guides`)
      expect(unknown.status).toBe(404)
      expect(unknown.body.error.code).toBe('not_found')
    })
  })

  describe('GET /regions/:code/service-guides/:guideId', () => {
    it('should give the shipped text with its sources and list the village’s 低保 lists', async () => {
      const res = await request(server).get(`/api/v1/regions/${V1}/service-guides/dibao`)
      expect(res.status).toBe(200)
      expect(res.body).toMatchObject({
        id: 'dibao',
        countyCode: COUNTY,
        version: 0,
        updatedAt: null,
        notes: [],
      })
      expect(res.body.content.steps.length).toBeGreaterThanOrEqual(4)
      expect(res.body.content.sources[0].title).toContain('社会救助暂行办法')
      expect(res.body.related).toEqual([
        expect.objectContaining({ id: dibaoListId, title: '2026年第二季度低保名单', period: '2026-Q2' }),
      ])
      // Another village's guide lists only its own disclosures.
      const other = await request(server).get(`/api/v1/regions/${V2}/service-guides/dibao`)
      expect(other.body.related).toEqual([])
    })

    it('should answer 404 for an unknown guide and 400 for a malformed id', async () => {
      expect((await request(server).get(`/api/v1/regions/${V1}/service-guides/nope`)).status).toBe(404)
      const bad = await request(server).get(`/api/v1/regions/${V1}/service-guides/Bad_Id`)
      expect(bad.status).toBe(400)
      expect(bad.body.error.code).toBe('validation_error')
    })
  })

  describe('PUT /regions/:code/service-guides/:guideId', () => {
    const url = `/api/v1/regions/${COUNTY}/service-guides/temporary-assistance`
    const content = () => {
      const c = structuredClone(findServiceGuideTemplate('temporary-assistance')?.content)
      if (!c) throw new Error('no guide')
      return c
    }

    it('should need county staff', async () => {
      const body = { content: content(), baseVersion: 0 }
      expect((await request(server).put(url).send(body)).status).toBe(401)
      for (const key of ['demo-villager', 'demo-secretary', 'demo-township']) {
        const res = await request(server)
          .put(url)
          .set('Authorization', auth[key] ?? '')
          .send(body)
        expect(res.status, key).toBe(403)
      }
    })

    it('should refuse bad content with 400', async () => {
      for (const bad of [
        { content: { ...content(), steps: [] }, baseVersion: 0 },
        { content: { ...content(), name: '' }, baseVersion: 0 },
        { content: { ...content(), sources: [] }, baseVersion: 0 },
        { content: content(), baseVersion: -1 },
        { content: content() },
        // A draft's placeholder for a name, and days that have not come.
        { content: { ...content(), name: 'Dibao application (TODO)' }, baseVersion: 0 },
        { content: { ...content(), checkedOn: '2099-01-01' }, baseVersion: 0 },
        { content: { ...content(), checkedOn: '2026/11/30' }, baseVersion: 0 },
      ]) {
        const res = await request(server)
          .put(url)
          .set('Authorization', auth['demo-county'] ?? '')
          .send(bad)
        expect(res.status).toBe(400)
        expect(res.body.error.code).toBe('validation_error')
        expect(res.body.error.message).toMatch(/[\u4e00-\u9fff]/)
      }
    })

    it('should read a day typed with full-width digits and dashes as meant', async () => {
      const dibao = structuredClone(findServiceGuideTemplate('dibao')?.content)
      const typed = { ...dibao, checkedOn: ' ２０２６－１１－３０ ' }
      const res = await request(server)
        .put(`/api/v1/regions/${COUNTY}/service-guides/dibao`)
        .set('Authorization', auth['demo-county'] ?? '')
        .send({ content: typed, baseVersion: 0 })
      expect(res.status).toBe(200)
      expect(res.body.content.checkedOn).toBe('2026-11-30')
    })

    it('should store the county’s text, show it in every village, and refuse an edit made on an old version', async () => {
      const edited = { ...content(), place: '县民政局社会救助服务大厅（县政务服务中心二楼）' }
      const first = await request(server)
        .put(url)
        .set('Authorization', auth['demo-county'] ?? '')
        .send({ content: edited, baseVersion: 0 })
      expect(first.status).toBe(200)
      expect(first.body.version).toBe(1)
      for (const v of [V1, V2]) {
        const read = await request(server).get(`/api/v1/regions/${v}/service-guides/temporary-assistance`)
        expect(read.body.content.place).toBe(edited.place)
        expect(read.body.version).toBe(1)
      }
      const stale = await request(server)
        .put(url)
        .set('Authorization', auth['demo-county'] ?? '')
        .send({ content: content(), baseVersion: 0 })
      expect(stale.status).toBe(409)
      expect(stale.body.error.code).toBe('conflict')
      const second = await request(server)
        .put(url)
        .set('Authorization', auth['demo-county'] ?? '')
        .send({ content: content(), baseVersion: 1 })
      expect(second.body.version).toBe(2)
    })

    it('should take the text at county level only', async () => {
      const res = await request(server)
        .put(`/api/v1/regions/${TOWNSHIP}/service-guides/dibao`)
        .set('Authorization', auth['demo-county'] ?? '')
        .send({ content: dibao(), baseVersion: 0 })
      expect(res.status).toBe(400)
    })
  })

  describe('PUT /regions/:code/service-guides/:guideId/note', () => {
    it('should show the township’s and the village’s notes under the county’s text, with mobiles masked', async () => {
      const town = await request(server)
        .put(`/api/v1/regions/${TOWNSHIP}/service-guides/dibao/note`)
        .set('Authorization', auth['demo-township'] ?? '')
        .send({ place: '镇便民服务中心社会救助窗口', hours: '工作日 8:30—17:00', contact: '0791-88881234' })
      expect(town.status).toBe(200)
      const own = await request(server)
        .put(`/api/v1/regions/${V1}/service-guides/dibao/note`)
        .set('Authorization', auth['demo-secretary'] ?? '')
        .send({ place: '村委会一楼', contact: '村务专干 13812345678' })
      expect(own.status).toBe(200)
      const read = await request(server).get(`/api/v1/regions/${V1}/service-guides/dibao`)
      expect(read.body.notes.map((n: { level: string }) => n.level)).toEqual(['township', 'village'])
      expect(read.body.notes[0]).toMatchObject({ contact: '0791-88881234', hours: '工作日 8:30—17:00' })
      expect(read.body.notes[1].place).toBe('村委会一楼')
      expect(JSON.stringify(read.body)).not.toContain('13812345678')
      // V2 lies in another township of the county: neither note is its own.
      expect(V2.slice(0, 9)).not.toBe(V1.slice(0, 9))
      const other = await request(server).get(`/api/v1/regions/${V2}/service-guides/dibao`)
      expect(other.body.notes).toEqual([])
    })

    it('should refuse an empty note, a foreign village and a county-level note', async () => {
      const empty = await request(server)
        .put(`/api/v1/regions/${V1}/service-guides/dibao/note`)
        .set('Authorization', auth['demo-secretary'] ?? '')
        .send({})
      expect(empty.status).toBe(400)
      const foreign = await request(server)
        .put(`/api/v1/regions/${V2}/service-guides/dibao/note`)
        .set('Authorization', auth['demo-secretary'] ?? '')
        .send({ place: '别村' })
      expect(foreign.status).toBe(403)
      const county = await request(server)
        .put(`/api/v1/regions/${COUNTY}/service-guides/dibao/note`)
        .set('Authorization', auth['demo-county'] ?? '')
        .send({ place: '县里' })
      expect(county.status).toBe(400)
    })

    it('should remove a note, then answer 404', async () => {
      const url = `/api/v1/regions/${V1}/service-guides/dibao/note`
      const del = await request(server)
        .delete(url)
        .set('Authorization', auth['demo-secretary'] ?? '')
      expect(del.status).toBe(204)
      const again = await request(server)
        .delete(url)
        .set('Authorization', auth['demo-secretary'] ?? '')
      expect(again.status).toBe(404)
    })
  })

  describe('GET /regions/:code/service-guides/:guideId/speech', () => {
    it('should read the guide aloud with the local note, through the shared audio cache', async () => {
      const res = await request(server).get(`/api/v1/regions/${V1}/service-guides/homestead/speech`)
      expect(res.status).toBe(200)
      expect(res.body.text).toContain('第一步，提出申请')
      expect(res.body.text).toContain('五个工作日')
      expect(res.body.hasList).toBe(false)
      expect(res.body.durationMs).toBeGreaterThan(1000)
      const audio = await request(server).get(res.body.audioUrl).buffer(true)
      expect(audio.status).toBe(200)
      expect(audio.headers['content-type']).toBe(res.body.contentType)
      expect(Number(audio.headers['content-length'])).toBeGreaterThan(1000)
      const again = await request(server).get(`/api/v1/regions/${V1}/service-guides/homestead/speech`)
      expect(again.body.audioUrl).toBe(res.body.audioUrl)
    }, 60_000)

    it('should answer 404 for an unknown guide and 400 for a malformed region', async () => {
      expect((await request(server).get(`/api/v1/regions/${V1}/service-guides/nope/speech`)).status).toBe(404)
      expect((await request(server).get('/api/v1/regions/x/service-guides/dibao/speech')).status).toBe(400)
    })
  })

  describe('GET /regions/:code/service-guides/:guideId/poster.pdf', () => {
    const dir = mkdtempSync(join(tmpdir(), 'guide-poster-'))
    afterAll(() => rmSync(dir, { recursive: true, force: true }))
    const binary = (res: request.Response, cb: (err: Error | null, body: Buffer) => void) => {
      const chunks: Buffer[] = []
      res.on('data', (c: Buffer) => chunks.push(c))
      res.on('end', () => cb(null, Buffer.concat(chunks)))
    }

    it('should print every guide on one A4 sheet, as text, with a QR code of the guide’s page', async () => {
      for (const { id } of listServiceGuideTemplates()) {
        const res = await request(server)
          .get(`/api/v1/regions/${V1}/service-guides/${id}/poster.pdf`)
          .buffer(true)
          .parse(binary)
        expect(res.status, id).toBe(200)
        const file = join(dir, `${id}.pdf`)
        writeFileSync(file, res.body as Buffer)
        expect(execFileSync('pdfinfo', [file], { encoding: 'utf8' }), id).toMatch(/Pages:\s+1\n/)
        const text = execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' }).replace(/\s/g, '')
        expect(text, id).toContain(`办事指南：${findServiceGuideTemplate(id)?.content.name}`)
        expect(text, id).toContain('办理步骤')
      }
      // The 低保 sheet: the local notes, no personal mobile, and the QR code opens the guide for this village.
      const file = join(dir, 'dibao.pdf')
      execFileSync('pdftoppm', ['-r', '100', '-png', '-singlefile', file, join(dir, 'dibao')])
      const png = PNG.sync.read(readFileSync(join(dir, 'dibao.png')))
      const link = jsQR(new Uint8ClampedArray(png.data), png.width, png.height)?.data
      expect(link).toMatch(
        new RegExp(`^http://127\\.0\\.0\\.1:\\d+/#/guides/detail/index\\?id=dibao&code=${V1}$`),
      )
      const text = execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' })
      expect(text).not.toContain('13812345678')
    }, 120_000)

    it('should refuse another size and an unknown guide', async () => {
      expect(
        (await request(server).get(`/api/v1/regions/${V1}/service-guides/dibao/poster.pdf?size=A5`)).status,
      ).toBe(400)
      expect((await request(server).get(`/api/v1/regions/${V1}/service-guides/nope/poster.pdf`)).status).toBe(
        404,
      )
    })
  })

  describe('GET /search', () => {
    it('should find the 低保 guide for 怎么申请低保 next to the 低保 list', async () => {
      const res = await request(server).get(
        `/api/v1/search?q=${encodeURIComponent('怎么申请低保')}&regionCode=${V1}`,
      )
      expect(res.status).toBe(200)
      expect(res.body.guides[0]).toMatchObject({ id: 'dibao' })
      expect(res.body.disclosures.map((d: { id: string }) => d.id)).toContain(dibaoListId)
    })

    it('should find guides by the words villagers use', async () => {
      for (const [q, id] of [
        ['宅基地怎么批', 'homestead'],
        ['新农合交费', 'medical-insurance'],
        ['种粮补贴', 'cultivated-land-subsidy'],
        ['残疾人护理补贴', 'disability-subsidies'],
      ] as const) {
        const res = await request(server).get(`/api/v1/search?q=${encodeURIComponent(q)}&regionCode=${V1}`)
        expect(res.body.guides[0]?.id, q).toBe(id)
      }
    })

    it('should answer a repeated search 304 by its ETag, and show a county’s edit of a guide at once', async () => {
      const url = `/api/v1/search?q=${encodeURIComponent('宅基地怎么批')}&regionCode=${V1}`
      const first = await request(server).get(url)
      expect(first.status).toBe(200)
      expect(first.headers['cache-control']).toBe('no-cache')
      const etag = String(first.headers.etag)
      const guide = first.body.guides[0] as { id: string; name: string }
      expect(guide.id).toBeTruthy()
      expect((await request(server).get(url).set('If-None-Match', etag)).status).toBe(304)

      const template = findServiceGuideTemplate(guide.id)
      if (!template) throw new Error(`no guide ${guide.id}`)
      const edited = await request(server)
        .put(`/api/v1/regions/${COUNTY}/service-guides/${guide.id}`)
        .set('Authorization', auth['demo-county'] ?? '')
        .send({
          content: { ...structuredClone(template.content), name: `${template.content.name}（本县）` },
          baseVersion: 0,
        })
      expect(edited.status).toBe(200)
      const after = await request(server).get(url).set('If-None-Match', etag)
      expect(after.status).toBe(200)
      expect(after.headers.etag).not.toBe(etag)
      expect(after.body.guides[0]).toMatchObject({ id: guide.id, name: `${template.content.name}（本县）` })
    })
  })
})
