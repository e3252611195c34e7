/** Malformed and oversized input: the connection is closed with a logged reason, the server lives on. */
import net from 'node:net'
import { serialize, deserialize } from 'bson'
import { MongoClient } from 'mongodb'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startEmbeddedMongo, type EmbeddedMongo } from '../../src/index'

let server: EmbeddedMongo
const logs: string[] = []

beforeAll(async () => {
  server = await startEmbeddedMongo({ log: (level, message) => logs.push(`${level}: ${message}`) })
})
afterAll(async () => {
  await server.stop()
})

/** Sends raw bytes; resolves with what came back once the server closes the connection or after a pause. */
function exchange(bytes: Buffer, waitMs = 300): Promise<{ closed: boolean; data: Buffer }> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(server.port, '127.0.0.1')
    const chunks: Buffer[] = []
    let closed = false
    const timer = setTimeout(() => {
      socket.destroy()
      resolve({ closed, data: Buffer.concat(chunks) })
    }, waitMs)
    socket.on('data', (d) => chunks.push(d))
    socket.on('error', reject)
    socket.on('close', () => {
      closed = true
      clearTimeout(timer)
      resolve({ closed, data: Buffer.concat(chunks) })
    })
    socket.write(bytes)
  })
}

function header(length: number, opCode: number): Buffer {
  const h = Buffer.alloc(16)
  h.writeInt32LE(length, 0)
  h.writeInt32LE(1, 4)
  h.writeInt32LE(0, 8)
  h.writeInt32LE(opCode, 12)
  return h
}

/** An OP_MSG with a body and optional document sequences. */
function opMsg(body: object, sequences: Record<string, Buffer[]> = {}): Buffer {
  const parts: Buffer[] = [Buffer.from([0, 0, 0, 0]), Buffer.from([0]), Buffer.from(serialize(body))]
  for (const [id, docs] of Object.entries(sequences)) {
    const name = Buffer.from(`${id}\0`)
    const size = 4 + name.length + docs.reduce((n, d) => n + d.length, 0)
    const len = Buffer.alloc(4)
    len.writeInt32LE(size, 0)
    parts.push(Buffer.from([1]), len, name, ...docs)
  }
  const payload = Buffer.concat(parts)
  return Buffer.concat([header(16 + payload.length, 2013), payload])
}

function replyBody(data: Buffer): Record<string, unknown> {
  return deserialize(data.subarray(21)) as Record<string, unknown>
}

async function stillServes(): Promise<void> {
  const client = await MongoClient.connect(server.uri)
  try {
    expect((await client.db('admin').command({ ping: 1 })).ok).toBe(1)
  } finally {
    await client.close()
  }
}

