import mongoose, { Types } from 'mongoose'
import type { Connection } from 'mongoose'
import { stripImageMetadata } from '../lib/image-metadata'
import type { Models } from '../models'
import { VOUCHER_BUCKET } from './ledger.service'

/** Files looked at in one start-up pass per bucket (the rest wait for the next start). */
const PASS_LIMIT = 500
/** The scrub's document in `jobleases`: `progress.done` under this version once a pass found nothing left. */
export const LEGACY_IMAGE_SCRUB = 'legacy-image-scrub'
/**
 * The scrub's version. A start finding it recorded as done reads no file; raise it when stored files must be looked
 * at again (a new kind of stored image), and the next start scans once more.
 */
export const LEGACY_IMAGE_SCRUB_VERSION = '1'
/** Larger files than any upload limit allowed are left alone (never read whole into memory). */
const MAX_BYTES = 10 * 1024 * 1024

type ImageType = 'image/jpeg' | 'image/png'
interface StoredFile {
  _id: Types.ObjectId
  filename: string
  length: number
  metadata?: { contentType?: unknown; scrubbed?: unknown; replaces?: unknown } & Record<string, unknown>
}

/** What one kind's pass did, and whether it saw every file left (none waits for a later start). */
interface Pass {
  result: LegacyImageScrubResult
  complete: boolean
}

export interface LegacyImageScrubResult {
  /** Files whose bytes held metadata: stored again without it, and every reference moved to the clean copy. */
  replaced: number
  /** Files found already clean (marked, so they are not read again). */
  clean: number
  /** Files that do not read as a whole image (left as they are, marked unreadable). */
  unreadable: number
}

/**
 * Images stored before uploads lost their metadata on the way in (GPS, camera serials, comments, a second image or
 * a Motion Photo's video after the first: docs/privacy.md, "Uploaded files"): disclosure attachments and ledger
 * vouchers kept what the phone wrote. At start-up each image not yet marked `metadata.scrubbed` is read, and where
 * the strip changes it, the clean bytes are stored as a new file (`metadata.replaces` naming the old one), every
 * disclosure and consultation that lists the old file is moved to the new one, and the old file is deleted. A crash
 * at any step is finished by the next start: the copy is found by `replaces`, the moves match nothing twice, the
 * delete is repeated. Question photos, kept whole in their own documents, are rewritten in place (one document
 * write each). Uploads are stripped on the way in, so once a pass has seen every file left the scrub is finished:
 * it records that (`jobleases` document `legacy-image-scrub`, under `LEGACY_IMAGE_SCRUB_VERSION`) and later starts
 * read no file. A start that stopped midway, or left files for the next, recorded nothing, so the next one goes on.
 */
export class LegacyImageScrubService {
  private readonly passLimit: number

  constructor(private readonly deps: { conn: Connection; models: Models; passLimit?: number }) {
    this.passLimit = deps.passLimit ?? PASS_LIMIT
  }

  async run(): Promise<Record<'attachments' | 'vouchers' | 'questionPhotos', LegacyImageScrubResult>> {
    const { JobLease } = this.deps.models
    const done = {
      _id: LEGACY_IMAGE_SCRUB,
      'progress.version': LEGACY_IMAGE_SCRUB_VERSION,
      'progress.done': true,
    }
    if (await JobLease.exists(done)) {
      const none = { replaced: 0, clean: 0, unreadable: 0 }
      return { attachments: none, vouchers: { ...none }, questionPhotos: { ...none } }
    }
    const passes = {
      attachments: await this.bucket('attachments'),
      vouchers: await this.bucket(VOUCHER_BUCKET),
      questionPhotos: await this.questionPhotos(),
    }
    if (Object.values(passes).every((p) => p.complete)) {
      await JobLease.updateOne(
        { _id: LEGACY_IMAGE_SCRUB },
        {
          $set: { progress: { version: LEGACY_IMAGE_SCRUB_VERSION, after: null, done: true } },
          $setOnInsert: { owner: null, leaseUntil: new Date(0) },
        },
        { upsert: true },
      )
    }
    return {
      attachments: passes.attachments.result,
      vouchers: passes.vouchers.result,
      questionPhotos: passes.questionPhotos.result,
    }
  }

