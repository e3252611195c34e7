import busboy from 'busboy'
import type { Context } from 'koa'
import { ErrorCode } from '@cunwu/domain'
import { AppError, requestTimeout } from '../errors'
import { utf16WithoutBom } from '@cunwu/tables'
import { stripImageMetadata } from './image-metadata'
import { checkPdf } from './pdf-check'

/** A file read from a multipart request, whole in memory (uploads are small: notices, vouchers, spreadsheets). */
export interface UploadedFile {
  /** At most 120 characters, its extension kept (shortenFilename). */
  filename: string
  /** The type we verified from the file's bytes, not the one the client claimed. */
  contentType: string
  /** What is stored: an image only its picture, without metadata; a PDF checked (checkedContent). */
  data: Buffer
}

/** What an upload route accepts. */
export interface UploadPolicy {
  maxBytes: number
  /** Allowed types, checked against the file's magic bytes. */
  types: readonly SniffedType[]
}

/**
 * The slowest an upload may arrive (UPLOAD_MIN_BYTES_PER_SECOND over each UPLOAD_RATE_WINDOW_MS), set on the app's
 * context by createApp. Without it (an app built without one) only the server's request timeout applies.
 */
export interface UploadPace {
  minBytesPerSecond: number
  windowMs: number
}

declare module 'koa' {
  interface DefaultContext {
    uploadPace?: UploadPace
  }
}

/** File types we can recognise by content. */
export type SniffedType =
  | 'image/jpeg'
  | 'image/png'
  | 'application/pdf'
  | 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
  | 'text/csv'

const OLE_MAGIC = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])

/**
 * Whether the bytes are UTF-16 text: a byte order mark and no NUL code unit in the first 4 KB, or without a mark the
 * NUL pattern of UTF-16 (utf16WithoutBom, which the reader decodes by as well).
 */
function isUtf16Text(data: Buffer): boolean {
  const le = data[0] === 0xff && data[1] === 0xfe
  const be = data[0] === 0xfe && data[1] === 0xff
  if (!le && !be) return utf16WithoutBom(data) !== null
  const head = data.subarray(2, 4098)
  for (let i = 0; i + 1 < head.length; i += 2) if (head[i] === 0 && head[i + 1] === 0) return false
  return true
}

/**
 * Recognises a file's type from its first bytes (and, for CSV, that it is text). Two kinds of spreadsheet are let
 * through for the table reader (@cunwu/tables readTableFile) to explain, because it answers them better than a
 * bare 415: an OLE compound file named .xlsx, .xls or .et (a password-protected workbook, an old .xls renamed, or
 * one not renamed; the reader says what to do, 另存为 .xlsx), and a .csv in UTF-16 with a byte order mark (Excel's
 * 「Unicode 文本」) or without one (told by its NUL bytes), which it reads.
 */
export function sniffType(data: Buffer, filename: string): SniffedType | null {
  if (data.length >= 3 && data[0] === 0xff && data[1] === 0xd8 && data[2] === 0xff) return 'image/jpeg'
  if (data.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])))
    return 'image/png'
  if (data.subarray(0, 5).toString('latin1') === '%PDF-') return 'application/pdf'
  // xlsx is a zip; the name tells it from other zips (the reader validates the workbook itself).
  const zip = data.subarray(0, 4).equals(Buffer.from([0x50, 0x4b, 0x03, 0x04]))
  const ole = data.subarray(0, 8).equals(OLE_MAGIC)
  if ((zip && /\.xlsx$/i.test(filename)) || (ole && /\.(xlsx|xls|et)$/i.test(filename))) {
    return 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
  }
  if (/\.csv$/i.test(filename) && (isUtf16Text(data) || !data.subarray(0, 4096).includes(0)))
    return 'text/csv'
  return null
}

/**
 * Reads the single file field `file` of a multipart request, enforcing size (413) and type (415); a second file is
 * 400 and a compressed body (`Content-Encoding`) 415. A body that
 * stops before the closing boundary is a 400 `upload_incomplete`; every stream error is handled here, because an
 * unhandled `error` event on busboy's streams would end the whole process.
 */
