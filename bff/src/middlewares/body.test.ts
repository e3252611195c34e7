import http from 'node:http'
import net from 'node:net'
import type { AddressInfo } from 'node:net'
import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildTestApp } from '../testing/build-app'
import type { TestApp } from '../testing/build-app'
import { signIn } from '../testing/sign-in'

/**
 * Sends a request exactly as written: a JSON content type and no body at all (no Content-Length, no chunks), as
 * curl -X POST and some HTTP stacks do. supertest and Node's client would add `Content-Length: 0`.
 */
function bareRequest(port: number, method: string, path: string, headers: Record<string, string>) {
  return new Promise<{ status: number; body: { error?: { code: string; message: string } } }>(
    (resolve, reject) => {
      const socket = net.connect(port, '127.0.0.1', () => {
        const lines = [`${method} ${path} HTTP/1.1`, 'Host: 127.0.0.1', 'Connection: close']
        for (const [k, v] of Object.entries(headers)) lines.push(`${k}: ${v}`)
        socket.write(`${lines.join('\r\n')}\r\n\r\n`)
      })
      let raw = ''
      socket.setEncoding('utf8')
      socket.on('data', (chunk: string) => (raw += chunk))
      socket.on('error', reject)
      socket.on('end', () => {
        const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(raw)?.[1] ?? 0)
        const text = raw.slice(raw.indexOf('\r\n\r\n') + 4)
        resolve({ status, body: text.trim() === '' ? {} : (JSON.parse(text) as object) })
      })
    },
  )
}

describe('a JSON content type with no body', () => {
  let t: TestApp
  let server: http.Server
  let port = 0
  let auth = ''

  beforeAll(async () => {
    t = await buildTestApp()
    auth = (await signIn(t.app, 'demo-villager')).auth
    server = http.createServer(t.app.callback())
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    port = (server.address() as AddressInfo).port
  })
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve))
    await t.close()
  })

  it('should serve a route whose body is optional as if the body were empty (POST /inbox/read-all)', async () => {
    const res = await bareRequest(port, 'POST', '/api/v1/inbox/read-all', {
      Authorization: auth,
      'Content-Type': 'application/json',
    })
    expect(res.status).toBe(200)
  })

  it('should serve DELETE /subscriptions/:id with a JSON content type and no body', async () => {
    const created = await request(t.app.callback())
      .post('/api/v1/subscriptions')
      .set('Authorization', auth)
      .send({ category: 'social-assistance', results: { tmpl_disclosure_published: 'reject' } })
    expect(created.status).toBe(201)
    const id = (created.body.subscriptions as { id: string }[])[0]?.id ?? ''
    const res = await bareRequest(port, 'DELETE', `/api/v1/subscriptions/${id}`, {
      Authorization: auth,
      'Content-Type': 'application/json; charset=utf-8',
    })
    expect(res.status).toBe(204)
  })

  it('should answer a route that needs fields with 400 validation_error in Chinese, never 415', async () => {
    const res = await bareRequest(port, 'POST', '/api/v1/subscriptions', {
      Authorization: auth,
      'Content-Type': 'application/json',
    })
    expect(res.status).toBe(400)
    expect(res.body.error?.code).toBe('validation_error')
    expect(res.body.error?.message).toMatch(/[\u4e00-\u9fff]/)
  })

  it('should still refuse a body of a type no route reads with 415', async () => {
    const res = await request(t.app.callback())
      .post('/api/v1/inbox/read-all')
      .set('Authorization', auth)
      .set('Content-Type', 'application/xml')
      .send('<a/>')
    expect(res.status).toBe(415)
  })
})
