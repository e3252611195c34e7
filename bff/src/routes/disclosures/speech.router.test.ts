import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { SpeechDto, TableRow } from '@cunwu/domain'
import { SpeechDtoSchema } from '@cunwu/domain'
import { buildTestApp } from '../../testing/build-app'
import type { TestApp } from '../../testing/build-app'
import { buildDibaoRows, dibaoItem } from '../../testing/factories'
import { signIn } from '../../testing/sign-in'
import { parseRange } from './speech.router'
import { demoRegionOf } from '../../testing/demo'
import { seenRevision } from '../../testing/publish'

const V1 = demoRegionOf('demo-secretary')
const dir = mkdtempSync(join(tmpdir(), 'speech-'))

function binary(res: request.Response, cb: (err: Error | null, body: Buffer) => void): void {
  const chunks: Buffer[] = []
  res.on('data', (c: Buffer) => chunks.push(c))
  res.on('end', () => cb(null, Buffer.concat(chunks)))
}

/** Seconds of audio in an MP3 as lame decodes it (16-bit mono 22.05 kHz WAV; 44-byte header). */
function decodedSeconds(mp3: Buffer): number {
  const file = join(dir, `a-${Math.random().toString(36).slice(2)}`)
  writeFileSync(`${file}.mp3`, mp3)
  execFileSync('lame', ['--quiet', '--decode', `${file}.mp3`, `${file}.wav`])
  return (statSync(`${file}.wav`).size - 44) / 44_100
}

