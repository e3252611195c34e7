import Taro from '@tarojs/taro'
import { ErrorCode } from '@cunwu/domain'
import {
  ApiError,
  isTimeout,
  apiUrl,
  currentAuthToken,
  networkFailure,
  readAnswer,
  whenSchemasReady,
  type RequestOptions,
  type ResponseSchema,
} from '@/services/request'
import { isH5 } from '@/utils/platform'
import { callPrivacyApi } from '@/services/privacy-authorization'

/** A file the user picked, on either platform. */
export interface PickedFile {
  name: string
  /** Bytes. */
  size: number
  /** weapp: the temporary path `Taro.uploadFile` reads. */
  path?: string
  /** H5: the browser's File, sent with fetch + FormData. */
  blob?: Blob
}

/** Options of {@link uploadFile}. */
export interface UploadOptions<T> {
  query?: RequestOptions<T>['query']
  schema: ResponseSchema<T>
  /** Multipart field name. @default 'file' */
  fieldName?: string
}

/**
 * How long an upload may take: time for the connection and the server's check of the file, plus the file's bytes at
 * the slowest network it must still work on. One bar of signal is about 400 kbit/s (50 KB/s); 40 KB/s leaves room
 * for its latency and the form's overhead, so a 10 MB attachment (docs/api.md, "Uploads") is given 4 min 46 s. Never
 * more than the BFF gives a request to arrive whole (`REQUEST_TIMEOUT_MS`, 300 s; docs/http-hardening.md), after
 * which it answers 408 anyway.
 */
const UPLOAD_BASE_MS = 30_000
const SLOWEST_BYTES_PER_SECOND = 40 * 1024
const UPLOAD_MIN_MS = 60_000
const UPLOAD_MAX_MS = 300_000

/** The timeout of an upload of `size` bytes (see above). */
export function uploadTimeoutMs(size: number): number {
  const needed = UPLOAD_BASE_MS + Math.ceil((Math.max(0, size) / SLOWEST_BYTES_PER_SECOND) * 1000)
  return Math.min(UPLOAD_MAX_MS, Math.max(UPLOAD_MIN_MS, needed))
}

const MSG_NO_FILE = '没有读到这个文件，请重新选择'
/** An upload that did not arrive in time: trying again the same way would fail again, so say what would help. */
export const MSG_UPLOAD_TOO_SLOW = '文件太大或网络太慢，没有传完。可以换小一点的文件，或到信号好的地方再传'

/** The raw HTTP answer of an upload, whichever way it was sent. */
interface RawAnswer {
  status: number
  body: unknown
}

// The one place where the platforms differ: WeChat only uploads files by temp path through wx.uploadFile,
// the browser sends the File it holds with fetch + FormData (Taro's H5 uploadFile wants a blob: URL instead).
async function send(
  url: string,
  file: PickedFile,
  fieldName: string,
  token: string | null,
): Promise<RawAnswer> {
  const header: Record<string, string> = { Accept: 'application/json' }
  if (token) header.Authorization = `Bearer ${token}`
  if (isH5()) {
    if (!file.blob) throw new ApiError(0, 'file_missing', MSG_NO_FILE)
    const form = new FormData()
    form.append(fieldName, file.blob, file.name)
    const controller = new AbortController()
    const timer = setTimeout(() => controller.abort(), uploadTimeoutMs(file.size))
    try {
      const res = await fetch(url, { method: 'POST', headers: header, body: form, signal: controller.signal })
      return { status: res.status, body: await res.text() }
    } finally {
      clearTimeout(timer)
    }
  }
  if (!file.path) throw new ApiError(0, 'file_missing', MSG_NO_FILE)
  const res = await Taro.uploadFile({
    url,
    filePath: file.path,
    name: fieldName,
    header,
    timeout: uploadTimeoutMs(file.size),
  })
  return { status: res.statusCode, body: res.data }
}

/**
 * Uploads one file as multipart `file` to a BFF path (weapp: Taro.uploadFile; H5: fetch + FormData) and answers
 * the validated body; failures are thrown as ApiError like every other request.
 */
export async function uploadFile<T>(path: string, file: PickedFile, options: UploadOptions<T>): Promise<T> {
  const token = await currentAuthToken()
  let answer: RawAnswer
  try {
    answer = await send(apiUrl(path, options.query), file, options.fieldName ?? 'file', token)
  } catch (err) {
    if (err instanceof ApiError) throw err
    // Trying again the same way would time out again: say what would help.
    if (isTimeout(err)) throw new ApiError(0, ErrorCode.NetworkError, MSG_UPLOAD_TOO_SLOW)
    throw networkFailure(err)
  }
  const ready = whenSchemasReady()
  if (ready) await ready
  // The BFF's own timeout (408 request_timeout: the body did not arrive in its time) is the same story.
  if (answer.status === 408) throw new ApiError(408, ErrorCode.RequestTimeout, MSG_UPLOAD_TOO_SLOW)
  return readAnswer(answer.status, answer.body, options.schema)
}

/** Which files the picker offers. */
export interface ChooseOptions {
  /** Extensions without the dot, e.g. ['xlsx', 'csv']. */
  extensions: string[]
  /** What the file is for, shown on WeChat's privacy consent sheet (为了{purpose}，…), e.g. 选择记账凭证. */
  purpose: string
}

function chooseInBrowser(extensions: string[]): Promise<PickedFile | null> {
  return new Promise((resolve) => {
    const input = document.createElement('input')
    input.type = 'file'
    input.accept = extensions.map((e) => `.${e}`).join(',')
    input.className = 'cw-file-input'
    // Attached (hidden) because mobile Safari only fires change on inputs that are in the document.
    input.style.display = 'none'
    document.body.appendChild(input)
    const done = (file: PickedFile | null) => {
      input.remove()
      resolve(file)
    }
    input.addEventListener('change', () => {
      const picked = input.files?.[0]
      done(picked ? { name: picked.name, size: picked.size, blob: picked } : null)
    })
    input.addEventListener('cancel', () => done(null))
    input.click()
  })
}

/** Lets the user pick one file: a chat file in WeChat (chooseMessageFile), a file input in H5; null if cancelled. */
export async function chooseFile(options: ChooseOptions): Promise<PickedFile | null> {
  if (isH5()) return chooseInBrowser(options.extensions)
  try {
    const res = await callPrivacyApi(options.purpose, () =>
      Taro.chooseMessageFile({ count: 1, type: 'file', extension: options.extensions }),
    )
    const file = res.tempFiles[0]
    return file ? { name: file.name, size: file.size, path: file.path } : null
  } catch {
    // The user closed the picker.
    return null
  }
}
