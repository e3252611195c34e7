import fc from 'fast-check'
import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { findCatalogItem, findSensitiveNumbers } from '@cunwu/domain'
import type { TypedNumber } from '@cunwu/domain/src/privacy/arbitraries'
import { readableDigits, textWithNumbers, typedNumber } from '@cunwu/domain/src/privacy/arbitraries'
import { buildTestApp } from '../../testing/build-app'
import type { TestApp } from '../../testing/build-app'
import { signIn } from '../../testing/sign-in'
import { PDF } from '../../testing/upload-files'
import { demoRegionOf } from '../../testing/demo'
import { seenRevision } from '../../testing/publish'

/**
 * The privacy property of every public response: personal numbers typed into any free-text field (title, body,
 * Q&A, chart, figures, change note, attachment file name, government item text) in any format never come back
 * readable, whether through the item, its versions, the feed, search, the inbox or a download header.
 */

const V1 = demoRegionOf('demo-secretary')
const TOWNSHIP = demoRegionOf('demo-township')
const ITEM = 'village-affairs.other-matters'
const GOV_ITEM = 'rural-land-expropriation.statutory.pre-announcement'

/** Chinese text with typed numbers that fits a field of at most `max` characters. */
const fitting = (max: number) =>
  textWithNumbers.filter((x) => x.text.trim().length <= max && x.text.trim().length >= 2)
/** A field holding one number and nothing else, for the shortest fields. */
const bare = (max: number) =>
  typedNumber.filter((n) => n.typed.length <= max).map((n) => ({ text: n.typed, numbers: [n] }))

const fields = fc.record({
  title: fitting(70),
  body: fitting(2000),
  q: fitting(100),
  a: fitting(1000),
  chartTitle: bare(40),
  chartLabel: bare(20),
  figureName: bare(40),
  figureValue: bare(40),
  changeNote: fitting(500),
  fileName: typedNumber,
  govTitle: fitting(70),
  govBody: fitting(2000),
  govFigure: bare(40),
})

