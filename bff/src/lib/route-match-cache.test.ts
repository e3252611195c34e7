import Koa from 'koa'
import Router from '@koa/router'
import request from 'supertest'
import { describe, expect, it } from 'vitest'
import { cacheRouteMatches } from './route-match-cache'

function app(): { server: ReturnType<Koa['callback']>; calls: () => number } {
  const router = new Router({ prefix: '/api' })
  router.get('/items/:id', (ctx) => {
    ctx.body = { id: ctx.params.id, route: ctx._matchedRoute }
  })
  router.patch('/items/:id', (ctx) => {
    ctx.body = { patched: ctx.params.id }
  })
  router.get('/items/:id/versions', (ctx) => {
    ctx.body = { versions: ctx.params.id }
  })
  let matched = 0
  const original = router.match.bind(router)
  router.match = (path, method) => {
    matched++
    return original(path, method)
  }
  cacheRouteMatches(router)
  const koa = new Koa()
  koa.use(router.routes()).use(router.allowedMethods())
  return { server: koa.callback(), calls: () => matched }
}

describe('cacheRouteMatches', () => {
  it('should route as the router does, with each request’s own parameters, matching a path once', async () => {
    const { server, calls } = app()
    for (const id of ['a', 'b', 'a', 'a']) {
      const res = await request(server).get(`/api/items/${id}`)
      expect(res.body).toEqual({ id, route: '/api/items/:id' })
    }
    expect(calls()).toBe(2)
    expect((await request(server).patch('/api/items/a')).body).toEqual({ patched: 'a' })
    expect((await request(server).get('/api/items/a/versions')).body).toEqual({ versions: 'a' })
    expect(calls()).toBe(4)
  })

  it('should answer 404 and 405 with Allow as before, also when asked again', async () => {
    const { server } = app()
    for (let i = 0; i < 2; i++) {
      expect((await request(server).get('/api/nothing')).status).toBe(404)
      const res = await request(server).delete('/api/items/a')
      expect(res.status).toBe(405)
      expect(res.headers.allow).toBe('HEAD, GET, PATCH')
    }
  })

  it('should not keep long paths', async () => {
    const { server, calls } = app()
    const long = 'x'.repeat(300)
    for (let i = 0; i < 3; i++) expect((await request(server).get(`/api/items/${long}`)).body.id).toBe(long)
    expect(calls()).toBe(3)
  })
})
