import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import jsQR from 'jsqr'
import { PNG } from 'pngjs'
import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { formatYuan } from '@cunwu/domain'
import type { TableRow } from '@cunwu/domain'
import { buildTestApp } from '../../testing/build-app'
import type { TestApp } from '../../testing/build-app'
import { buildDibaoRows, buildIdNumber, dibaoItem } from '../../testing/factories'
import { signIn } from '../../testing/sign-in'
import { demoHouseholds } from '../../services/seed.service'
import { demoRegionOf } from '../../testing/demo'
import { posterSlots, posterWorkers } from '../../posters/poster-workers'
import { seenRevision } from '../../testing/publish'

const V1 = demoRegionOf('demo-secretary')
const V2 = demoRegionOf('demo-secretary-2')
const TOWNSHIP = demoRegionOf('demo-township')
const COUNTY = demoRegionOf('demo-county')
const dir = mkdtempSync(join(tmpdir(), 'posters-'))

/** The text of a PDF as poppler's pdftotext reads it, and its page count from pdfinfo. */
function pdfText(pdf: Buffer): { text: string; pages: number } {
  const file = join(dir, `p-${Math.random().toString(36).slice(2)}.pdf`)
  writeFileSync(file, pdf)
  const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' })
  const info = execFileSync('pdfinfo', [file], { encoding: 'utf8' })
  return { text, pages: Number(/Pages:\s+(\d+)/.exec(info)?.[1]) }
}

/** Renders a PDF's first page with poppler's pdftoppm and decodes the QR code on it with jsQR. */
function scanQr(pdf: Buffer): string | null {
  const base = join(dir, `q-${Math.random().toString(36).slice(2)}`)
  writeFileSync(`${base}.pdf`, pdf)
  execFileSync('pdftoppm', ['-r', '100', '-png', '-singlefile', '-f', '1', '-l', '1', `${base}.pdf`, base])
  const png = PNG.sync.read(readFileSync(`${base}.png`))
  return jsQR(new Uint8ClampedArray(png.data), png.width, png.height)?.data ?? null
}

function binary(res: request.Response, cb: (err: Error | null, body: Buffer) => void): void {
  const chunks: Buffer[] = []
  res.on('data', (c: Buffer) => chunks.push(c))
  res.on('end', () => cb(null, Buffer.concat(chunks)))
}

/** `count` 低保 rows: the demo roster's households, then made-up ones with distinct names and numbers. */
function manyRows(count: number): TableRow[] {
  const base = buildDibaoRows(V1, count)
  const extra = Array.from({ length: count - base.length }, (_, i) => ({
    ...base[i % base.length],
    name: `测试户${String(i).padStart(3, '0')}`,
    household_no: `9${String(i).padStart(3, '0')}`,
    id_number: buildIdNumber('1960-01-01', 100 + i),
    phone: `1390013${String(1000 + i).padStart(4, '0')}`,
  }))
  return [...base, ...extra]
}

