/**
 * Builds cursor replies around documents that are already BSON bytes, so that stored documents
 * go out exactly as they were stored (BSON types included) without being decoded and re-encoded.
 */

function digits(i: number): number {
  return i < 10 ? 1 : i < 100 ? 2 : i < 1000 ? 3 : String(i).length
}

/**
 * `{ cursor: { <batchKey>: [docs...], id: Long(id), ns }, ok: 1 }` as BSON bytes, written into one
 * buffer (the documents are copied once, straight into place).
 */
export function cursorReply(
  batchKey: 'firstBatch' | 'nextBatch',
  docs: Buffer[],
  id: bigint,
  ns: string,
): Buffer {
  let arrLen = 5
  for (let i = 0; i < docs.length; i++) arrLen += 1 + digits(i) + 1 + (docs[i] as Buffer).length
  const nsLen = Buffer.byteLength(ns, 'utf8')
  // cursor: len, \x04 batchKey\0 <array>, \x12 id\0 int64, \x02 ns\0 int32 string\0, \0
  const cursorLen = 4 + 1 + batchKey.length + 1 + arrLen + (1 + 3 + 8) + (1 + 3 + 4 + nsLen + 1) + 1
  // outer: len, \x03 cursor\0 <cursor>, \x01 ok\0 double, \0
  const outerLen = 4 + 1 + 7 + cursorLen + (1 + 3 + 8) + 1
  const out = Buffer.allocUnsafe(outerLen)
  let at = out.writeInt32LE(outerLen, 0)
  out[at++] = 0x03
  at += out.write('cursor\0', at, 'latin1')
  at = out.writeInt32LE(cursorLen, at)
  out[at++] = 0x04
  at += out.write(batchKey, at, 'latin1')
  out[at++] = 0
  at = out.writeInt32LE(arrLen, at)
  for (let i = 0; i < docs.length; i++) {
    const doc = docs[i] as Buffer
    out[at++] = 0x03
    at += out.write(String(i), at, 'latin1')
    out[at++] = 0
    at += doc.copy(out, at)
  }
  out[at++] = 0
  out[at++] = 0x12
  at += out.write('id\0', at, 'latin1')
  at = out.writeBigInt64LE(id, at)
  out[at++] = 0x02
  at += out.write('ns\0', at, 'latin1')
  at = out.writeInt32LE(nsLen + 1, at)
  at += out.write(ns, at, 'utf8')
  out[at++] = 0
  out[at++] = 0
  out[at++] = 0x01
  at += out.write('ok\0', at, 'latin1')
  at = out.writeDoubleLE(1, at)
  out[at++] = 0
  if (at !== outerLen) throw new RangeError(`cursor reply size mismatch: ${at} != ${outerLen}`)
  return out
}
