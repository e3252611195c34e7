import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parseLayout, serveControl } from './load-host'

// The load bench's control server (--serve): what a bench on another machine may ask of it, and what it refuses.
describe('load bench control server', () => {
  let control: Awaited<ReturnType<typeof serveControl>>
  let dir: string
  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cunwu-load-host-'))
    // An "entry" that fails at once, as a broken build would.
    const entry = path.join(dir, 'broken.mjs')
    fs.writeFileSync(entry, 'process.exit(3)\n')
    control = await serveControl({ entry, port: 0, token: 'secret-token-1' })
  })
  afterAll(async () => {
    await control.close()
    fs.rmSync(dir, { recursive: true, force: true })
  })
  const ask = (method: string, route: string, token = 'secret-token-1') =>
    fetch(`${control.url}${route}`, { method, headers: { authorization: `Bearer ${token}` } }).then(
      async (r) => [r.status, await r.json()] as const,
    )

  it('refuses a request without the token or with another one of the same length', async () => {
    const bare = await fetch(`${control.url}/machine`)
    expect(bare.status).toBe(401)
    expect(await ask('GET', '/machine', 'secret-token-2')).toEqual([
      401,
      { error: { code: 'unauthorized', message: 'missing or wrong token' } },
    ])
  })

  it('answers the machine, and refuses unknown layouts, routes and CPU without a BFF', async () => {
    const [status, machine] = await ask('GET', '/machine')
    expect(status).toBe(200)
    expect(machine).toMatchObject({ cores: os.availableParallelism() })
    expect((await ask('POST', '/bff?layout=0'))[0]).toBe(400)
    expect((await ask('POST', '/bff?layout=１'))[0]).toBe(400)
    expect((await ask('POST', '/bff'))[0]).toBe(400)
    expect((await ask('GET', '/cpu'))[0]).toBe(409)
    expect((await ask('PUT', '/bff'))[0]).toBe(404)
    expect(await ask('DELETE', '/bff')).toEqual([200, { stopped: true }])
  })

  it('reports a BFF that does not start, and keeps serving', async () => {
    const [status, body] = await ask('POST', '/bff?layout=single')
    expect(status).toBe(500)
    expect(JSON.stringify(body)).toContain('exited with 3')
    expect((await ask('GET', '/machine'))[0]).toBe(200)
  })

  it('reads layouts as the bench writes them', () => {
    expect(parseLayout('single')).toBe('single')
    expect(parseLayout('2')).toBe(2)
    for (const bad of ['0', '-1', '1.5', '65', '', null, undefined, ' 2']) expect(parseLayout(bad)).toBeNull()
  })
})