  /** Question photos: the document holds the bytes, so the clean ones replace them in the same write. */
  private async questionPhotos(): Promise<Pass> {
    const result: LegacyImageScrubResult = { replaced: 0, clean: 0, unreadable: 0 }
    const photos = this.deps.models.QuestionPhoto.collection
    // One more than a pass takes: whether any is left for the next start.
    const found = await photos
      .find({ scrubbed: { $exists: false }, bytes: { $gt: 0 } }, { projection: { data: 1, contentType: 1 } })
      .limit(this.passLimit + 1)
      .toArray()
    const pending = found.slice(0, this.passLimit)
    for (const photo of pending) {
      const raw: unknown = photo.data
      const data = Buffer.isBuffer(raw)
        ? raw
        : raw instanceof mongoose.mongo.Binary
          ? Buffer.from(raw.buffer)
          : null
      if (data === null) continue
      const stripped = stripImageMetadata(data, photo.contentType as ImageType)
      const outcome = stripped === null ? 'unreadable' : stripped.equals(data) ? 'clean' : 'replaced'
      const set =
        outcome === 'replaced' && stripped
          ? { data: stripped, bytes: stripped.length, scrubbed: true }
          : { scrubbed: outcome === 'unreadable' ? 'unreadable' : true }
      await photos.updateOne({ _id: photo._id, scrubbed: { $exists: false } }, { $set: set })
      result[outcome] += 1
    }
    return { result, complete: found.length <= this.passLimit }
  }

  private async bucket(name: string): Promise<Pass> {
    const result: LegacyImageScrubResult = { replaced: 0, clean: 0, unreadable: 0 }
    const db = this.deps.conn.db
    if (!db) return { result, complete: false }
    const files = db.collection<StoredFile>(`${name}.files`)
    const bucket = new mongoose.mongo.GridFSBucket(db, { bucketName: name })
    const found = await files
      .find({
        'metadata.contentType': { $in: ['image/jpeg', 'image/png'] },
        'metadata.scrubbed': { $exists: false },
        length: { $lte: MAX_BYTES },
      })
      .limit(this.passLimit + 1)
      .toArray()
    const pending = found.slice(0, this.passLimit)
    for (const file of pending) {
      const type = file.metadata?.contentType as ImageType
      const data = await read(bucket, file._id)
      const stripped = stripImageMetadata(data, type)
      if (stripped === null || stripped.equals(data)) {
        const scrubbed = stripped === null ? 'unreadable' : true
        await files.updateOne({ _id: file._id }, { $set: { 'metadata.scrubbed': scrubbed } })
        result[stripped === null ? 'unreadable' : 'clean'] += 1
        continue
      }
      const copy =
        (await files.findOne({ 'metadata.replaces': file._id }))?._id ?? (await store(bucket, file, stripped))
      await this.moveReferences(file._id, copy, stripped.length)
      await bucket.delete(file._id).catch((err: unknown) => {
        if (!(err instanceof Error && /not found/i.test(err.message))) throw err
      })
      result.replaced += 1
    }
    return { result, complete: found.length <= this.passLimit }
  }

  /** Every record listing the old file lists the clean copy instead (its size too). */
  private async moveReferences(from: Types.ObjectId, to: Types.ObjectId, size: number): Promise<void> {
    const { Disclosure, Consultation, LedgerEntry } = this.deps.models
    // Size first, then the id the filter matches on: the embedded engine (mingo) takes one positional path per
    // array in a $set, and a pass stopped between the two repeats both.
    for (const model of [Disclosure, Consultation] as const) {
      await model.collection.updateMany(
        { 'attachments.fileId': from },
        { $set: { 'attachments.$.size': size } },
      )
      await model.collection.updateMany(
        { 'attachments.fileId': from },
        { $set: { 'attachments.$.fileId': to } },
      )
    }
    await LedgerEntry.collection.updateMany({ voucherFileIds: from }, { $set: { 'voucherFileIds.$': to } })
  }
}

async function read(bucket: mongoose.mongo.GridFSBucket, id: Types.ObjectId): Promise<Buffer> {
  const parts: Buffer[] = []
  for await (const chunk of bucket.openDownloadStream(id)) parts.push(chunk as Buffer)
  return Buffer.concat(parts)
}

async function store(
  bucket: mongoose.mongo.GridFSBucket,
  file: StoredFile,
  data: Buffer,
): Promise<Types.ObjectId> {
  const id = new Types.ObjectId()
  await new Promise<void>((resolve, reject) => {
    const upload = bucket.openUploadStreamWithId(id, file.filename, {
      metadata: { ...file.metadata, scrubbed: true, replaces: file._id },
    })
    upload.once('finish', () => resolve())
    upload.once('error', reject)
    upload.end(data)
  })
  return id
}