export async function readUpload(ctx: Context, policy: UploadPolicy): Promise<UploadedFile> {
  if (!ctx.request.is('multipart'))
    throw new AppError(415, ErrorCode.UnsupportedMediaType, '请以表单文件方式上传')
  // busboy reads the bytes as sent: a compressed form would look cut off (上传不完整), which no retry mends.
  const coding = ctx.get('content-encoding').trim().toLowerCase()
  if (coding !== '' && coding !== 'identity')
    throw new AppError(415, ErrorCode.UnsupportedMediaType, '上传文件时请不要压缩，请直接上传文件')
  const declared = Number(ctx.get('content-length') || 0)
  if (declared > policy.maxBytes + 64 * 1024) throw tooLarge(policy.maxBytes)
  const req = ctx.req
  return new Promise<UploadedFile>((resolve, reject) => {
    let parser: busboy.Busboy
    try {
      // Browsers send file names in UTF-8; busboy's default would read them as latin1.
      parser = busboy({
        headers: req.headers,
        defParamCharset: 'utf8',
        // One byte over the limit: busboy reports `limit` on reaching it, and a file of exactly maxBytes is allowed.
        limits: { files: 1, fileSize: policy.maxBytes + 1, fields: 10 },
      })
    } catch {
      reject(malformed())
      return
    }
    let settled = false
    let result: UploadedFile | null = null
    let failure: AppError | null = null
    const finish = (err: AppError | null, file: UploadedFile | null) => {
      if (settled) return
      settled = true
      stopPace()
      req.off('aborted', onAborted)
      req.off('error', onRequestError)
      if (err || !file) {
        // Stop parsing but keep reading (and discarding) the rest, so the answer can still be sent on this socket.
        req.unpipe(parser)
        req.resume()
        reject(err ?? new AppError(400, ErrorCode.ValidationError, '请选择要上传的文件'))
      } else resolve(file)
    }
    const onAborted = () => finish(incomplete(), null)
    const onRequestError = () => finish(incomplete(), null)
    req.once('aborted', onAborted)
    req.once('error', onRequestError)
    const stopPace = watchPace(ctx, () => finish(requestTimeout(), null))
    parser.on('file', (field, stream, info) => {
      // A truncated body destroys the part's stream with an error: handled on every part, kept or not.
      stream.on('error', () => finish(incomplete(), null))
      if (field !== 'file') {
        stream.resume()
        return
      }
      const chunks: Buffer[] = []
      stream.on('data', (c: Buffer) => chunks.push(c))
      stream.on('limit', () => {
        failure = tooLarge(policy.maxBytes)
      })
      stream.on('end', () => {
        if (failure) return
        const data = Buffer.concat(chunks)
        const filename = shortenFilename((info.filename ?? '').replace(/[\\/\r\n]/g, '_'))
        const type = sniffType(data, filename)
        if (!type || !policy.types.includes(type)) {
          failure = new AppError(
            415,
            ErrorCode.UnsupportedFileType,
            `不支持的文件类型，请上传：${policy.types.map(typeLabel).join('、')}`,
          )
          return
        }
        const content = checkedContent(data, type)
        if (content instanceof AppError) failure = content
        else result = { filename: filename || 'file', contentType: type, data: content }
      })
    })
    // A second file (busboy's `files` limit): refused rather than dropped, so no one thinks both were uploaded.
    parser.on('filesLimit', () => {
      failure ??= new AppError(400, ErrorCode.ValidationError, '一次只能上传一个文件，请分开上传')
    })
    parser.on('error', (err: unknown) => {
      const truncated = err instanceof Error && /^Unexpected end of/.test(err.message)
      finish(truncated ? incomplete() : malformed(), null)
    })
    parser.on('close', () => finish(failure, result))
    req.pipe(parser)
  })
}

