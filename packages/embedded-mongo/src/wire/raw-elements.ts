/**
 * Byte-level access to elements of BSON documents the wire delivered, so inserts can store the bytes
 * the client sent instead of decoding and re-encoding them. Callers pass documents that already
 * decoded without error (bson's deserializer validated them).
 */
import { bsonValueSize } from './raw-project'

const ID = Buffer.from('_id')

/** Position just past the element name (a cstring) starting at `pos`. */
function nameEnd(buf: Buffer, pos: number): number {
  const nul = buf.indexOf(0, pos)
  if (nul < 0) throw new RangeError('malformed BSON: unterminated name')
  return nul + 1
}

function isName(buf: Buffer, start: number, end: number, name: Buffer): boolean {
  return end - start === name.length && buf.compare(name, 0, name.length, start, end) === 0
}

/**
 * The raw bytes of each element of the top-level array `field` of `doc` (views into `doc`, not
 * copies), or undefined when the field is missing or not an array; elements that are not documents
 * are undefined in the list.
 */
export function rawArrayDocuments(doc: Buffer, field: string): (Buffer | undefined)[] | undefined {
  const name = Buffer.from(field)
  const end = doc.readInt32LE(0) - 1
  let pos = 4
  while (pos < end) {
    const type = doc[pos] as number
    const start = pos + 1
    const valuePos = nameEnd(doc, start)
    const size = bsonValueSize(doc, type, valuePos, end)
    if (isName(doc, start, valuePos - 1, name)) {
      if (type !== 0x04) return undefined
      const out: (Buffer | undefined)[] = []
      const arrEnd = valuePos + size - 1
      let p = valuePos + 4
      while (p < arrEnd) {
        const t = doc[p] as number
        const vp = nameEnd(doc, p + 1)
        const s = bsonValueSize(doc, t, vp, arrEnd)
        out.push(t === 0x03 ? doc.subarray(vp, vp + s) : undefined)
        p = vp + s
      }
      return out
    }
    pos = valuePos + size
  }
  return undefined
}

/**
 * A copy of the document with its `_id` element moved to the front (where MongoDB stores it) and the
 * other elements in their order; undefined when it has no `_id` or more than one.
 */
export function rawWithIdFirst(doc: Buffer): Buffer | undefined {
  const end = doc.readInt32LE(0) - 1
  let idStart = -1
  let idEnd = -1
  let pos = 4
  while (pos < end) {
    const type = doc[pos] as number
    const valuePos = nameEnd(doc, pos + 1)
    const next = valuePos + bsonValueSize(doc, type, valuePos, end)
    if (isName(doc, pos + 1, valuePos - 1, ID)) {
      if (idStart >= 0) return undefined
      idStart = pos
      idEnd = next
    }
    pos = next
  }
  if (idStart < 0) return undefined
  return withElementFirst(doc, idStart, idEnd)
}

/** A copy of the document with the element at [start, end) moved to the front. */
export function withElementFirst(doc: Buffer, idStart: number, idEnd: number): Buffer {
  const out = Buffer.allocUnsafe(doc.length)
  out.writeInt32LE(doc.length, 0)
  let o = 4
  o += doc.copy(out, o, idStart, idEnd)
  o += doc.copy(out, o, 4, idStart)
  doc.copy(out, o, idEnd)
  return out
}

/** The body of a command without one of its top-level arrays, and that array's documents. */
export interface SplitArray {
  /** The command document without the array's element (a new buffer). */
  rest: Buffer
  /** Each element's bytes (views into the command, not copies), in order. */
  docs: Buffer[]
}

/**
 * Takes the top-level array `field` out of a command document, so that the command can be decoded
 * without its (possibly thousands of) documents and each document decoded on its own when used.
 * Undefined unless the document is well framed (every element's size within its parent), has exactly
 * one `field`, an array, and every element of that array is a document of at least 5 bytes ending in
 * a zero byte; the caller then decodes the whole command as usual, which reports whatever is wrong.
 * The documents' own contents are not checked here (decoding each one does that).
 */
export function splitDocumentArray(doc: Buffer, field: string): SplitArray | undefined {
  if (doc.length < 5) return undefined
  const size = doc.readInt32LE(0)
  if (size !== doc.length || doc[size - 1] !== 0) return undefined
  const name = Buffer.from(field)
  const end = size - 1
  let found = -1
  let foundEnd = -1
  let valueStart = -1
  let pos = 4
  try {
    while (pos < end) {
      const type = doc[pos] as number
      const valuePos = nameEnd(doc, pos + 1)
      const len = bsonValueSize(doc, type, valuePos, end)
      const next = valuePos + len
      if (len < 0 || next > end) return undefined
      if (isName(doc, pos + 1, valuePos - 1, name)) {
        if (found >= 0 || type !== 0x04) return undefined
        found = pos
        foundEnd = next
        valueStart = valuePos
      }
      pos = next
    }
  } catch {
    return undefined
  }
  if (pos !== end || found < 0) return undefined
  // The array: int32 size, elements ("0", "1", … names; each a document), a zero byte.
  const arrEnd = foundEnd - 1
  if (foundEnd - valueStart < 5 || doc[arrEnd] !== 0) return undefined
  const docs: Buffer[] = []
  let p = valueStart + 4
  while (p < arrEnd) {
    if (doc[p] !== 0x03) return undefined
    const nul = doc.indexOf(0, p + 1)
    if (nul < 0 || nul + 5 > arrEnd) return undefined
    const vp = nul + 1
    const s = doc.readInt32LE(vp)
    if (s < 5 || vp + s > arrEnd || doc[vp + s - 1] !== 0) return undefined
    docs.push(doc.subarray(vp, vp + s))
    p = vp + s
  }
  if (p !== arrEnd) return undefined
  const rest = Buffer.allocUnsafe(size - (foundEnd - found))
  doc.copy(rest, 0, 0, found)
  doc.copy(rest, found, foundEnd)
  rest.writeInt32LE(rest.length, 0)
  return { rest, docs }
}
