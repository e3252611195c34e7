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
  const out = Buffer.allocUnsafe(doc.length)
  out.writeInt32LE(doc.length, 0)
  let o = 4
  o += doc.copy(out, o, idStart, idEnd)
  o += doc.copy(out, o, 4, idStart)
  doc.copy(out, o, idEnd)
  return out
}
