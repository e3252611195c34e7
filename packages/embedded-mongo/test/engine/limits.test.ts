/**
 * The port's limits: connections open at once, and bytes held for messages not yet whole over every connection.
 * Beyond them a connection is closed (logged) and the engine serves the others.
 */
import net from 'node:net'
import { MongoClient } from 'mongodb'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startEmbeddedMongo, type EmbeddedMongo } from '../../src/index'

let server: EmbeddedMongo
const logs: string[] = []
const open: net.Socket[] = []

beforeAll(async () => {
  server = await startEmbeddedMongo({
    log: (level, message) => logs.push(`${level}: ${message}`),
    maxConnections: 4,
    maxBufferedBytes: 1024 * 1024,
  })
})
afterAll(async () => {
  for (const s of open) s.destroy()
  await server.stop()
})

/** Opens a socket that announces a message of `announced` bytes and sends `sent` of them; resolves once connected. */
async function halfSent(
  announced: number,
  sent: number,
): Promise<{ socket: net.Socket; closed: Promise<void> }> {
  const socket = net.connect(server.port, '127.0.0.1')
  open.push(socket)
  socket.on('error', () => undefined)
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()))
  await new Promise<void>((resolve) => socket.once('connect', () => resolve()))
  const head = Buffer.alloc(sent)
  head.writeInt32LE(announced, 0)
  socket.write(head)
  return { socket, closed }
}

async function pings(): Promise<unknown> {
  const client = await MongoClient.connect(server.uri, { maxPoolSize: 1, serverSelectionTimeoutMS: 3000 })
  try {
    return await client.db('admin').command({ ping: 1 })
  } finally {
    await client.close()
  }
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 300))

describe('the port limits', () => {
  it('closes the connection whose half-sent message would pass the bytes held, and frees them when one closes', async () => {
    const first = await halfSent(40_000_000, 700 * 1024)
    await settle()
    const second = await halfSent(40_000_000, 700 * 1024)
    await second.closed
    expect(logs.some((l) => l.includes('would hold more than 1048576 bytes'))).toBe(true)
    expect(await pings()).toMatchObject({ ok: 1 })
    // The first one's bytes are given back when it closes: another as large is held.
    first.socket.destroy()
    await first.closed
    await settle()
    const third = await halfSent(40_000_000, 700 * 1024)
    await settle()
    expect(third.socket.destroyed).toBe(false)
    third.socket.destroy()
    await third.closed
  })

  it('refuses connections beyond the limit and serves again once some close', async () => {
    const held = await Promise.all([1, 2, 3, 4].map(() => halfSent(100, 8)))
    await settle()
    const extra = await halfSent(100, 8)
    await extra.closed
    expect(logs.some((l) => l.includes('refused a connection: 4 are open'))).toBe(true)
    for (const h of held) h.socket.destroy()
    await Promise.all(held.map((h) => h.closed))
    await settle()
    expect(await pings()).toMatchObject({ ok: 1 })
  })
})
