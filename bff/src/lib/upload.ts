import busboy from 'busboy'
import type { Context } from 'koa'
import { ErrorCode } from '@cunwu/domain'
import { AppError } from '../errors'

/** A file read from a multipart request, whole in memory (uploads are small: notices, vouchers, spreadsheets). */
export interface UploadedFile {
  filename: string
  /** The type we verified from the file's first bytes, not the one the client claimed. */
  contentType: string
  data: Buffer
}

/** What an upload route accepts. */
export interface UploadPolicy {
  maxBytes: number
  /** Allowed types, checked against the file's magic bytes. */
  types: readonly SniffedType[]
}

/** File types we can recognise by content. */
export type SniffedType =
  | 'image/jpeg'
  | 'image/png'
  | 'application/pdf'
  | 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
  | 'text/csv'

/** Recognises a file's type from its first bytes (and, for CSV, that it is text). */
export function sniffType(data: Buffer, filename: string): SniffedType | null {
  if (data.length >= 3 && data[0] === 0xff && data[1] === 0xd8 && data[2] === 0xff) return 'image/jpeg'
  if (data.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])))
    return 'image/png'
  if (data.subarray(0, 5).toString('latin1') === '%PDF-') return 'application/pdf'
  // xlsx is a zip; the name tells it from other zips (the reader validates the workbook itself).
  if (data.subarray(0, 4).equals(Buffer.from([0x50, 0x4b, 0x03, 0x04])) && /\.xlsx$/i.test(filename)) {
    return 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
  }
  if (/\.csv$/i.test(filename) && !data.subarray(0, 4096).includes(0)) return 'text/csv'
  return null
}

/**
 * Reads the single file field `file` of a multipart request, enforcing size (413) and type (415). A body that
 * stops before the closing boundary is a 400 `upload_incomplete`; every stream error is handled here, because an
 * unhandled `error` event on busboy's streams would end the whole process.
 */
export async function readUpload(ctx: Context, policy: UploadPolicy): Promise<UploadedFile> {
  if (!ctx.request.is('multipart'))
    throw new AppError(415, ErrorCode.UnsupportedMediaType, '请以表单文件方式上传')
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
        limits: { files: 1, fileSize: policy.maxBytes, fields: 10 },
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
      req.off('aborted', onAborted)
      req.off('error', onRequestError)
      if (err || !file) {
        // Stop parsing but keep reading (and discarding) the rest, so the answer can still be sent on this socket.
        req.unpipe(parser)
        req.resume()
        reject(err ?? new AppError(400, ErrorCode.ValidationError, '请选择要上传的文件（字段 file）'))
      } else resolve(file)
    }
    const onAborted = () => finish(incomplete(), null)
    const onRequestError = () => finish(incomplete(), null)
    req.once('aborted', onAborted)
    req.once('error', onRequestError)
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
        const filename = (info.filename ?? '').replace(/[\\/\r\n]/g, '_').slice(0, 120)
        const type = sniffType(data, filename)
        if (!type || !policy.types.includes(type)) {
          failure = new AppError(
            415,
            ErrorCode.UnsupportedFileType,
            `不支持的文件类型，请上传：${policy.types.map(typeLabel).join('、')}`,
          )
          return
        }
        result = { filename: filename || 'file', contentType: type, data }
      })
    })
    parser.on('error', (err: unknown) => {
      const truncated = err instanceof Error && /^Unexpected end of/.test(err.message)
      finish(truncated ? incomplete() : malformed(), null)
    })
    parser.on('close', () => finish(failure, result))
    req.pipe(parser)
  })
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
