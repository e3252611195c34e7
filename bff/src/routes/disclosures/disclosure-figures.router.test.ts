import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DisclosureDtoSchema } from '@cunwu/domain'
import { buildTestApp } from '../../testing/build-app'
import type { TestApp } from '../../testing/build-app'
import { signIn } from '../../testing/sign-in'
import { buildDibaoRows, dibaoItem } from '../../testing/factories'
import { demoRegionOf } from '../../testing/demo'
import { seenRevision } from '../../testing/publish'

const V1 = demoRegionOf('demo-secretary')

/** Named figures of a village disclosure (公开的标准数额): entered on a draft, public, copied into a new version. */
describe('disclosure figures', () => {
  let t: TestApp
  let server: ReturnType<TestApp['app']['callback']>
  const auth: Record<string, string> = {}
  const item = dibaoItem()
  const as = (key: string) => auth[key] ?? ''

  beforeAll(async () => {
    t = await buildTestApp()
    server = t.app.callback()
    for (const key of ['demo-secretary', 'demo-township']) auth[key] = (await signIn(t.app, key)).auth
  })
  afterAll(async () => {
    await t.close()
  })

  describe('POST /api/v1/villages/:code/disclosures and PATCH /api/v1/disclosures/:id', () => {
    it('should keep figures on a draft, show them publicly once published and copy them into a new version', async () => {
      const created = await request(server)
        .post(`/api/v1/villages/${V1}/disclosures`)
        .set('Authorization', as('demo-secretary'))
        .send({
          catalogItemId: item.id,
          period: '2026-05',
          title: '五月低保对象名单',
          rows: buildDibaoRows(V1, 3),
          figures: [{ name: '低保标准', value: 650, unit: '元/月' }],
        })
      expect(created.status).toBe(201)
      expect(created.body.figures).toEqual([{ name: '低保标准', value: 650, unit: '元/月' }])
      const id: string = created.body.id

      const patched = await request(server)
        .patch(`/api/v1/disclosures/${id}`)
        .set('Authorization', as('demo-secretary'))
        .send({
          figures: [
            { name: ' 低保标准 ', value: '680', unit: '元/月' },
            { name: '特困供养标准', value: 900 },
          ],
        })
      expect(patched.status).toBe(200)
      expect(patched.body.figures).toEqual([
        { name: '低保标准', value: '680', unit: '元/月' },
        { name: '特困供养标准', value: 900 },
      ])
      // A PATCH without figures leaves them as they are.
      const retitled = await request(server)
        .patch(`/api/v1/disclosures/${id}`)
        .set('Authorization', as('demo-secretary'))
        .send({ title: '五月低保对象名单（更新）' })
      expect(retitled.body.figures).toHaveLength(2)

      await request(server)
        .post(`/api/v1/disclosures/${id}/submit`)
        .set('Authorization', as('demo-secretary'))
        .expect(200)
      await request(server)
        .post(`/api/v1/disclosures/${id}/review`)
        .set('Authorization', as('demo-township'))
        .send({ decision: 'approve', revision: await seenRevision(server, id, as('demo-township')) })
        .expect(200)

      const pub = await request(server).get(`/api/v1/disclosures/${id}`)
      expect(pub.status).toBe(200)
      expect(DisclosureDtoSchema.parse(pub.body).figures).toEqual([
        { name: '低保标准', value: '680', unit: '元/月' },
        { name: '特困供养标准', value: 900 },
      ])

      // Published versions are never edited in place, figures included.
      const refused = await request(server)
        .patch(`/api/v1/disclosures/${id}`)
        .set('Authorization', as('demo-secretary'))
        .send({ figures: [] })
      expect(refused.status).toBe(409)

      const next = await request(server)
        .post(`/api/v1/disclosures/${id}/versions`)
        .set('Authorization', as('demo-secretary'))
        .send({ changeNote: '更正低保标准' })
      expect(next.status).toBe(201)
      expect(next.body.figures).toHaveLength(2)
      const cleared = await request(server)
        .patch(`/api/v1/disclosures/${next.body.id}`)
        .set('Authorization', as('demo-secretary'))
        .send({ figures: [{ name: '低保标准', value: 680, unit: '元/月' }] })
      expect(cleared.body.figures).toEqual([{ name: '低保标准', value: 680, unit: '元/月' }])
      await request(server)
        .post(`/api/v1/disclosures/${next.body.id}/submit`)
        .set('Authorization', as('demo-secretary'))
        .expect(200)
      await request(server)
        .post(`/api/v1/disclosures/${next.body.id}/review`)
        .set('Authorization', as('demo-township'))
        .send({
          decision: 'approve',
          revision: await seenRevision(server, next.body.id, as('demo-township')),
        })
        .expect(200)
      const versions = await request(server).get(`/api/v1/disclosures/${next.body.id}/versions`)
      expect(versions.body.versions[0].changes).toContain('公开的标准数额有修改')
      // The first version keeps what it published.
      const old = await request(server).get(`/api/v1/disclosures/${id}`)
      expect(old.body.figures).toHaveLength(2)
    })

    it('should answer a figure with an empty name, a 41-character value or 21 figures with 400', async () => {
      const base = { catalogItemId: item.id, period: '2026-06', title: '六月低保对象名单' }
      const bad = [
        [{ name: '', value: 680 }],
        [{ name: '   ', value: 680 }],
        [{ name: '低保标准', value: '6'.repeat(41) }],
        Array.from({ length: 21 }, (_, i) => ({ name: `标准${i}`, value: i })),
      ]
      for (const figures of bad) {
        const res = await request(server)
          .post(`/api/v1/villages/${V1}/disclosures`)
          .set('Authorization', as('demo-secretary'))
          .send({ ...base, figures })
        expect(res.status).toBe(400)
        expect(res.body.error.code).toBe('validation_error')
        expect(typeof res.body.error.message).toBe('string')
      }
      const draft = await request(server)
        .post(`/api/v1/villages/${V1}/disclosures`)
        .set('Authorization', as('demo-secretary'))
        .send(base)
      expect(draft.status).toBe(201)
      expect(draft.body.figures).toEqual([])
      const patch = await request(server)
        .patch(`/api/v1/disclosures/${draft.body.id}`)
        .set('Authorization', as('demo-secretary'))
        .send({ figures: [{ name: '低保标准', value: '6'.repeat(41) }] })
      expect(patch.status).toBe(400)
      expect(patch.body.error).toMatchObject({
        code: 'validation_error',
        message: expect.stringContaining('figures'),
      })
    })
  })
})
