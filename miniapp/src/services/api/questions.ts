import Taro from '@tarojs/taro'
import {
  QuestionDtoSchema,
  QuestionPhotoDtoSchema,
  QuestionListDtoSchema,
  RegionQuestionsDtoSchema,
  type QuestionCorrectionReq,
  type QuestionCreateReq,
  type QuestionDto,
  type QuestionPhotoDto,
  type QuestionPublishReq,
  type QuestionUnpublishReq,
  type QuestionReplyReq,
  type RegionQuestionsDto,
} from '@cunwu/domain'
import { z } from 'zod'
import { ApiError, apiUrl, currentAuthToken, request } from '@/services/request'
import { callPrivacyApi } from '@/services/privacy-authorization'
import { chooseFile, uploadFile, type PickedFile } from '@/services/upload'
import { idempotencyHeaders } from '@/services/idempotency'
import { isH5 } from '@/utils/platform'

const enc = encodeURIComponent

/**
 * Asks a question or raises an objection on a published disclosure (optionally about one row of its table).
 * `idempotencyKey`: the form's key (services/idempotency.ts), so a retry after a lost answer files nothing twice.
 */
export function askQuestion(
  disclosureId: string,
  req: QuestionCreateReq,
  idempotencyKey?: string,
): Promise<QuestionDto> {
  return request(`/api/v1/disclosures/${enc(disclosureId)}/questions`, {
    method: 'POST',
    body: req,
    headers: idempotencyHeaders(idempotencyKey),
    schema: QuestionDtoSchema,
  })
}

/** The signed-in person's own threads, newest first. */
export async function listMyQuestions(): Promise<QuestionDto[]> {
  return (await request('/api/v1/me/questions', { schema: QuestionListDtoSchema })).questions
}

/** One thread (the asker's, a staff member's of its village, or a public one). */
export function getQuestion(id: string): Promise<QuestionDto> {
  return request(`/api/v1/questions/${enc(id)}`, { schema: QuestionDtoSchema })
}

/** Open threads of a region, overdue first, with the median answer time per village. */
export function getRegionQuestions(regionCode: string): Promise<RegionQuestionsDto> {
  return request(`/api/v1/regions/${enc(regionCode)}/questions`, { schema: RegionQuestionsDtoSchema })
}

/** Answers a thread, or decides an objection is not upheld (the text is then the reason). */
export function replyQuestion(id: string, req: QuestionReplyReq): Promise<QuestionDto> {
  return request(`/api/v1/questions/${enc(id)}/reply`, {
    method: 'POST',
    body: req,
    schema: QuestionDtoSchema,
  })
}

const CorrectionStartedSchema = z.object({
  question: QuestionDtoSchema,
  disclosureId: z.string(),
  version: z.number(),
})

/** Upholds an objection by starting the corrected version it names (publishing that version closes the thread). */
export function startCorrection(
  id: string,
  req: QuestionCorrectionReq,
): Promise<z.infer<typeof CorrectionStartedSchema>> {
  return request(`/api/v1/questions/${enc(id)}/correction`, {
    method: 'POST',
    body: req,
    schema: CorrectionStartedSchema,
  })
}

/**
 * Shows an answered thread and its answer publicly on the item (the asker agreed), in the secretary's public wording
 * where given (the typed texts may name a child: the BFF then answers 422 `minor_details`).
 */
export function publishQuestion(
  id: string,
  wording: Pick<QuestionPublishReq, 'publicText' | 'publicReply'> = {},
): Promise<QuestionDto> {
  const body: QuestionPublishReq = { askerConsented: true, ...wording }
  return request(`/api/v1/questions/${enc(id)}/publish`, {
    method: 'POST',
    body,
    schema: QuestionDtoSchema,
  })
}

/** Withdraws a public Q&A (撤回公开) with a reason: the public no longer sees it; the asker and staff still do. */
export function unpublishQuestion(id: string, req: QuestionUnpublishReq): Promise<QuestionDto> {
  return request(`/api/v1/questions/${enc(id)}/unpublish`, {
    method: 'POST',
    body: req,
    schema: QuestionDtoSchema,
  })
}

/** Threads of a disclosure the reader may see: public Q&A, and their own (staff: all). */
export async function listDisclosureQuestions(disclosureId: string): Promise<QuestionDto[]> {
  return (
    await request(`/api/v1/disclosures/${enc(disclosureId)}/questions`, { schema: QuestionListDtoSchema })
  ).questions
}

/** What a question's photo is for, on WeChat's privacy consent sheet. */
const PHOTO_PURPOSE = '给留言添加照片（从相册选择或拍摄）'

/** Lets the villager pick one photo: the album or the camera in WeChat, a file input in H5; null if cancelled. */
export async function choosePhoto(): Promise<PickedFile | null> {
  if (isH5()) return chooseFile({ extensions: ['jpg', 'jpeg', 'png'], purpose: PHOTO_PURPOSE })
  try {
    const res = await callPrivacyApi(PHOTO_PURPOSE, () =>
      Taro.chooseMedia({
        count: 1,
        mediaType: ['image'],
        sizeType: ['compressed'],
        sourceType: ['album', 'camera'],
      }),
    )
    const picked = res.tempFiles[0]
    if (!picked) return null
    return {
      name: picked.tempFilePath.split('/').pop() ?? 'photo.jpg',
      size: picked.size,
      path: picked.tempFilePath,
    }
  } catch {
    // Cancelled (or refused): nothing picked.
    return null
  }
}

/** Adds a photo to the asker's open thread; it shows beyond the asker once WeChat's image check passed it. */
export function addQuestionPhoto(questionId: string, file: PickedFile): Promise<QuestionPhotoDto> {
  return uploadFile(`/api/v1/questions/${enc(questionId)}/photos`, file, { schema: QuestionPhotoDtoSchema })
}

/** Opens a thread's photo in the image viewer; the file is fetched with the sign-in (threads are not public). */
export async function openQuestionPhoto(photo: QuestionPhotoDto): Promise<void> {
  const url = apiUrl(photo.url)
  const token = await currentAuthToken()
  const header: Record<string, string> = token ? { Authorization: `Bearer ${token}` } : {}
  if (isH5()) {
    const res = await fetch(url, { headers: header })
    if (!res.ok) throw new ApiError(res.status, 'download_failed', '照片打不开，请稍后再试')
    const local = URL.createObjectURL(await res.blob())
    await Taro.previewImage({ urls: [local], current: local })
    return
  }
  const { tempFilePath, statusCode } = await Taro.downloadFile({ url, header })
  if (statusCode !== 200) throw new ApiError(statusCode, 'download_failed', '照片打不开，请稍后再试')
  await Taro.previewImage({ urls: [tempFilePath], current: tempFilePath })
}
