import { randomBytes, timingSafeEqual } from 'node:crypto'
import { mongo, Types } from 'mongoose'
import { ErrorCode, QUESTION_PHOTOS_MAX, type QuestionPhotoCheck } from '@cunwu/domain'
import { AppError, conflict, forbidden, notFound, serviceUnavailable } from '../errors'
import type { MediaCheckClient } from '../clients/wechat-media-check.client'
import type { UploadedFile } from '../lib/upload'
import type { Models } from '../models'
import type { QuestionPhoto } from '../models/QuestionPhoto.model'
import type { Question } from '../models/Question.model'
import type { User } from '../models/User.model'
import type { Actor, AuditService } from './audit.service'
import type { ClockService } from './clock.service'
import type { QuestionViewer } from './questions.service'

/** Which photos of a thread a viewer sees: the asker all (with their state), staff checked ones, the public passed ones. */
const VISIBLE: Record<QuestionViewer['kind'], readonly QuestionPhotoCheck[]> = {
  asker: ['checking', 'pass', 'review', 'risky'],
  staff: ['pass', 'review'],
  public: ['pass'],
}

/** A photo's bytes as a Buffer: lean reads hand binary fields back as BSON Binary. */
function withBytes(photo: QuestionPhoto): QuestionPhoto {
  const data: unknown = photo.data
  return data instanceof mongo.Binary ? { ...photo, data: Buffer.from(data.buffer) } : photo
}

/** The photo without its bytes, for presenting. */
export type QuestionPhotoInfo = Omit<QuestionPhoto, 'data' | 'fetchToken'>

/**
 * Photos of questions and objections (docs/questions.md): up to three per thread, taken from the asker while the
 * thread is open, stored without metadata, and shown beyond the asker and staff only once WeChat's image check
 * (mediaCheckAsync, verdict pushed to the message server) has passed them.
 */
export class QuestionPhotosService {
  constructor(
    private readonly deps: {
      models: Models
      audit: AuditService
      clock: ClockService
      /** Null when no image check is configured: photos are then refused (503), never stored unchecked. */
      mediaCheck: MediaCheckClient | null
    },
  ) {}

  /**
   * Adds a photo to the asker's open thread and starts its check. `publicBase` is where WeChat can download the
   * photo from: this BFF's configured public address (PUBLIC_BASE_URL), never one the request named, or the uploader
   * could have WeChat judge a picture of their choosing (docs/http-hardening.md). Until the verdict only the asker
   * sees the photo.
   */
  async add(
    questionId: string,
    file: UploadedFile,
    user: User,
    publicBase: string,
    actor: Actor,
  ): Promise<QuestionPhoto> {
    const { models } = this.deps
    const q: Question | null = Types.ObjectId.isValid(questionId)
      ? await models.Question.findById(questionId).lean()
      : null
    if (!q || !q.askerId.equals(user._id)) throw notFound('留言')
    if (q.status !== 'open') throw conflict('留言已经答复，不能再加照片', ErrorCode.QuestionClosed)
    if ((await models.QuestionPhoto.countDocuments({ questionId: q._id })) >= QUESTION_PHOTOS_MAX) {
      throw new AppError(409, ErrorCode.Conflict, `每条留言最多${QUESTION_PHOTOS_MAX}张照片`)
    }
    if (file.contentType !== 'image/jpeg' && file.contentType !== 'image/png') {
      throw new AppError(415, ErrorCode.UnsupportedFileType, '请上传 JPG 或 PNG 照片')
    }
    // readUpload has already kept only the picture (docs/privacy.md 'Uploaded files').
    const data = file.data
    const check = this.deps.mediaCheck
    if (!check) throw serviceUnavailable('暂时无法上传照片，请稍后再试')
    const photo: QuestionPhoto = {
      _id: new Types.ObjectId(),
      questionId: q._id,
      villageCode: q.villageCode,
      askerId: user._id,
      contentType: file.contentType,
      data,
      bytes: data.length,
      check: 'checking',
      traceId: null,
      fetchToken: randomBytes(24).toString('base64url'),
      createdAt: this.deps.clock.now(),
      checkedAt: null,
    }
    await models.QuestionPhoto.create(photo)
    const mediaUrl = `${publicBase}/api/v1/question-photos/${photo._id.toHexString()}/media?token=${photo.fetchToken}`
    let traceId: string
    try {
      traceId = await check.checkImage(user.openid, mediaUrl)
    } catch {
      // Nothing kept unchecked: the photo goes with the failed check.
      await models.QuestionPhoto.deleteOne({ _id: photo._id })
      throw serviceUnavailable('暂时无法上传照片，请稍后再试')
    }
    await models.QuestionPhoto.updateOne({ _id: photo._id, traceId: null }, { $set: { traceId } })
    await this.deps.audit.record(actor, {
      action: 'question.photo_added',
      targetType: 'question',
      targetId: questionId,
      regionCode: q.villageCode,
      data: { photoId: photo._id.toHexString() },
    })
    return { ...photo, traceId }
  }

