import request from 'supertest'
import { describe, expect, it } from 'vitest'
import { ConfigError, loadConfig } from '../config'
import { buildAppWithoutDb } from '../testing/build-app'

describe('WeChat domain verification files', () => {
  const app = buildAppWithoutDb({ WECHAT_VERIFY_FILES: 'a1B2c3.txt:0f9e8d7c6b5a,MP_verify_x-Y_z.txt:abc123' })

  it('should serve each configured file at the site root with its exact content', async () => {
    const res = await request(app.callback()).get('/a1B2c3.txt')
    expect(res.status).toBe(200)
    expect(res.headers['content-type']).toBe('text/plain; charset=utf-8')
    expect(res.text).toBe('0f9e8d7c6b5a')
    const second = await request(app.callback()).get('/MP_verify_x-Y_z.txt')
    expect(second.text).toBe('abc123')
  })

  it('should serve them under the poster-link directory for the QR-code rule', async () => {
    const res = await request(app.callback()).get('/api/v1/p/a1B2c3.txt')
    expect(res.status).toBe(200)
    expect(res.text).toBe('0f9e8d7c6b5a')
  })

  it('should answer HEAD and leave other names and methods alone', async () => {
    expect((await request(app.callback()).head('/a1B2c3.txt')).status).toBe(200)
    expect((await request(app.callback()).get('/other.txt')).status).toBe(404)
    expect((await request(app.callback()).get('/a1B2c3.txt/x')).status).toBe(404)
    expect((await request(app.callback()).post('/a1B2c3.txt')).status).not.toBe(200)
  })

  it('should serve nothing when none is configured', async () => {
    const plain = buildAppWithoutDb()
    expect((await request(plain.callback()).get('/a1B2c3.txt')).status).toBe(404)
  })

  it('should refuse a malformed setting at start-up', () => {
    for (const bad of ['a1B2c3.txt', '../x.txt:1', 'x.html:1', 'x.txt:a b', 'x.txt:1,']) {
      expect(() => loadConfig({ WECHAT_VERIFY_FILES: bad })).toThrow(ConfigError)
    }
  })
})
