/**
 * Builds cursor replies around documents that are already BSON bytes, so that stored documents
 * go out exactly as they were stored (BSON types included) without being decoded and re-encoded.
 */

function cstring(name: string): Buffer {
  return Buffer.from(`${name}\0`, 'utf8')
}

/** A BSON array document whose elements are the given raw documents. */
function rawArray(docs: Buffer[]): Buffer[] {
  const parts: Buffer[] = []
  let size = 5
  const lenBuf = Buffer.allocUnsafe(4)
  parts.push(lenBuf)
  for (let i = 0; i < docs.length; i++) {
    const doc = docs[i] as Buffer
    const key = Buffer.from(`\x03${i}\0`, 'latin1')
    parts.push(key, doc)
    size += key.length + doc.length
  }
  parts.push(Buffer.from([0]))
  lenBuf.writeInt32LE(size, 0)
  return parts
}

function totalLength(parts: Buffer[]): number {
  let n = 0
  for (const p of parts) n += p.length
  return n
}

/** `{ cursor: { <batchKey>: [docs...], id: Long(id), ns }, ok: 1 }` as BSON bytes. */
export function cursorReply(
  batchKey: 'firstBatch' | 'nextBatch',
  docs: Buffer[],
  id: bigint,
  ns: string,
): Buffer {
  const arr = rawArray(docs)
  const arrLen = totalLength(arr)
  const batchName = cstring(batchKey)
  const idEl = Buffer.allocUnsafe(1 + 3 + 8)
  idEl[0] = 0x12
  idEl.write('id\0', 1, 'latin1')
  idEl.writeBigInt64LE(id, 4)
  const nsBytes = Buffer.from(ns, 'utf8')
  const nsEl = Buffer.allocUnsafe(1 + 3 + 4 + nsBytes.length + 1)
  nsEl[0] = 0x02
  nsEl.write('ns\0', 1, 'latin1')
  nsEl.writeInt32LE(nsBytes.length + 1, 4)
  nsBytes.copy(nsEl, 8)
  nsEl[nsEl.length - 1] = 0
  const cursorLen = 4 + 1 + batchName.length + arrLen + idEl.length + nsEl.length + 1
  const cursorHead = Buffer.allocUnsafe(4 + 1)
  cursorHead.writeInt32LE(cursorLen, 0)
  cursorHead[4] = 0x04
  const okEl = Buffer.allocUnsafe(1 + 3 + 8)
  okEl[0] = 0x01
  okEl.write('ok\0', 1, 'latin1')
  okEl.writeDoubleLE(1, 4)
  const outerKey = Buffer.from('\x03cursor\0', 'latin1')
  const outerLen = 4 + outerKey.length + cursorLen + okEl.length + 1
  const outerHead = Buffer.allocUnsafe(4)
  outerHead.writeInt32LE(outerLen, 0)
  return Buffer.concat(
    [
      outerHead,
      outerKey,
      cursorHead,
      batchName,
      ...arr,
      idEl,
      nsEl,
      Buffer.from([0]),
      okEl,
      Buffer.from([0]),
    ],
    outerLen,
  )
}
