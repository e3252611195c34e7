import mongoose, { Types } from 'mongoose'
import type { Connection } from 'mongoose'
import type { Readable } from 'node:stream'
import { ErrorCode } from '@cunwu/domain'
import { AppError, databaseUnavailable, notFound } from '../errors'
import { atRevision, isStaleCopy } from '../lib/revision'
import type { UploadedFile } from '../lib/upload'
import type { Models } from '../models'
import type { Attachment } from '../models/Disclosure.model'
import type { Actor, AuditService } from './audit.service'
import { staleDraft } from './disclosure-edits.service'

/** At most this many attachments per disclosure. */
const MAX_ATTACHMENTS = 20

function tooMany(): AppError {
  return new AppError(422, ErrorCode.UnprocessableEntity, `附件最多 ${MAX_ATTACHMENTS} 个`)
}

const STALE = '别人刚改过这条内容，请刷新后再改'

/** Files of disclosures in GridFS: upload to a draft, read when the disclosure may be seen. */
export class AttachmentsService {
  constructor(private readonly deps: { conn: Connection; models: Models; audit: AuditService }) {}

  /** The GridFS bucket of attachments (503 while the database is away). */
  private bucket(): mongoose.mongo.GridFSBucket {
    const db = this.deps.conn.db
    if (!db) throw databaseUnavailable()
    return new mongoose.mongo.GridFSBucket(db, { bucketName: 'attachments' })
  }

  /**
   * Stores a file and attaches it to a draft; the file is removed again if the draft changed meanwhile. With `named`
   * (the revision the page shows) a draft saved since is 409 `disclosure_stale`, checked in the write itself.
   */
  async add(disclosureId: string, file: UploadedFile, actor: Actor, named?: number): Promise<Attachment> {
    const d = await this.deps.models.Disclosure.findById(disclosureId, {
      status: 1,
      regionCode: 1,
      attachments: 1,
      revision: 1,
    }).lean()
    if (!d) throw notFound('公开内容')
    if (d.status !== 'draft') throw new AppError(409, ErrorCode.DisclosureNotEditable, '只有草稿可以添加附件')
    if (isStaleCopy(d, named)) throw staleDraft(d, STALE)
    if (d.attachments.length >= MAX_ATTACHMENTS) throw tooMany()
    const fileId = new Types.ObjectId()
    await new Promise<void>((resolve, reject) => {
      const upload = this.bucket().openUploadStreamWithId(fileId, file.filename, {
        metadata: { contentType: file.contentType, disclosureId },
      })
      upload.once('finish', () => resolve())
      upload.once('error', reject)
      upload.end(file.data)
    })
    const attachment: Attachment = {
      fileId,
      filename: file.filename,
      contentType: file.contentType,
      size: file.data.length,
    }
    // The cap is part of the write (no 20th attachment yet), so uploads sent at once cannot all pass the check above.
    const res = await this.deps.models.Disclosure.updateOne(
      {
        _id: d._id,
        status: 'draft',
        [`attachments.${MAX_ATTACHMENTS - 1}`]: { $exists: false },
        ...(named === undefined ? {} : atRevision(d)),
      },
      { $push: { attachments: attachment } },
    )
    if (res.modifiedCount !== 1) {
      await this.bucket().delete(fileId)
      const now = await this.deps.models.Disclosure.findById(d._id, { status: 1, revision: 1 }).lean()
      if (now?.status === 'draft' && isStaleCopy(now, named)) throw staleDraft(now, STALE)
      if (now?.status === 'draft') throw tooMany()
      throw new AppError(409, ErrorCode.DisclosureNotEditable, '只有草稿可以添加附件')
    }
    await this.deps.audit.record(actor, {
      action: 'disclosure.attach',
      targetType: 'disclosure',
      targetId: disclosureId,
      regionCode: d.regionCode,
      data: { fileId: fileId.toHexString(), filename: file.filename, size: file.data.length },
    })
    return attachment
  }

  /**
   * Removes an attachment from a draft (the file stays if an earlier published version still uses it). With `named`
   * (the revision the page shows) a draft saved since is 409 `disclosure_stale`, checked in the write itself.
   */
  async remove(disclosureId: string, fileId: string, actor: Actor, named?: number): Promise<void> {
    if (!Types.ObjectId.isValid(fileId)) throw notFound('附件')
    const read = async () =>
      named === undefined
        ? null
        : this.deps.models.Disclosure.findById(disclosureId, { status: 1, revision: 1 }).lean()
    const seen = await read()
    if (seen?.status === 'draft' && isStaleCopy(seen, named)) throw staleDraft(seen, STALE)
    const res = await this.deps.models.Disclosure.findOneAndUpdate(
      {
        _id: disclosureId,
        status: 'draft',
        'attachments.fileId': new Types.ObjectId(fileId),
        ...(seen ? atRevision(seen) : {}),
      },
      { $pull: { attachments: { fileId: new Types.ObjectId(fileId) } } },
    ).lean()
    if (!res) {
      const now = await read()
      if (now?.status === 'draft' && isStaleCopy(now, named)) throw staleDraft(now, STALE)
      throw notFound('附件')
    }
    const stillUsed = await this.deps.models.Disclosure.exists({
      'attachments.fileId': new Types.ObjectId(fileId),
    })
    if (!stillUsed) await this.bucket().delete(new Types.ObjectId(fileId))
    await this.deps.audit.record(actor, {
      action: 'disclosure.detach',
      targetType: 'disclosure',
      targetId: disclosureId,
      regionCode: res.regionCode,
      data: { fileId },
    })
  }

  /** Deletes an attachment's file from GridFS; a file already gone is not an error (a retried withdrawal). */
  async deleteFile(fileId: Types.ObjectId): Promise<void> {
    try {
      await this.bucket().delete(fileId)
    } catch (err) {
      if (!(err instanceof Error && /FileNotFound|file not found/i.test(err.message))) throw err
    }
  }

  /** Opens an attachment of a disclosure for reading. */
  async open(disclosureId: string, fileId: string): Promise<{ attachment: Attachment; stream: Readable }> {
    if (!Types.ObjectId.isValid(fileId)) throw notFound('附件')
    const d = await this.deps.models.Disclosure.findById(disclosureId, { attachments: 1 }).lean()
    const attachment = d?.attachments.find((a) => a.fileId.equals(fileId))
    if (!attachment) throw notFound('附件')
    return { attachment, stream: this.bucket().openDownloadStream(attachment.fileId) }
  }
}

/** Builds the service (the composition root and tests call this). */
export function createAttachmentsService(deps: {
  conn: Connection
  models: Models
  audit: AuditService
}): AttachmentsService {
  return new AttachmentsService(deps)
}
