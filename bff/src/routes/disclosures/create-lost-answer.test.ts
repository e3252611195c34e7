import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildTestApp } from '../../testing/build-app'
import type { TestApp } from '../../testing/build-app'
import { signIn } from '../../testing/sign-in'
import { buildDibaoRows, dibaoItem } from '../../testing/factories'
import { demoRegionOf } from '../../testing/demo'

const V1 = demoRegionOf('demo-secretary')
const KEY = 'draft-create-key-0123456789'

// A draft's create whose answer was lost on a weak network, sent again: the draft the first attempt made, not a
// second one nor 409 disclosure_exists (docs/api.md, "Sending a form again").
describe('POST /villages/:code/disclosures sent again after a lost answer', () => {
  let t: TestApp
  let server: ReturnType<TestApp['app']['callback']>
  let secretary = ''

  beforeAll(async () => {
    t = await buildTestApp()
    server = t.app.callback()
    secretary = (await signIn(t.app, 'demo-secretary')).auth
  })
  afterAll(async () => {
    await t.close()
  })

  const body = (title: string) => ({
    catalogItemId: dibaoItem().id,
    period: '2026-10',
    title,
    body: '经村民代表会议评议，现予公示。',
    rows: buildDibaoRows(V1),
  })
  const create = (sent: object, key?: string) => {
    const req = request(server).post(`/api/v1/villages/${V1}/disclosures`).set('Authorization', secretary)
    return (key ? req.set('Idempotency-Key', key) : req).send(sent)
  }

  it('should answer the same key and body with the draft the first attempt created', async () => {
    const first = await create(body('2026-10 低保对象名单公示'), KEY)
    expect(first.status).toBe(201)
    const again = await create(body('2026-10 低保对象名单公示'), KEY)
    expect(again.status).toBe(201)
    expect(again.headers['idempotent-replayed']).toBe('true')
    expect(again.body).toMatchObject({ id: first.body.id, status: 'draft', revision: first.body.revision })
    const drafts = await request(server)
      .get(`/api/v1/villages/${V1}/disclosures?status=draft`)
      .set('Authorization', secretary)
    const ofPeriod = (drafts.body.disclosures as { period: string }[]).filter((d) => d.period === '2026-10')
    expect(ofPeriod).toHaveLength(1)
  })

  it('should refuse the key with changed text, and name the draft to a create with a new key', async () => {
    const reused = await create(body('2026-10 低保名单（改过）'), KEY)
    expect(reused.status).toBe(422)
    expect(reused.body.error.code).toBe('idempotency_key_reused')
    const first = await create(body('2026-10 低保对象名单公示'), KEY)
    const changed = await create(body('2026-10 低保名单（改过）'), 'draft-create-key-another-0123')
    expect(changed.status).toBe(409)
    expect(changed.body.error).toMatchObject({
      code: 'disclosure_exists',
      details: { disclosureId: first.body.id },
    })
  })
})