describe('bad input', () => {
  it('should close the connection on a message shorter than its header', async () => {
    const r = await exchange(Buffer.concat([header(8, 2013), Buffer.alloc(8)]))
    expect(r.closed).toBe(true)
    expect(
      logs.some((l) => l.startsWith('warn: closing connection') && l.includes('invalid message length 8')),
    ).toBe(true)
    await stillServes()
  })

  it('should close the connection on a message over maxMessageSizeBytes', async () => {
    const r = await exchange(header(100_000_000, 2013))
    expect(r.closed).toBe(true)
    expect(logs.some((l) => l.includes('exceeds maxMessageSizeBytes'))).toBe(true)
    await stillServes()
  })

  it('should close the connection on an unknown opCode and on OP_COMPRESSED', async () => {
    expect((await exchange(Buffer.concat([header(20, 9999), Buffer.alloc(4)]))).closed).toBe(true)
    expect((await exchange(Buffer.concat([header(25, 2012), Buffer.alloc(9)]))).closed).toBe(true)
    expect(logs.some((l) => l.includes('unsupported opCode 9999'))).toBe(true)
    await stillServes()
  })

  it('should close the connection on malformed BSON', async () => {
    const body = Buffer.from(serialize({ ping: 1, $db: 'admin' }))
    body.writeInt32LE(body.length + 50, 0)
    const payload = Buffer.concat([Buffer.alloc(4), Buffer.from([0]), body])
    expect((await exchange(Buffer.concat([header(16 + payload.length, 2013), payload]))).closed).toBe(true)
    const garbage = Buffer.from(serialize({ ping: 1, $db: 'admin' }))
    garbage[4] = 0x7f // unknown BSON element type
    const payload2 = Buffer.concat([Buffer.alloc(4), Buffer.from([0]), garbage])
    expect((await exchange(Buffer.concat([header(16 + payload2.length, 2013), payload2]))).closed).toBe(true)
    expect(logs.some((l) => l.includes('malformed BSON') || l.includes('BSON'))).toBe(true)
    await stillServes()
  })

  it('should close the connection on an insert whose document in the body does not decode, storing none of it', async () => {
    // The engine decodes an insert's documents one by one: the second one's string is not UTF-8.
    const body = Buffer.from(
      serialize({
        insert: 'torn',
        documents: [
          { _id: 1, s: 'ok' },
          { _id: 2, s: 'zz' },
        ],
        $db: 'bad',
      }),
    )
    const at = body.lastIndexOf(Buffer.from('zz\0'))
    body[at] = 0xff
    const payload = Buffer.concat([Buffer.alloc(4), Buffer.from([0]), body])
    expect((await exchange(Buffer.concat([header(16 + payload.length, 2013), payload]))).closed).toBe(true)
    expect(logs.some((l) => l.includes('malformed BSON'))).toBe(true)
    const client = await MongoClient.connect(server.uri)
    try {
      expect(await client.db('bad').collection('torn').countDocuments()).toBe(0)
    } finally {
      await client.close()
    }
  })

  it('should close the connection on an insert whose document in a sequence does not decode, storing none of it', async () => {
    // As the driver sends inserts: the documents in a kind-1 section, decoded one by one when used.
    const good = Buffer.from(serialize({ _id: 1, s: 'ok' }))
    const torn = Buffer.from(serialize({ _id: 2, s: 'zz' }))
    torn[torn.lastIndexOf(Buffer.from('zz\0'))] = 0xff
    const r = await exchange(opMsg({ insert: 'tornseq', $db: 'bad' }, { documents: [good, torn] }))
    expect(r.closed).toBe(true)
    const client = await MongoClient.connect(server.uri)
    try {
      expect(await client.db('bad').collection('tornseq').countDocuments()).toBe(0)
    } finally {
      await client.close()
    }
  })

  it('should answer a well-formed command on a raw connection', async () => {
    const r = await exchange(opMsg({ ping: 1, $db: 'admin' }))
    expect(r.closed).toBe(false)
    expect(replyBody(r.data)).toEqual({ ok: 1 })
  })

  it("should refuse a document over 16 MiB with MongoDB's error and keep the connection", async () => {
    const big = Buffer.from(serialize({ _id: 1, blob: Buffer.alloc(16 * 1024 * 1024) }))
    const r = await exchange(opMsg({ insert: 'big', $db: 'bad' }, { documents: [big] }), 1500)
    expect(r.closed).toBe(false)
    const reply = replyBody(r.data)
    expect(reply.n).toBe(0)
    const [err] = reply.writeErrors as { code: number; errmsg: string }[]
    expect(err?.code).toBe(2)
    expect(err?.errmsg).toMatch(/^object to insert too large/)
  })

  it('should refuse an update that grows a document over 16 MiB', async () => {
    const client = await MongoClient.connect(server.uri)
    try {
      const c = client.db('bad').collection('grow')
      await c.insertOne({ _id: 1, a: Buffer.alloc(9 * 1024 * 1024) } as never)
      await expect(
        c.updateOne({ _id: 1 } as never, { $set: { b: Buffer.alloc(9 * 1024 * 1024) } }),
      ).rejects.toMatchObject({
        code: 10334,
      })
    } finally {
      await client.close()
    }
  })

  it('should answer commands without $db with an error', async () => {
    const r = await exchange(opMsg({ ping: 1 }))
    expect(replyBody(r.data)).toMatchObject({ ok: 0, code: 2 })
  })
})
