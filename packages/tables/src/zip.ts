import { Readable, Transform } from 'node:stream'
import type { TransformCallback } from 'node:stream'
import zlib from 'node:zlib'

/**
 * The ZIP container of an .xlsx, read from its central directory (PKWARE APPNOTE.TXT, sections 4.3.12 central
 * directory header, 4.3.16 end of central directory record, 4.5.3 ZIP64 extra field; see docs/spreadsheet-imports.md).
 * The directory declares every part's uncompressed size, so a workbook that would inflate past a limit is refused
 * before anything is inflated; while a part is inflated its actual bytes are counted, since declared sizes can lie.
 */

/** One part of the archive as its central directory declares it. */
export interface ZipEntry {
  /** Path inside the archive, e.g. xl/worksheets/sheet1.xml. */
  name: string
  /** 0 stored, 8 deflated. */
  method: number
  /** General purpose flags; bit 0 means encrypted. */
  flags: number
  compressedSize: number
  /** Declared uncompressed size. */
  size: number
  /** Offset of the local file header. */
  localOffset: number
}

/** Why an archive is refused: not a readable ZIP, or one that would inflate past the limit. */
export class ZipLimitError extends Error {
  constructor(
    readonly reason: 'damaged' | 'encrypted' | 'too_large',
    message: string,
  ) {
    super(message)
    this.name = 'ZipLimitError'
  }
}

const EOCD_SIGNATURE = 0x06054b50
const CENTRAL_SIGNATURE = 0x02014b50
const LOCAL_SIGNATURE = 0x04034b50
const EOCD_MIN = 22
const MAX_COMMENT = 0xffff
const ZIP64_EXTRA = 0x0001
const UINT32_MAX = 0xffffffff
/** More parts than any workbook has; a directory listing more is refused before it is walked. */
const MAX_ENTRIES = 10_000

function damaged(why: string): ZipLimitError {
  return new ZipLimitError('damaged', why)
}

function findEndOfDirectory(buf: Buffer): number {
  const stop = Math.max(0, buf.length - EOCD_MIN - MAX_COMMENT)
  for (let at = buf.length - EOCD_MIN; at >= stop; at -= 1) {
    if (buf.readUInt32LE(at) === EOCD_SIGNATURE) return at
  }
  throw damaged('no end of central directory')
}

/** Reads the ZIP64 extra field's 64-bit sizes and offset where the 32-bit fields say 0xFFFFFFFF. */
function applyZip64(entry: ZipEntry, extra: Buffer): void {
  for (let at = 0; at + 4 <= extra.length;) {
    const id = extra.readUInt16LE(at)
    const length = extra.readUInt16LE(at + 2)
    if (id === ZIP64_EXTRA) {
      let p = at + 4
      const next = (): number => {
        if (p + 8 > at + 4 + length) throw damaged('short ZIP64 field')
        const value = Number(extra.readBigUInt64LE(p))
        p += 8
        return value
      }
      if (entry.size === UINT32_MAX) entry.size = next()
      if (entry.compressedSize === UINT32_MAX) entry.compressedSize = next()
      if (entry.localOffset === UINT32_MAX) entry.localOffset = next()
      return
    }
    at += 4 + length
  }
}

