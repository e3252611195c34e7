import {
  CorrectionDtoSchema,
  CorrectionListDtoSchema,
  MyDataDtoSchema,
  PrivacyPolicyDtoSchema,
  PrivacyStatusDtoSchema,
  type CorrectionCreateReq,
  type CorrectionDto,
  type MyDataDto,
  type PrivacyPolicyDto,
  type PrivacyStatusDto,
} from '@cunwu/domain'
import Taro from '@tarojs/taro'
import { idempotencyHeaders } from '@/services/idempotency'
import { ApiError, apiUrl, currentAuthToken, networkFailure, request } from '@/services/request'
import { todayInChina } from '@/utils/period'
import { isH5 } from '@/utils/platform'

export { getPrivacyStatus } from './privacy-status'

/** Loads the current privacy policy (no sign-in needed). */
export function getPrivacyPolicy(): Promise<PrivacyPolicyDto> {
  return request('/api/v1/privacy-policy', { schema: PrivacyPolicyDtoSchema, auth: false })
}

/** Records that the person accepted this policy version. */
export function acceptPrivacyPolicy(version: string): Promise<PrivacyStatusDto> {
  return request('/api/v1/me/privacy-consents', {
    method: 'POST',
    body: { version },
    schema: PrivacyStatusDtoSchema,
  })
}

/** Everything the product holds about the signed-in person. */
export function getMyData(): Promise<MyDataDto> {
  return request('/api/v1/me/data', { schema: MyDataDtoSchema })
}

/**
 * Asks the village to correct or delete something it holds about the person. `idempotencyKey`: the form's key
 * (services/idempotency.ts), so a retry after a lost answer files nothing twice.
 */
export function requestCorrection(req: CorrectionCreateReq, idempotencyKey?: string): Promise<CorrectionDto> {
  return request('/api/v1/me/data/corrections', {
    method: 'POST',
    body: req,
    headers: idempotencyHeaders(idempotencyKey),
    schema: CorrectionDtoSchema,
  })
}

/** A village's correction requests, for its secretary. */
export async function listCorrections(villageCode: string): Promise<CorrectionDto[]> {
  const res = await request(`/api/v1/villages/${encodeURIComponent(villageCode)}/corrections`, {
    schema: CorrectionListDtoSchema,
  })
  return res.corrections
}

/** Name of the saved file, dated by the day in China it is saved (not the UTC day). */
export function myDataFileName(now: Date | number = Date.now()): string {
  return `我的信息-${todayInChina(now)}.json`
}

/**
 * Saves the person's data as a JSON file (`GET /api/v1/me/data?download=1`, which needs the Bearer token): H5
 * through a temporary link; WeChat downloads it and offers to send it to a chat, where it can be kept.
 */
export async function downloadMyData(): Promise<void> {
  const url = apiUrl('/api/v1/me/data', { download: '1' })
  const token = await currentAuthToken()
  const header: Record<string, string> = token ? { Authorization: `Bearer ${token}` } : {}
  const fileName = myDataFileName()
  if (isH5()) {
    let res: Response
    try {
      res = await fetch(url, { headers: header })
    } catch (err) {
      throw networkFailure(err)
    }
    if (!res.ok) throw new ApiError(res.status, 'download_failed', '下载没有成功，请稍后再试')
    const link = document.createElement('a')
    link.href = URL.createObjectURL(await res.blob())
    link.download = fileName
    document.body.appendChild(link)
    link.click()
    link.remove()
    setTimeout(() => URL.revokeObjectURL(link.href), 60_000)
    return
  }
  const { statusCode, tempFilePath } = await Taro.downloadFile({ url, header })
  if (statusCode !== 200) throw new ApiError(statusCode, 'download_failed', '下载没有成功，请稍后再试')
  await Taro.shareFileMessage({ filePath: tempFilePath, fileName })
}

/** Marks a correction request handled (the village's secretary). */
export function resolveCorrection(id: string): Promise<CorrectionDto> {
  return request(`/api/v1/corrections/${encodeURIComponent(id)}/done`, {
    method: 'POST',
    schema: CorrectionDtoSchema,
  })
}
