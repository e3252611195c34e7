import Taro from '@tarojs/taro'
import { ApiError, currentAuthToken, networkFailure } from '@/services/request'
import { isH5 } from '@/utils/platform'

/** What a failed download reports (the error code and the message a person reads). */
export interface DownloadFailure {
  code: string
  message: string
}

/**
 * Downloads a file that needs the signed-in user's token: H5 saves it through a temporary link; WeChat downloads it
 * and opens it in its document viewer (from there it can be forwarded or printed).
 */
export async function downloadWithAuth(
  url: string,
  fileName: string,
  fileType: 'pdf' | 'xlsx',
  failure: DownloadFailure,
): Promise<void> {
  const token = await currentAuthToken()
  const header: Record<string, string> = token ? { Authorization: `Bearer ${token}` } : {}
  if (isH5()) {
    let res: Response
    try {
      res = await fetch(url, { headers: header })
    } catch (err) {
      throw networkFailure(err)
    }
    if (!res.ok) throw new ApiError(res.status, failure.code, failure.message)
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
  if (statusCode !== 200) throw new ApiError(statusCode, failure.code, failure.message)
  await Taro.openDocument({ filePath: tempFilePath, fileType, showMenu: true })
}
