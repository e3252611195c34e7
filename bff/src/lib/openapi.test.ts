import request from 'supertest'
import { describe, expect, it } from 'vitest'
import { buildAppWithoutDb } from '../testing/build-app'

describe('GET /api/v1/openapi.json', () => {
  it('should describe every route with the zod schemas it validates', async () => {
    const res = await request(buildAppWithoutDb().callback()).get('/api/v1/openapi.json')
    expect(res.status).toBe(200)
    expect(res.body.openapi).toBe('3.1.0')
    const create = res.body.paths['/api/v1/villages/{code}/disclosures'].post
    expect(create.security).toEqual([{ bearer: [] }])
    expect(create.parameters).toContainEqual(
      expect.objectContaining({ in: 'path', name: 'code', required: true }),
    )
    expect(create.requestBody.content['application/json'].schema.properties.catalogItemId).toBeDefined()
    expect(create.description).toContain('secretary')
    const health = res.body.paths['/api/v1/health'].get
    expect(health.security).toBeUndefined()
    // Public reads that show more to a signed-in caller: a token is optional (the empty requirement).
    for (const path of [
      '/api/v1/disclosures/{id}',
      '/api/v1/disclosures/{id}/versions',
      '/api/v1/disclosures/{id}/alignment',
      '/api/v1/government-items/{id}',
      '/api/v1/disclosures/{id}/attachments/{fileId}',
    ]) {
      expect(res.body.paths[path].get.security, path).toEqual([{}, { bearer: [] }])
    }
    const feed = res.body.paths['/api/v1/villages/{code}/feed'].get
    expect(feed.parameters.map((p: { name: string }) => p.name)).toEqual(
      expect.arrayContaining(['code', 'limit']),
    )
  })
})