  /** The file WeChat downloads to check it: only with the photo's token, only while the check runs. */
  async mediaForCheck(photoId: string, token: string): Promise<QuestionPhoto> {
    const photo = Types.ObjectId.isValid(photoId)
      ? await this.deps.models.QuestionPhoto.findById(photoId).lean()
      : null
    const a = Buffer.from(token)
    const b = Buffer.from(photo?.fetchToken ?? '')
    if (!photo || photo.check !== 'checking' || a.length !== b.length || !timingSafeEqual(a, b)) {
      throw notFound('照片')
    }
    return withBytes(photo)
  }

  /** WeChat's pushed verdict (matched on trace_id): a risky photo's bytes are deleted. Unknown traces are ignored. */
  async recordVerdict(traceId: string, suggest: 'pass' | 'review' | 'risky'): Promise<boolean> {
    const set =
      suggest === 'risky'
        ? { check: suggest, checkedAt: this.deps.clock.now(), data: Buffer.alloc(0), bytes: 0 }
        : { check: suggest, checkedAt: this.deps.clock.now() }
    const res = await this.deps.models.QuestionPhoto.updateOne({ traceId, check: 'checking' }, { $set: set })
    return res.modifiedCount === 1
  }

  /** The photos of threads a viewer may see, by thread id (no bytes). */
  async forThreads(
    threads: { question: Question; viewer: QuestionViewer }[],
  ): Promise<Map<string, QuestionPhotoInfo[]>> {
    const byId = new Map<string, QuestionPhotoInfo[]>()
    if (threads.length === 0) return byId
    const photos = await this.deps.models.QuestionPhoto.find(
      { questionId: { $in: threads.map((t) => t.question._id) } },
      { data: 0, fetchToken: 0 },
    )
      .sort({ createdAt: 1 })
      .lean()
    for (const t of threads) {
      const shown = VISIBLE[t.viewer.kind]
      byId.set(
        t.question._id.toHexString(),
        photos.filter((p) => p.questionId.equals(t.question._id) && shown.includes(p.check)),
      )
    }
    return byId
  }

  /** One photo's file for a viewer of its thread (the thread's own rules decide who that is). */
  async file(viewer: QuestionViewer, questionId: Types.ObjectId, photoId: string): Promise<QuestionPhoto> {
    const photo = Types.ObjectId.isValid(photoId)
      ? await this.deps.models.QuestionPhoto.findOne({ _id: photoId, questionId }).lean()
      : null
    if (!photo || photo.check === 'risky' || !VISIBLE[viewer.kind].includes(photo.check))
      throw notFound('照片')
    if (viewer.kind === 'public' && photo.check !== 'pass') throw forbidden()
    return withBytes(photo)
  }
}