/** Lists the parts of a ZIP archive from its central directory, without inflating anything. */
export function readZipDirectory(buf: Buffer): ZipEntry[] {
  if (buf.length < EOCD_MIN) throw damaged('too short')
  const eocd = findEndOfDirectory(buf)
  const count = buf.readUInt16LE(eocd + 10)
  const size = buf.readUInt32LE(eocd + 12)
  const offset = buf.readUInt32LE(eocd + 16)
  // A ZIP64 archive of a workbook small enough to upload is not something Excel or WPS writes.
  if (count === 0xffff || offset === UINT32_MAX) throw damaged('ZIP64 directory')
  if (count > MAX_ENTRIES) throw damaged('too many parts')
  if (offset + size > eocd) throw damaged('directory out of range')
  const entries: ZipEntry[] = []
  let at = offset
  for (let i = 0; i < count; i += 1) {
    if (at + 46 > eocd || buf.readUInt32LE(at) !== CENTRAL_SIGNATURE) throw damaged('bad directory entry')
    const nameLength = buf.readUInt16LE(at + 28)
    const extraLength = buf.readUInt16LE(at + 30)
    const commentLength = buf.readUInt16LE(at + 32)
    const entry: ZipEntry = {
      flags: buf.readUInt16LE(at + 8),
      method: buf.readUInt16LE(at + 10),
      compressedSize: buf.readUInt32LE(at + 20),
      size: buf.readUInt32LE(at + 24),
      localOffset: buf.readUInt32LE(at + 42),
      name: buf.toString('utf8', at + 46, at + 46 + nameLength),
    }
    applyZip64(entry, buf.subarray(at + 46 + nameLength, at + 46 + nameLength + extraLength))
    entries.push(entry)
    at += 46 + nameLength + extraLength + commentLength
  }
  return entries
}

/** Shared count of inflated bytes over a whole archive, with its limit. */
export interface InflateBudget {
  /** Bytes inflated so far. */
  used: number
  /** Most bytes the archive may inflate to. */
  limit: number
}

/** Refuses an archive whose parts declare more uncompressed bytes than the budget, before inflating any. */
export function checkDeclaredSizes(entries: readonly ZipEntry[], budget: InflateBudget): void {
  const declared = entries.reduce((sum, e) => sum + e.size, 0)
  if (declared > budget.limit) throw new ZipLimitError('too_large', `declares ${declared} bytes`)
  if (entries.some((e) => (e.flags & 1) === 1)) throw new ZipLimitError('encrypted', 'encrypted part')
}

/** Passes bytes through, failing once a part exceeds its declared size or the archive its budget. */
class CountingStream extends Transform {
  private seen = 0

  constructor(
    private readonly declared: number,
    private readonly budget: InflateBudget,
  ) {
    super()
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    this.seen += chunk.length
    this.budget.used += chunk.length
    if (this.seen > this.declared) {
      done(new ZipLimitError('too_large', 'part inflates past its declared size'))
      return
    }
    if (this.budget.used > this.budget.limit) {
      done(new ZipLimitError('too_large', 'archive inflates past the limit'))
      return
    }
    done(null, chunk)
  }
}

/**
 * Streams one part's inflated bytes, counted against its declared size and the archive's budget. Errors (damaged
 * data, a limit passed) are emitted on the returned stream.
 */
export function openZipEntry(buf: Buffer, entry: ZipEntry, budget: InflateBudget): Transform {
  const at = entry.localOffset
  if (at + 30 > buf.length || buf.readUInt32LE(at) !== LOCAL_SIGNATURE) throw damaged('bad local header')
  const start = at + 30 + buf.readUInt16LE(at + 26) + buf.readUInt16LE(at + 28)
  const end = start + entry.compressedSize
  if (end > buf.length) throw damaged('part out of range')
  if (entry.method !== 0 && entry.method !== 8) throw damaged(`compression method ${entry.method}`)
  const counter = new CountingStream(entry.size, budget)
  // Small slices so a highly compressed part is inflated (and counted) a little at a time.
  const source = Readable.from(sliceChunks(buf.subarray(start, end), 16 * 1024), { objectMode: false })
  const forward = (err: Error): void => {
    counter.destroy(err instanceof ZipLimitError ? err : damaged(err.message))
  }
  source.on('error', forward)
  if (entry.method === 0) return source.pipe(counter)
  const inflate = zlib.createInflateRaw({ chunkSize: 64 * 1024 })
  inflate.on('error', forward)
  counter.on('error', () => {
    inflate.destroy()
    source.destroy()
  })
  return source.pipe(inflate).pipe(counter)
}

function* sliceChunks(data: Buffer, size: number): Generator<Buffer> {
  for (let at = 0; at < data.length; at += size) yield data.subarray(at, at + size)
}