describe('notice-board posters', () => {
  let t: TestApp
  let server: ReturnType<TestApp['app']['callback']>
  const auth: Record<string, string> = {}

  beforeAll(async () => {
    t = await buildTestApp()
    server = t.app.callback()
    for (const key of ['demo-secretary', 'demo-secretary-2', 'demo-township', 'demo-county', 'demo-villager'])
      auth[key] = (await signIn(t.app, key)).auth
  }, 120_000)
  afterAll(async () => {
    await t.close()
    rmSync(dir, { recursive: true, force: true })
  })

  async function create(
    period: string,
    rows: TableRow[],
    title = `${period} 低保名单公示`,
    village = V1,
  ): Promise<string> {
    const res = await request(server)
      .post(`/api/v1/villages/${village}/disclosures`)
      .set('Authorization', auth[village === V1 ? 'demo-secretary' : 'demo-secretary-2'] ?? '')
      .send({ catalogItemId: dibaoItem().id, period, title, rows })
    expect(res.status).toBe(201)
    return res.body.id
  }
  async function publish(id: string, village = V1): Promise<void> {
    const submitted = await request(server)
      .post(`/api/v1/disclosures/${id}/submit`)
      .set('Authorization', auth[village === V1 ? 'demo-secretary' : 'demo-secretary-2'] ?? '')
      .send({ confirmRosterMismatches: true })
    expect(submitted.status).toBe(200)
    const approved = await request(server)
      .post(`/api/v1/disclosures/${id}/review`)
      .set('Authorization', auth[village === V1 ? 'demo-township' : 'demo-county'] ?? '')
      .send({
        decision: 'approve',
        revision: await seenRevision(
          server,
          id,
          auth[village === V1 ? 'demo-township' : 'demo-county'] ?? '',
        ),
      })
    expect(approved.status).toBe(200)
  }
  async function poster(id: string, size = 'A4') {
    return request(server).get(`/api/v1/disclosures/${id}/poster.pdf?size=${size}`).buffer(true).parse(binary)
  }

  it('should print a 30-row list on one A4 sheet with title, names and totals, and no hidden number', async () => {
    const rows = buildDibaoRows(V1, 30)
    const id = await create('2026-Q1', rows)
    await publish(id)
    const res = await poster(id)
    expect(res.status).toBe(200)
    expect(res.headers['content-type']).toBe('application/pdf')
    const { text, pages } = pdfText(res.body as Buffer)
    expect(pages).toBe(1)
    expect(text).toContain('2026-Q1 低保名单公示')
    for (const r of rows) expect(text).toContain(String(r.name))
    const total = rows.reduce((s, r) => s + Number(r.amount), 0)
    expect(text).toContain(formatYuan(total))
    expect(text).toContain('共 30 行')
    expect(text).toContain('第1版')
    expect(text).toContain('公示期')
    expect(text).toContain(`/api/v1/p/${id}`)
    const digits = text.replace(/\s/g, '')
    for (const r of rows) {
      expect(digits).not.toContain(String(r.id_number))
      expect(digits).not.toContain(String(r.phone))
    }
    expect(digits).not.toContain('6217001234567890123')
  }, 60_000)

  it('should paginate a 300-row list with the header on every sheet, on A4 and A3', async () => {
    const rows = manyRows(300)
    const id = await create('2026-Q2', rows)
    await publish(id)
    const a4 = pdfText((await poster(id)).body as Buffer)
    expect(a4.pages).toBeGreaterThan(3)
    expect(a4.text.split('申请人姓名').length - 1).toBe(a4.pages)
    for (const r of rows) expect(a4.text).toContain(String(r.name))
    expect(a4.text).toContain('共 300 行')
    expect(a4.text).toContain(`第1/${a4.pages}页`)
    const a3 = pdfText((await poster(id, 'A3')).body as Buffer)
    expect(a3.pages).toBeGreaterThan(1)
    expect(a3.text.split('申请人姓名').length - 1).toBe(a3.pages)
  }, 120_000)

  it('should say on a superseded poster that a newer version replaced it, and on a retracted one why', async () => {
    const rows = buildDibaoRows(V1, 3)
    const id = await create('2026-Q3', rows)
    await publish(id)
    const next = await request(server)
      .post(`/api/v1/disclosures/${id}/versions`)
      .set('Authorization', auth['demo-secretary'] ?? '')
      .send({ changeNote: '更正金额' })
    expect(next.status).toBeLessThan(300)
    await publish(next.body.id)
    const old = pdfText((await poster(id)).body as Buffer).text
    expect(old).toContain('本版已被第2版取代')

    const retracted = await request(server)
      .post(`/api/v1/disclosures/${next.body.id}/retract`)
      .set('Authorization', auth['demo-secretary'] ?? '')
      .send({ reason: '名单有误，重新核对' })
    expect(retracted.status).toBe(200)
    const gone = pdfText((await poster(next.body.id)).body as Buffer).text
    expect(gone).toContain('本公示已撤回：名单有误，重新核对')
    for (const r of rows) expect(gone).not.toContain(String(r.name))
  }, 60_000)

  it('should refuse a draft (404), another size (400) and a malformed id (400)', async () => {
    const id = await create('2026-Q4', buildDibaoRows(V1, 2))
    const draft = await request(server).get(`/api/v1/disclosures/${id}/poster.pdf`)
    expect(draft.status).toBe(404)
    expect(draft.body.error.code).toBe('not_found')
    const size = await request(server).get(`/api/v1/disclosures/${id}/poster.pdf?size=A5`)
    expect(size.status).toBe(400)
    expect(size.body.error.code).toBe('validation_error')
    expect((await request(server).get('/api/v1/disclosures/x/poster.pdf')).status).toBe(400)
  })

  it("should print a QR code that scans to the item's link, which lands on its H5 page", async () => {
    const id = await create('2025-Q4', buildDibaoRows(V1, 5))
    await publish(id)
    const link = scanQr((await poster(id)).body as Buffer)
    expect(link).toMatch(new RegExp(`^http://127\\.0\\.0\\.1(:\\d+)?/api/v1/p/${id}$`))
    const landed = await request(server).get(new URL(link ?? '').pathname)
    expect(landed.status).toBe(302)
    expect(landed.headers.location).toBe(`/#/pages/disclosure/index?id=${id}`)
  }, 60_000)

  it("should print every village's poster of an item and period in one PDF for the county, its own for a township", async () => {
    const rows1 = buildDibaoRows(V1, 4)
    const rows2 = buildDibaoRows(V2, 4)
    const id1 = await create('2025-Q3', rows1, '一村 2025-Q3 低保名单')
    await publish(id1)
    const id2 = await create('2025-Q3', rows2, '二村 2025-Q3 低保名单', V2)
    await publish(id2, V2)
    const url = (code: string) =>
      `/api/v1/regions/${code}/posters.pdf?catalogItemId=${dibaoItem().id}&period=2025-Q3`
    const all = await request(server)
      .get(url(COUNTY))
      .set('Authorization', auth['demo-county'] ?? '')
      .buffer(true)
      .parse(binary)
    expect(all.status).toBe(200)
    const both = pdfText(all.body as Buffer)
    expect(both.pages).toBe(2)
    expect(both.text).toContain('一村 2025-Q3 低保名单')
    expect(both.text).toContain('二村 2025-Q3 低保名单')
    expect(both.text.split('第1/1页').length - 1).toBe(2)
    for (const r of [...rows1, ...rows2])
      expect(both.text.replace(/\s/g, '')).not.toContain(String(r.id_number))

    // The links printed come from the configured public address, never from the request's Host header.
    const own = await request(server)
      .get(url(TOWNSHIP))
      .set('Authorization', auth['demo-township'] ?? '')
      .set('Host', 'evil.example.com')
      .buffer(true)
      .parse(binary)
    expect(own.status).toBe(200)
    const one = pdfText(own.body as Buffer)
    expect(one.text).toContain('一村 2025-Q3 低保名单')
    expect(one.text).not.toContain('二村 2025-Q3 低保名单')
    expect(one.text).not.toContain('evil.example.com')
    expect(one.text).toMatch(new RegExp(`http://127\\.0\\.0\\.1(:\\d+)?/api/v1/p/${id1}`))

    const above = await request(server)
      .get(url(COUNTY))
      .set('Authorization', auth['demo-township'] ?? '')
    expect(above.status).toBe(403)
    const villager = await request(server)
      .get(url(TOWNSHIP))
      .set('Authorization', auth['demo-villager'] ?? '')
    expect(villager.status).toBe(403)
    expect((await request(server).get(url(TOWNSHIP))).status).toBe(401)
    const none = await request(server)
      .get(`/api/v1/regions/${TOWNSHIP}/posters.pdf?catalogItemId=${dibaoItem().id}&period=2019-Q1`)
      .set('Authorization', auth['demo-township'] ?? '')
    expect(none.status).toBe(404)
    const size = await request(server)
      .get(`${url(TOWNSHIP)}&size=B5`)
      .set('Authorization', auth['demo-township'] ?? '')
    expect(size.status).toBe(400)
  }, 120_000)

  it('should print a join invite on A5 with its QR code, and refuse a used or unknown one', async () => {
    const household = demoHouseholds(V1)[0]
    const invited = household?.memberNames[0] ?? ''
    const created = await request(server)
      .post(`/api/v1/villages/${V1}/invites`)
      .set('Authorization', auth['demo-secretary'] ?? '')
      // A person the roster names in that household (an invite is checked against it, docs/households.md).
      .send({ householdNo: household?.householdNo, name: invited, validDays: 7 })
    expect(created.status).toBe(201)
    const scene = String(created.body.scene)
    const res = await request(server).get(`/api/v1/invites/${scene}/poster.pdf`).buffer(true).parse(binary)
    expect(res.status).toBe(200)
    expect(res.headers['content-type']).toBe('application/pdf')
    const file = join(dir, 'invite.pdf')
    writeFileSync(file, res.body as Buffer)
    expect(execFileSync('pdfinfo', [file], { encoding: 'utf8' })).toMatch(
      /Page size:\s+419\.53 x 595\.28 pts/,
    )
    const { text, pages } = pdfText(res.body as Buffer)
    expect(pages).toBe(1)
    expect(text).toContain('邀请您加入村务通')
    expect(text).toContain(invited)
    expect(text).toContain('有效期到')
    // The printed code opens the same join page as the code on screen.
    const link = scanQr(res.body as Buffer)
    expect(link).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:\\d+/#/pages/join/index\\?scene=${scene}$`))
    expect(String(created.body.qrDataUrl)).toMatch(/^data:image\/png;base64,/)

    const a4 = await request(server).get(`/api/v1/invites/${scene}/poster.pdf?size=A4`)
    expect(a4.status).toBe(200)
    expect((await request(server).get(`/api/v1/invites/${scene}/poster.pdf?size=A3`)).status).toBe(400)
    expect((await request(server).get('/api/v1/invites/bad!/poster.pdf')).status).toBe(400)
    const unknown = await request(server).get('/api/v1/invites/ABCDEFGHJKLMNPQR/poster.pdf')
    expect(unknown.status).toBe(404)
    // Someone not yet of the village joins with it; the code is used up, and so is its paper copy.
    const accepted = await request(server)
      .post(`/api/v1/invites/${scene}/accept`)
      .set('Authorization', auth['demo-secretary-2'] ?? '')
    expect(accepted.status).toBe(200)
    const used = await request(server).get(`/api/v1/invites/${scene}/poster.pdf`)
    expect(used.status).toBe(410)
    expect(used.body.error.code).toBe('invite_unavailable')
  }, 60_000)

  /** Waits (a turn of the event loop at a time) until `ready` holds. */
  async function until(ready: () => boolean): Promise<void> {
    const deadline = Date.now() + 60_000
    while (!ready()) {
      if (Date.now() > deadline) throw new Error('timed out waiting')
      await new Promise((resolve) => setTimeout(resolve, 5))
    }
  }

  it('should refuse a third poster while two are in flight with 429, and finish the two with valid PDFs', async () => {
    const id = await create('2024-Q1', manyRows(300))
    await publish(id)
    const first = poster(id, 'A3').then((r) => r)
    const second = poster(id, 'A3').then((r) => r)
    // Both hold a slot from their first step (the lookup), before any drawing.
    await until(() => posterSlots.inFlight === 2)
    const third = await request(server).get(`/api/v1/disclosures/${id}/poster.pdf?size=A3`)
    expect(third.status).toBe(429)
    expect(third.body.error.code).toBe('rate_limited')
    expect(third.body.error.message).toMatch(/[\u4e00-\u9fff]/)
    // The guide posters share the cap.
    const guide = await request(server).get(`/api/v1/regions/${V1}/service-guides/dibao/poster.pdf`)
    expect(guide.status).toBe(429)
    for (const res of await Promise.all([first, second])) {
      expect(res.status).toBe(200)
      const { text, pages } = pdfText(res.body as Buffer)
      expect(pages).toBeGreaterThan(1)
      expect(text).toContain('共 300 行')
    }
    expect(posterSlots.inFlight).toBe(0)
    expect((await poster(id)).status).toBe(200)
  }, 120_000)

  it('should answer /health while a big poster is being drawn, before the poster is done', async () => {
    const id = await create('2024-Q2', manyRows(300))
    await publish(id)
    const order: string[] = []
    const big = poster(id, 'A3').then((res) => {
      order.push('poster')
      return res
    })
    // The drawing has begun in its worker thread.
    await until(() => posterWorkers.drawing === 1)
    const health = await request(server).get('/api/v1/health')
    order.push('health')
    expect(health.status).toBe(200)
    expect(posterWorkers.drawing).toBe(1)
    expect((await big).status).toBe(200)
    expect(order).toEqual(['health', 'poster'])
  }, 120_000)

  it('should answer HEAD from the lookup without drawing anything', async () => {
    const id = await create('2024-Q3', buildDibaoRows(V1, 3))
    await publish(id)
    const started = posterWorkers.started
    const head = await request(server).head(`/api/v1/disclosures/${id}/poster.pdf?size=A3`)
    expect(head.status).toBe(200)
    expect(head.headers['content-type']).toBe('application/pdf')
    expect(head.headers['content-disposition']).toContain(`poster-${id}-A3.pdf`)
    expect(posterWorkers.started).toBe(started)
    expect(posterWorkers.drawing).toBe(0)
    expect(
      (await request(server).head('/api/v1/disclosures/0123456789abcdef01234567/poster.pdf')).status,
    ).toBe(404)
  }, 60_000)

  it("should send the poster's link on to the item's public H5 page", async () => {
    const id = '0123456789abcdef01234567'
    const res = await request(server).get(`/api/v1/p/${id}`)
    expect(res.status).toBe(302)
    expect(res.headers.location).toBe(`/#/pages/disclosure/index?id=${id}`)
    expect((await request(server).get('/api/v1/p/nope')).status).toBe(400)
  })
})
