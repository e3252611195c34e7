/** Conformance: GridFS upload and download through the driver's GridFSBucket. */
import { randomBytes } from 'node:crypto'
import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { GridFSBucket } from 'mongodb'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { connect, type Conn } from './setup'

let conn: Conn
beforeAll(async () => {
  conn = await connect()
})
afterAll(async () => {
  await conn.close()
})

async function download(bucket: GridFSBucket, name: string): Promise<Buffer> {
  const chunks: Buffer[] = []
  for await (const chunk of bucket.openDownloadStreamByName(name)) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks)
}

describe('GridFS', () => {
  it('should upload a multi-chunk file and download it unchanged', async () => {
    const bucket = new GridFSBucket(conn.db, { bucketName: 'files', chunkSizeBytes: 64 * 1024 })
    const data = randomBytes(1_000_000)
    const upload = bucket.openUploadStream('photo.bin', { metadata: { owner: 'u1' } })
    await pipeline(Readable.from([data.subarray(0, 300_000), data.subarray(300_000)]), upload)
    const files = await bucket.find({ filename: 'photo.bin' }).toArray()
    expect(files).toHaveLength(1)
    expect(files[0]).toMatchObject({ length: 1_000_000, chunkSize: 64 * 1024, metadata: { owner: 'u1' } })
    expect(await conn.db.collection('files.chunks').countDocuments({ files_id: files[0]?._id })).toBe(16)
    expect((await download(bucket, 'photo.bin')).equals(data)).toBe(true)
    const ranged: Buffer[] = []
    for await (const c of bucket.openDownloadStream(files[0]!._id, { start: 70_000, end: 70_010 }))
      ranged.push(c as Buffer)
    expect(Buffer.concat(ranged).equals(data.subarray(70_000, 70_010))).toBe(true)
  })

  it('should delete a file with its chunks', async () => {
    const bucket = new GridFSBucket(conn.db, { bucketName: 'tmp' })
    const upload = bucket.openUploadStream('a.txt')
    await pipeline(Readable.from([Buffer.from('hello')]), upload)
    await bucket.delete(upload.id)
    expect(await bucket.find({}).toArray()).toEqual([])
    expect(await conn.db.collection('tmp.chunks').countDocuments()).toBe(0)
  })
})
