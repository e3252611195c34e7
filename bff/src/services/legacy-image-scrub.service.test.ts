import mongoose, { Types } from 'mongoose'
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { buildTestApp, type TestApp } from '../testing/build-app'
import { JPEG, jpegWithMetadata } from '../testing/upload-files'
import type { Services } from '.'
import {
  LEGACY_IMAGE_SCRUB,
  LEGACY_IMAGE_SCRUB_VERSION,
  LegacyImageScrubService,
} from './legacy-image-scrub.service'
import { VOUCHER_BUCKET } from './ledger.service'

// docs/privacy.md, "Uploaded files": images stored before uploads lost their metadata are cleaned at start-up.

const VILLAGE = '430000000001'
const SECRET = 'COMMENT-SECRET-13812345678'

describe('images stored with their metadata before uploads were cleaned', () => {
  let t: TestApp
  let s: Services
  let db: mongoose.mongo.Db
  const bucket = (name: string) => new mongoose.mongo.GridFSBucket(db, { bucketName: name })
  async function put(name: string, data: Buffer, metadata: Record<string, unknown>): Promise<Types.ObjectId> {
    const id = new Types.ObjectId()
    await new Promise<void>((resolve, reject) => {
      const upload = bucket(name).openUploadStreamWithId(id, 'photo.jpg', { metadata })
      upload.once('finish', () => resolve())
      upload.once('error', reject)
      upload.end(data)
    })
    return id
  }
  async function bytes(name: string, id: Types.ObjectId): Promise<Buffer> {
    const parts: Buffer[] = []
    for await (const chunk of bucket(name).openDownloadStream(id)) parts.push(chunk as Buffer)
    return Buffer.concat(parts)
  }

  beforeAll(async () => {
    t = await buildTestApp()
    const conn = t.services?.models.Disclosure.db.db
    if (!t.services || !conn) throw new Error('no database')
    s = t.services
    db = conn
  }, 60_000)
  afterEach(() => {
    vi.restoreAllMocks()
  })
  afterAll(async () => {
    await t.close()
  })
  const finished = async () => (await s.models.JobLease.findById(LEGACY_IMAGE_SCRUB).lean())?.progress ?? null
  const none = { replaced: 0, clean: 0, unreadable: 0 }

  it('should store each image again without its metadata, move every reference, and do it once', async () => {
    // A database from before the scrub finished (the test app's start, on an empty one, recorded it as done).
    await s.models.JobLease.deleteOne({ _id: LEGACY_IMAGE_SCRUB })
    const legacy = jpegWithMetadata(Buffer.from('MOTION-PHOTO-VIDEO'))
    const old = await put('attachments', legacy, { contentType: 'image/jpeg' })
    const clean = await put('attachments', JPEG, { contentType: 'image/jpeg' })
    const broken = await put('attachments', JPEG.subarray(0, 40), { contentType: 'image/jpeg' })
    const disclosureId = new Types.ObjectId()
    const attachment = (fileId: Types.ObjectId) => ({
      fileId,
      filename: 'photo.jpg',
      size: 1,
      contentType: 'image/jpeg',
    })
    await s.models.Disclosure.collection.insertOne({
      _id: disclosureId,
      attachments: [attachment(clean), attachment(old)],
    })
    await s.models.Consultation.collection.insertOne({
      attachments: [{ disclosureId, fileId: old, filename: 'photo.jpg', size: legacy.length }],
    })
    // A voucher whose clean copy was stored by a pass that stopped before moving the entry to it.
    const voucher = await put(VOUCHER_BUCKET, legacy, { contentType: 'image/jpeg', villageCode: VILLAGE })
    const entryId = new Types.ObjectId()
    await s.models.LedgerEntry.collection.insertOne({ _id: entryId, voucherFileIds: [voucher] })
    const stopped = new LegacyImageScrubService({ conn: s.models.Disclosure.db, models: s.models })
    const copy = await put(VOUCHER_BUCKET, JPEG, {
      contentType: 'image/jpeg',
      villageCode: VILLAGE,
      scrubbed: true,
      replaces: voucher,
    })
    const photoId = new Types.ObjectId()
    await s.models.QuestionPhoto.collection.insertOne({
      _id: photoId,
      contentType: 'image/jpeg',
      data: legacy,
      bytes: legacy.length,
    })

    expect(await stopped.run()).toEqual({
      attachments: { replaced: 1, clean: 1, unreadable: 1 },
      vouchers: { replaced: 1, clean: 0, unreadable: 0 },
      questionPhotos: { replaced: 1, clean: 0, unreadable: 0 },
    })

    const d = await s.models.Disclosure.collection.findOne({ _id: disclosureId })
    const [first, second] = (d?.attachments ?? []) as { fileId: Types.ObjectId; size: number }[]
    expect(first?.fileId).toEqual(clean)
    expect(second?.fileId).not.toEqual(old)
    const cleaned = await bytes('attachments', second?.fileId ?? old)
    expect(second?.size).toBe(cleaned.length)
    for (const leak of [SECRET, 'GPSLatitude', 'MOTION-PHOTO-VIDEO', 'IPTC'])
      expect(cleaned.toString('latin1')).not.toContain(leak)
    const c = await s.models.Consultation.collection.findOne({ 'attachments.disclosureId': disclosureId })
    expect(c?.attachments[0].fileId).toEqual(second?.fileId)
    // The old bytes are gone; the broken one is left as it was, marked.
    expect(await db.collection('attachments.files').countDocuments({ _id: old })).toBe(0)
    expect(await db.collection('attachments.chunks').countDocuments({ files_id: old })).toBe(0)
    expect((await db.collection('attachments.files').findOne({ _id: broken }))?.metadata.scrubbed).toBe(
      'unreadable',
    )
    // The voucher's entry now lists the copy made before; no third file.
    const entry = await s.models.LedgerEntry.collection.findOne({ _id: entryId })
    expect(entry?.voucherFileIds).toEqual([copy])
    expect(await db.collection(`${VOUCHER_BUCKET}.files`).countDocuments({})).toBe(1)
    const photo = await s.models.QuestionPhoto.collection.findOne({ _id: photoId })
    const photoBytes = Buffer.from(photo?.data.buffer ?? photo?.data)
    expect(photoBytes.toString('latin1')).not.toContain(SECRET)
    expect(photo?.bytes).toBe(photoBytes.length)

    // A second start finds nothing to do: cleaned copies and marked files are not read again.
    expect(await stopped.run()).toEqual({
      attachments: { replaced: 0, clean: 0, unreadable: 0 },
      vouchers: { replaced: 0, clean: 0, unreadable: 0 },
      questionPhotos: { replaced: 0, clean: 0, unreadable: 0 },
    })
    expect(await finished()).toEqual({ version: LEGACY_IMAGE_SCRUB_VERSION, after: null, done: true })
  })

  it('should read no stored file at a start after the scrub has finished', async () => {
    expect((await finished())?.done).toBe(true)
    // An image with its metadata that no pass has seen: a start now does not even look for it.
    const unseen = await put('attachments', jpegWithMetadata(Buffer.from('UNSEEN')), {
      contentType: 'image/jpeg',
    })
    const find = vi.spyOn(mongoose.mongo.Collection.prototype, 'find')
    const scrub = new LegacyImageScrubService({ conn: s.models.Disclosure.db, models: s.models })
    expect(await scrub.run()).toEqual({ attachments: none, vouchers: none, questionPhotos: none })
    const read = find.mock.contexts.map((c) => (c as mongoose.mongo.Collection).collectionName)
    expect(read.filter((name) => /\.files$|questionphotos/.test(name))).toEqual([])
    expect(
      (await db.collection('attachments.files').findOne({ _id: unseen }))?.metadata.scrubbed,
    ).toBeUndefined()
    await bucket('attachments').delete(unseen)
  })

  it('should go on at the next start after a start that stopped midway or left files for later', async () => {
    await s.models.JobLease.deleteOne({ _id: LEGACY_IMAGE_SCRUB })
    const legacy = jpegWithMetadata(Buffer.from('MOTION-PHOTO-VIDEO'))
    const files = [
      await put('attachments', legacy, { contentType: 'image/jpeg' }),
      await put('attachments', legacy, { contentType: 'image/jpeg' }),
    ]
    const disclosureId = new Types.ObjectId()
    await s.models.Disclosure.collection.insertOne({
      _id: disclosureId,
      // Its own series: the first test's raw disclosure holds the key of none.
      seriesKey: 'legacy-scrub-resume',
      version: 1,
      attachments: files.map((fileId) => ({
        fileId,
        filename: 'photo.jpg',
        size: 1,
        contentType: 'image/jpeg',
      })),
    })
    // One file per start: the first start leaves the second for later, and records nothing.
    const scrub = new LegacyImageScrubService({
      conn: s.models.Disclosure.db,
      models: s.models,
      passLimit: 1,
    })
    expect((await scrub.run()).attachments).toEqual({ replaced: 1, clean: 0, unreadable: 0 })
    expect(await finished()).toBeNull()
    // The next start stops midway (the database fails while moving the references): still nothing recorded.
    vi.spyOn(s.models.Disclosure.collection, 'updateMany').mockRejectedValueOnce(new Error('connection lost'))
    await expect(scrub.run()).rejects.toThrow('connection lost')
    vi.restoreAllMocks()
    expect(await finished()).toBeNull()
    // The one after goes on, finishes and records it.
    expect((await scrub.run()).attachments).toEqual({ replaced: 1, clean: 0, unreadable: 0 })
    expect(await finished()).toEqual({ version: LEGACY_IMAGE_SCRUB_VERSION, after: null, done: true })
    const d = await s.models.Disclosure.collection.findOne({ _id: disclosureId })
    const ids = ((d?.attachments ?? []) as { fileId: Types.ObjectId }[]).map((a) => a.fileId)
    expect(ids.some((id) => files.some((f) => f.equals(id)))).toBe(false)
    for (const id of ids) expect((await bytes('attachments', id)).toString('latin1')).not.toContain(SECRET)
  })
})