describe('读给我听 (speech)', () => {
  let t: TestApp
  let server: ReturnType<TestApp['app']['callback']>
  const auth: Record<string, string> = {}
  let published = ''
  let longList = ''

  async function create(period: string, rows: TableRow[]): Promise<string> {
    const res = await request(server)
      .post(`/api/v1/villages/${V1}/disclosures`)
      .set('Authorization', auth['demo-secretary'] ?? '')
      .send({ catalogItemId: dibaoItem().id, period, title: `${period} 低保名单公示`, rows })
    expect(res.status).toBe(201)
    return res.body.id
  }
  async function publish(id: string): Promise<void> {
    const submitted = await request(server)
      .post(`/api/v1/disclosures/${id}/submit`)
      .set('Authorization', auth['demo-secretary'] ?? '')
      .send({ confirmRosterMismatches: true })
    expect(submitted.status).toBe(200)
    const approved = await request(server)
      .post(`/api/v1/disclosures/${id}/review`)
      .set('Authorization', auth['demo-township'] ?? '')
      .send({ decision: 'approve', revision: await seenRevision(server, id, auth['demo-township'] ?? '') })
    expect(approved.status).toBe(200)
  }
  async function speech(id: string, part = 'summary'): Promise<request.Response> {
    return request(server).get(`/api/v1/disclosures/${id}/speech?part=${part}`)
  }
  async function audio(url: string, headers: Record<string, string> = {}): Promise<request.Response> {
    let req = request(server).get(url)
    for (const [k, v] of Object.entries(headers)) req = req.set(k, v)
    return req.buffer(true).parse(binary)
  }

  beforeAll(async () => {
    t = await buildTestApp()
    server = t.app.callback()
    for (const key of ['demo-secretary', 'demo-secretary-2', 'demo-township', 'demo-villager'])
      auth[key] = (await signIn(t.app, key)).auth
    published = await create('2026-Q1', buildDibaoRows(V1, 3))
    await publish(published)
    longList = await create('2026-Q2', buildDibaoRows(V1, 30))
    await publish(longList)
  }, 120_000)
  afterAll(async () => {
    await t.close()
    rmSync(dir, { recursive: true, force: true })
  })

  it('should read a published item aloud: its script and an MP3 whose duration is computed from the audio', async () => {
    const res = await speech(published)
    expect(res.status).toBe(200)
    const body: SpeechDto = SpeechDtoSchema.parse(res.body)
    expect(body.contentType).toBe('audio/mpeg')
    expect(body.audioUrl).toMatch(/^\/api\/v1\/speech\/[0-9a-f]{64}\.mp3$/)
    expect(body.text).toContain(
      '二零二六年第一季度 低保名单公示。这是最低生活保障对象名单，二零二六年第一季度。',
    )
    expect(body.text).toContain('共三户')
    expect(body.hasList).toBe(false)
    const file = await audio(body.audioUrl)
    expect(file.status).toBe(200)
    expect(file.headers['content-type']).toBe('audio/mpeg')
    expect(Number(file.headers['content-length'])).toBe((file.body as Buffer).length)
    expect(file.headers['accept-ranges']).toBe('bytes')
    expect(file.headers.etag).toMatch(/^"[0-9a-f]{64}"$/)
    expect(Math.abs(decodedSeconds(file.body as Buffer) - body.durationMs / 1000)).toBeLessThan(0.2)
    expect(body.durationMs).toBeGreaterThan(5000)
  })

  it('should never read an ID, phone, bank or household number of the rows', async () => {
    const { text } = (await speech(published, 'list')).body as SpeechDto
    for (const row of buildDibaoRows(V1, 3)) {
      expect(text).toContain(String(row.name))
      for (const key of ['id_number', 'phone', 'bank_account', 'household_no'])
        expect(text).not.toContain(String(row[key]))
    }
    expect(text).not.toMatch(/[0-9*]/)
  })

  it('should summarise a 30-row list and read it row by row on request', async () => {
    const summary = (await speech(longList)).body as SpeechDto
    expect(summary.hasList).toBe(true)
    expect(summary.text).toContain('共三十户')
    expect(summary.text).not.toContain('第一户')
    const list = (await speech(longList, 'list')).body as SpeechDto
    expect(list.text).toContain('第三十户')
    expect(list.audioUrl).not.toBe(summary.audioUrl)
    expect(list.durationMs).toBeGreaterThan(summary.durationMs)
  }, 60_000)

  it('should serve byte ranges (206), refuse ranges outside the file (416) and revalidate (304)', async () => {
    const { audioUrl } = (await speech(published)).body as SpeechDto
    const whole = (await audio(audioUrl)).body as Buffer
    const size = whole.length
    const first = await audio(audioUrl, { Range: 'bytes=0-99' })
    expect(first.status).toBe(206)
    expect(first.headers['content-range']).toBe(`bytes 0-99/${size}`)
    expect(first.headers['content-length']).toBe('100')
    expect((first.body as Buffer).equals(whole.subarray(0, 100))).toBe(true)
    const tail = await audio(audioUrl, { Range: 'bytes=-50' })
    expect(tail.status).toBe(206)
    expect((tail.body as Buffer).equals(whole.subarray(size - 50))).toBe(true)
    const rest = await audio(audioUrl, { Range: `bytes=${size - 10}-` })
    expect(rest.headers['content-range']).toBe(`bytes ${size - 10}-${size - 1}/${size}`)
    expect((rest.body as Buffer).equals(whole.subarray(size - 10))).toBe(true)
    const past = await request(server).get(audioUrl).set('Range', `bytes=${size}-`)
    expect(past.status).toBe(416)
    expect(past.headers['content-range']).toBe(`bytes */${size}`)
    expect(past.body.error.code).toBe('range_not_satisfiable')
    // A Range this server does not split (several ranges, nonsense) is answered with the whole file.
    expect((await audio(audioUrl, { Range: 'bytes=0-1,5-9' })).status).toBe(200)
    expect((await audio(audioUrl, { Range: 'pages=1' })).status).toBe(200)
    const etag = String((await audio(audioUrl)).headers.etag)
    expect((await request(server).get(audioUrl).set('If-None-Match', etag)).status).toBe(304)
    const download = await audio(`${audioUrl}?download=1&name=${encodeURIComponent('低保名单')}`)
    expect(download.headers['content-disposition']).toContain(
      `filename*=UTF-8''${encodeURIComponent('低保名单.mp3')}`,
    )
  })

  it('should synthesise once when many first requests for the same version arrive together', async () => {
    const id = await create('2026-Q3', buildDibaoRows(V1, 2))
    await publish(id)
    const answers = await Promise.all(Array.from({ length: 6 }, () => speech(id)))
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200, 200, 200])
    const urls = new Set(answers.map((a) => (a.body as SpeechDto).audioUrl))
    expect(urls.size).toBe(1)
    const file = [...urls][0]?.split('/').pop() ?? ''
    const db = t.db.connection?.db
    expect(await db?.collection('speech.files').countDocuments({ filename: file })).toBe(1)
  })

  it('should answer 404 for unknown ids, drafts and unknown audio, and 400 for malformed input', async () => {
    expect((await speech('0123456789abcdef01234567')).status).toBe(404)
    const draft = await create('2026-Q4', buildDibaoRows(V1, 2))
    const res = await request(server)
      .get(`/api/v1/disclosures/${draft}/speech`)
      .set('Authorization', auth['demo-secretary'] ?? '')
    expect(res.status).toBe(404)
    expect((await speech('nope')).body.error.code).toBe('validation_error')
    expect((await speech(published, 'everything')).status).toBe(400)
    expect((await request(server).get(`/api/v1/speech/${'a'.repeat(64)}.mp3`)).status).toBe(404)
    expect((await request(server).get('/api/v1/speech/..%2F..%2Fetc%2Fpasswd')).status).toBe(400)
    expect((await request(server).get(`/api/v1/speech/${'a'.repeat(64)}.ogg`)).status).toBe(400)
    // A download name becomes a file name: control characters and path or quote characters are refused.
    const { audioUrl } = (await speech(published)).body as SpeechDto
    expect((await request(server).get(`${audioUrl}?download=1&name=a%2Fb`)).status).toBe(400)
    expect((await request(server).get(`${audioUrl}?download=1&name=a%0Ab`)).status).toBe(400)
    expect((await request(server).get(`${audioUrl}?download=1&name=%22x%22`)).status).toBe(400)
  })

  it("should give the village's staff the loudspeaker broadcast, and nobody else", async () => {
    const url = `/api/v1/disclosures/${longList}/broadcast`
    expect((await request(server).get(url)).status).toBe(401)
    expect(
      (
        await request(server)
          .get(url)
          .set('Authorization', auth['demo-villager'] ?? '')
      ).status,
    ).toBe(403)
    expect(
      (
        await request(server)
          .get(url)
          .set('Authorization', auth['demo-secretary-2'] ?? '')
      ).status,
    ).toBe(404)
    for (const key of ['demo-secretary', 'demo-township']) {
      const res = await request(server)
        .get(url)
        .set('Authorization', auth[key] ?? '')
      expect(res.status).toBe(200)
      const body = SpeechDtoSchema.parse(res.body)
      expect(body.text).toMatch(/^各位村民请注意/)
      expect(body.text).toContain('第三十户')
      expect((await audio(body.audioUrl)).status).toBe(200)
    }
  }, 60_000)
})