/**
 * Counts the body's bytes per window (`ctx.uploadPace`) and calls `tooSlow` when a window brings fewer than the
 * minimum, the first window being the grace period (docs/http-hardening.md, "Slow clients"): a client trickling an
 * upload then gets 408 and its connection is closed once the answer is sent, instead of holding an upload slot until
 * the server's request timeout. Returns the function that stops watching.
 */
function watchPace(ctx: Context, tooSlow: () => void): () => void {
  const pace = ctx.uploadPace
  if (!pace || pace.minBytesPerSecond <= 0) return () => undefined
  const req = ctx.req
  const needed = (pace.minBytesPerSecond * pace.windowMs) / 1000
  let received = 0
  const count = (chunk: Buffer) => {
    received += chunk.length
  }
  const timer = setInterval(() => {
    if (received >= needed) {
      received = 0
      return
    }
    stop()
    const socket = req.socket
    ctx.res.once('finish', () => socket.destroy())
    tooSlow()
  }, pace.windowMs)
  const stop = () => {
    clearInterval(timer)
    req.off('data', count)
  }
  req.on('data', count)
  return stop
}

/**
 * The one check of what an uploaded file holds (docs/privacy.md 'Uploaded files'). Every route that takes a file
 * reads it through readUpload, so nothing is stored, and nothing served to others, as it came: an image keeps only
 * its picture (stripImageMetadata: no EXIF GPS or camera, no XMP or comments, nothing after the image), and a PDF
 * must read as one and run nothing (checkPdf). Spreadsheets are checked by their own reader.
 */
function checkedContent(data: Buffer, type: SniffedType): Buffer | AppError {
  if (type === 'image/jpeg' || type === 'image/png') {
    return (
      stripImageMetadata(data, type) ??
      new AppError(415, ErrorCode.UnsupportedFileType, '图片文件已损坏或不完整，请换一张')
    )
  }
  if (type === 'application/pdf') {
    const verdict = checkPdf(data)
    if (verdict === 'broken')
      return new AppError(415, ErrorCode.UnsupportedFileType, 'PDF 文件已损坏或不完整，请重新导出后再上传')
    if (verdict === 'active') {
      return new AppError(
        415,
        ErrorCode.UnsupportedFileType,
        '这个 PDF 里有会自动运行的脚本、动作或夹带的文件，不能上传；请用“打印”另存为 PDF 后再上传',
      )
    }
  }
  return data
}

/** Longest file name kept, in characters (code points). */
const MAX_FILENAME = 120
/** Longest ending kept whole as an extension when a name is cut (`.jpeg`, `.xlsx`). */
const MAX_EXTENSION = 10

/**
 * A file name cut to at most 120 characters: the extension is kept, and the cut falls between characters as a
 * person sees them (an emoji or a character with its accents is never split into a broken one).
 */
export function shortenFilename(name: string): string {
  if ([...name].length <= MAX_FILENAME) return name
  const dot = name.lastIndexOf('.')
  const extension = dot > 0 && [...name.slice(dot)].length <= MAX_EXTENSION ? name.slice(dot) : ''
  const room = MAX_FILENAME - [...extension].length
  let kept = ''
  let used = 0
  for (const { segment } of new Intl.Segmenter('zh', { granularity: 'grapheme' }).segment(
    name.slice(0, name.length - extension.length),
  )) {
    const size = [...segment].length
    if (used + size > room) break
    kept += segment
    used += size
  }
  return kept + extension
}

function malformed(): AppError {
  return new AppError(400, ErrorCode.ValidationError, '上传格式不正确')
}

function incomplete(): AppError {
  return new AppError(400, ErrorCode.UploadIncomplete, '文件没有传完整，请重新上传')
}

function tooLarge(maxBytes: number): AppError {
  return new AppError(
    413,
    ErrorCode.FileTooLarge,
    `文件过大（上限 ${Math.round(maxBytes / 1024 / 1024)} MB）`,
  )
}

function typeLabel(t: SniffedType): string {
  return {
    'image/jpeg': 'JPG 图片',
    'image/png': 'PNG 图片',
    'application/pdf': 'PDF',
    'text/csv': 'CSV',
    'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'Excel（.xlsx）',
  }[t]
}
