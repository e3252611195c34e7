/**
 * A database that is not there when the BFF starts (MONGODB_URI down, or started later after a power cut): the BFF
 * keeps trying in the background and serves once it answers, instead of answering 503 until someone restarts it.
 */
import net from 'node:net'
import type { AddressInfo } from 'node:net'
import { startEmbeddedMongo } from '@cunwu/embedded-mongo'
import { afterAll, describe, expect, it } from 'vitest'
import { buildConfig } from './config'
import { createLogger } from './logger'
import { startServer } from './server'

async function freePort(): Promise<number> {
  const probe = net.createServer()
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve))
  const { port } = probe.address() as AddressInfo
  await new Promise<void>((resolve) => probe.close(() => resolve()))
  return port
}

const cleanups: (() => Promise<void>)[] = []
afterAll(async () => {
  for (const c of cleanups.reverse()) await c()
})

describe('a database that comes up after the BFF', () => {
  it('is connected in the background, and the API serves once it answers', async () => {
    const dbPort = await freePort()
    const config = buildConfig({ PORT: '0', MONGODB_URI: `mongodb://127.0.0.1:${dbPort}/` })
    const server = await startServer(config, createLogger(config))
    cleanups.push(() => server.close())
    const health = async () =>
      (await (await fetch(`${server.url}/api/v1/health`)).json()) as { database: { state: string } }
    expect((await health()).database.state).toBe('unavailable')
    expect((await fetch(`${server.url}/api/v1/regions/360999100200`)).status).toBe(503)

    const engine = await startEmbeddedMongo({ port: dbPort, log: false })
    cleanups.push(() => engine.stop())
    let state = ''
    for (let i = 0; i < 120 && state !== 'up'; i++) {
      await new Promise((resolve) => setTimeout(resolve, 500))
      state = (await health()).database.state
    }
    expect(state).toBe('up')
    // The services run: the same call is answered by them, not with the 503 of a missing database.
    expect((await fetch(`${server.url}/api/v1/regions/360999100200`)).status).toBe(200)
  }, 90_000)
})