describe('personal numbers in public responses (property)', () => {
  let t: TestApp
  let server: ReturnType<TestApp['app']['callback']>
  const auth: Record<string, string> = {}
  let period = 0

  beforeAll(async () => {
    t = await buildTestApp()
    server = t.app.callback()
    for (const key of ['demo-secretary', 'demo-township', 'demo-county', 'demo-villager'])
      auth[key] = (await signIn(t.app, key)).auth
    const domainId = findCatalogItem(ITEM)?.domainId ?? ''
    const followed = await request(server)
      .post('/api/v1/subscriptions')
      .set('Authorization', auth['demo-villager'] ?? '')
      .send({ category: domainId, villageCode: V1, results: { tmpl_disclosure_published: 'reject' } })
    expect(followed.status).toBeLessThan(300)
  })
  afterAll(async () => {
    await t.close()
  })

  const as = (key: string) => auth[key] ?? ''

  async function publishDisclosure(id: string): Promise<void> {
    expect(
      (
        await request(server)
          .post(`/api/v1/disclosures/${id}/submit`)
          .set('Authorization', as('demo-secretary'))
      ).status,
    ).toBe(200)
    const approved = await request(server)
      .post(`/api/v1/disclosures/${id}/review`)
      .set('Authorization', as('demo-township'))
      .send({ decision: 'approve', revision: await seenRevision(server, id, as('demo-township')) })
    expect(approved.status).toBe(200)
  }

  it('should mask written-out and punctuated numbers and addresses in the item and in search', async () => {
    const body =
      '联系人手机 一三九八八七七六六五五；另 139.8877.6655；身份证 110/1011/99003074514；卡号 6222(0212)34567890128；' +
      '电话Tel13988776655 或 1三9八8七7六6五5，139，1234，5010；地址云溪村3组18号。补助标准分别为150、2000、3000元。'
    const created = await request(server)
      .post(`/api/v1/villages/${V1}/disclosures`)
      .set('Authorization', as('demo-secretary'))
      .send({ catalogItemId: ITEM, period: '1999-Q4', title: '公告 联系 一三九八八七七六六五五', body })
    expect(created.status).toBe(201)
    const id = created.body.id as string
    await publishDisclosure(id)
    const item = await request(server).get(`/api/v1/disclosures/${id}`)
    expect(item.status).toBe(200)
    expect(item.body.title).toBe('公告 联系 139****6655')
    expect(item.body.body).toBe(
      '联系人手机 139****6655；另 139****6655；身份证 110***********4514；卡号 ***************0128；' +
        '电话Tel139****6655 或 139****6655，139****5010；地址云溪村3组**号。补助标准分别为150、2000、3000元。',
    )
    // The hidden digits are in no index: neither written out nor as digits.
    for (const q of ['一三九八八七七六六五五', '8877', '13988776655', '1011', '99003074514', '0212']) {
      const found = await request(server).get(`/api/v1/search?q=${encodeURIComponent(q)}&regionCode=${V1}`)
      expect(found.status).toBe(200)
      expect(
        found.body.disclosures.map((d: { id: string }) => d.id),
        q,
      ).not.toContain(id)
    }
  })

  it('should leave no generated number readable in any public response of a published disclosure', async () => {
    await fc.assert(
      fc.asyncProperty(fields, async (f) => {
        period += 1
        const numbers: TypedNumber[] = Object.values(f).flatMap((v) => ('numbers' in v ? v.numbers : [v]))
        const created = await request(server)
          .post(`/api/v1/villages/${V1}/disclosures`)
          .set('Authorization', as('demo-secretary'))
          .send({
            catalogItemId: ITEM,
            period: `${2000 + period}-Q1`,
            title: `公告${f.title.text}`,
            body: f.body.text,
            interpretation: {
              qa: [{ q: f.q.text, a: f.a.text }],
              chart: {
                kind: 'bar',
                unit: 'count',
                title: f.chartTitle.text,
                series: [{ label: f.chartLabel.text, value: 1 }],
              },
            },
            figures: [{ name: f.figureName.text, value: f.figureValue.text }],
          })
        expect(created.status).toBe(201)
        const v1 = created.body.id as string
        const upload = await request(server)
          .post(`/api/v1/disclosures/${v1}/attachments`)
          .set('Authorization', as('demo-secretary'))
          .attach('file', PDF, { filename: `名单${f.fileName.typed}.pdf`, contentType: 'application/pdf' })
        expect(upload.status).toBe(201)
        await publishDisclosure(v1)
        const next = await request(server)
          .post(`/api/v1/disclosures/${v1}/versions`)
          .set('Authorization', as('demo-secretary'))
          .send({ changeNote: f.changeNote.text })
        expect(next.status).toBe(201)
        const v2 = next.body.id as string
        await publishDisclosure(v2)

        const gov = await request(server)
          .post(`/api/v1/regions/${TOWNSHIP}/government-items`)
          .set('Authorization', as('demo-township'))
          .send({
            catalogItemId: GOV_ITEM,
            period: String(2000 + period),
            title: f.govTitle.text,
            body: f.govBody.text,
            figures: [{ name: f.govFigure.text, value: 1 }],
          })
        expect(gov.status).toBe(201)
        const govPublished = await request(server)
          .post(`/api/v1/government-items/${gov.body.id}/publish`)
          .set('Authorization', as('demo-township'))
        expect(govPublished.status).toBe(200)

        const download = await request(server).get(upload.body.url)
        expect(download.status).toBe(200)
        const inbox = await request(server).get('/api/v1/inbox').set('Authorization', as('demo-villager'))
        expect(inbox.status).toBe(200)
        // The follower's inbox repeats the published title: it must be there for the check below to mean anything.
        expect(JSON.stringify(inbox.body)).toContain(v2)
        const paths = [
          `/api/v1/disclosures/${v1}`,
          `/api/v1/disclosures/${v2}`,
          `/api/v1/disclosures/${v2}/versions`,
          `/api/v1/villages/${V1}/feed`,
          `/api/v1/search?q=${encodeURIComponent('公告')}&regionCode=${V1}`,
          `/api/v1/government-items/${gov.body.id}`,
          `/api/v1/government-items/${gov.body.id}?village=${V1}`,
        ]
        const responses = [
          ...(await Promise.all(paths.map(async (path) => ({ path, res: await request(server).get(path) })))),
          {
            path: 'disclosure as a villager',
            res: await request(server)
              .get(`/api/v1/disclosures/${v2}`)
              .set('Authorization', as('demo-villager')),
          },
          { path: '/api/v1/inbox', res: inbox },
        ]
        for (const { path, res } of responses) expect(res.status, path).toBe(200)
        const searched = responses[4]?.res.body.disclosures.map((d: { id: string }) => d.id)
        expect(searched).toContain(v2)
        const texts = [
          ...responses.map(({ path, res }) => [path, JSON.stringify(res.body)] as const),
          [
            'download header',
            decodeURIComponent(String(download.headers['content-disposition'] ?? '')),
          ] as const,
        ]
        for (const [where, text] of texts) {
          // JSON escapes turn a newline into \n, which hides what follows from the scanner: read the digits too.
          expect(findSensitiveNumbers(text), `${where}: ${text}`).toEqual([])
          const digits = readableDigits(text)
          for (const n of numbers) expect(digits, `${where}: ${n.typed}`).not.toContain(n.digits)
        }
        for (const n of numbers) {
          const found = await request(server).get(
            `/api/v1/search?q=${encodeURIComponent(n.digits)}&regionCode=${V1}`,
          )
          expect(found.body.disclosures).toEqual([])
        }
      }),
      // No shrinking: every try replays the whole publishing flow; the first counterexample is reported as is.
      { numRuns: 4, endOnFailure: true },
    )
  }, 120_000)
})