describe('读给我听 prepared at publication (SPEECH_PREPARE)', () => {
  it('should have the summary and the every-row audio stored before anyone asks, and serve them without synthesising', async () => {
    const t = await buildTestApp({ SPEECH_PREPARE: 'true' })
    try {
      const server = t.app.callback()
      const secretary = (await signIn(t.app, 'demo-secretary')).auth
      const township = (await signIn(t.app, 'demo-township')).auth
      const created = await request(server)
        .post(`/api/v1/villages/${V1}/disclosures`)
        .set('Authorization', secretary)
        .send({
          catalogItemId: dibaoItem().id,
          period: '2026-Q1',
          title: '低保名单公示',
          rows: buildDibaoRows(V1, 12),
        })
      const id = created.body.id as string
      await request(server)
        .post(`/api/v1/disclosures/${id}/submit`)
        .set('Authorization', secretary)
        .send({ confirmRosterMismatches: true })
      const approved = await request(server)
        .post(`/api/v1/disclosures/${id}/review`)
        .set('Authorization', township)
        .send({ decision: 'approve', revision: await seenRevision(server, id, township) })
      expect(approved.status).toBe(200)
      const files = () =>
        t.db.connection?.db?.collection('speech.files').countDocuments({}) ?? Promise.resolve(0)
      const deadline = Date.now() + 60_000
      while ((await files()) < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200))
      expect(await files()).toBe(2)
      for (const part of ['summary', 'list']) {
        const res = await request(server).get(`/api/v1/disclosures/${id}/speech?part=${part}`)
        expect(res.status).toBe(200)
      }
      // Both answers were the prepared files: nothing new was synthesised.
      expect(await files()).toBe(2)
    } finally {
      await t.close()
    }
  }, 120_000)
})

describe('读给我听 when the engine fails', () => {
  it('should answer 503 speech_unavailable, not crash, for a missing program and for SPEECH_ENGINE=off', async () => {
    for (const overrides of [
      { SPEECH_ESPEAK_PATH: '/nonexistent/espeak-ng' },
      { SPEECH_ENGINE: 'off' },
    ] as const) {
      const t = await buildTestApp(overrides)
      try {
        const server = t.app.callback()
        const secretary = (await signIn(t.app, 'demo-secretary')).auth
        const township = (await signIn(t.app, 'demo-township')).auth
        const created = await request(server)
          .post(`/api/v1/villages/${V1}/disclosures`)
          .set('Authorization', secretary)
          .send({
            catalogItemId: dibaoItem().id,
            period: '2026-Q1',
            title: '低保名单公示',
            rows: buildDibaoRows(V1, 2),
          })
        const id = created.body.id as string
        await request(server)
          .post(`/api/v1/disclosures/${id}/submit`)
          .set('Authorization', secretary)
          .send({})
        await request(server)
          .post(`/api/v1/disclosures/${id}/review`)
          .set('Authorization', township)
          .send({ decision: 'approve', revision: await seenRevision(server, id, township) })
        const res = await request(server).get(`/api/v1/disclosures/${id}/speech`)
        expect(res.status).toBe(503)
        expect(res.body.error.code).toBe('speech_unavailable')
        // The server still answers.
        expect((await request(server).get(`/api/v1/disclosures/${id}`)).status).toBe(200)
      } finally {
        await t.close()
      }
    }
  }, 120_000)
})

describe(parseRange.name, () => {
  it('should read single byte ranges and leave the rest to a whole answer', () => {
    expect(parseRange(undefined, 100)).toBeNull()
    expect(parseRange('bytes=0-9', 100)).toEqual({ start: 0, end: 9 })
    expect(parseRange('bytes=90-200', 100)).toEqual({ start: 90, end: 99 })
    expect(parseRange('bytes=-10', 100)).toEqual({ start: 90, end: 99 })
    expect(parseRange('bytes=-1000', 100)).toEqual({ start: 0, end: 99 })
    expect(parseRange('bytes=100-', 100)).toBe('unsatisfiable')
    expect(parseRange('bytes=5-2', 100)).toBe('unsatisfiable')
    expect(parseRange('bytes=-0', 100)).toBe('unsatisfiable')
    expect(parseRange('bytes=0-1,3-4', 100)).toBeNull()
    expect(parseRange('bytes=-', 100)).toBeNull()
  })
})
