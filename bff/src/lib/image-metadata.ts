/**
 * Removes the metadata a phone writes into a photo (EXIF with the GPS position, XMP, IPTC, comments, text chunks)
 * without re-encoding the picture: JPEG keeps its JFIF header, colour profile (APP2 ICC) and image data and drops
 * APP1 (EXIF, XMP), APP3–APP15 and COM segments; PNG drops eXIf, tEXt, zTXt, iTXt and tIME chunks. A file whose
 * structure does not read as its type is refused (null), never passed on unstripped. Why: docs/questions.md.
 */
export function stripImageMetadata(data: Buffer, type: 'image/jpeg' | 'image/png'): Buffer | null {
  return type === 'image/jpeg' ? stripJpeg(data) : stripPng(data)
}

/** APPn markers kept: APP0 (JFIF/JFXX) and APP2 (ICC colour profile); APP14 (Adobe colour transform) too. */
const KEPT_APP = new Set([0xe0, 0xe2, 0xee])

function stripJpeg(data: Buffer): Buffer | null {
  if (data.length < 4 || data[0] !== 0xff || data[1] !== 0xd8) return null
  const parts: Buffer[] = [data.subarray(0, 2)]
  let i = 2
  while (i + 4 <= data.length) {
    if (data[i] !== 0xff) return null
    const marker = data[i + 1] ?? 0
    if (marker === 0xff) {
      // Fill bytes before a marker.
      i += 1
      continue
    }
    if (marker === 0xda) {
      // Start of scan: the entropy-coded image data and everything after it are kept as they are.
      parts.push(data.subarray(i))
      return Buffer.concat(parts)
    }
    if (marker === 0xd9) return null
    const length = data.readUInt16BE(i + 2)
    if (length < 2 || i + 2 + length > data.length) return null
    const isApp = marker >= 0xe0 && marker <= 0xef
    const drop = (isApp && !KEPT_APP.has(marker)) || marker === 0xfe
    if (!drop) parts.push(data.subarray(i, i + 2 + length))
    i += 2 + length
  }
  return null
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])
const DROPPED_PNG_CHUNKS = new Set(['eXIf', 'tEXt', 'zTXt', 'iTXt', 'tIME'])

function stripPng(data: Buffer): Buffer | null {
  if (data.length < 8 || !data.subarray(0, 8).equals(PNG_SIGNATURE)) return null
  const parts: Buffer[] = [PNG_SIGNATURE]
  let i = 8
  while (i + 12 <= data.length) {
    const length = data.readUInt32BE(i)
    const type = data.toString('latin1', i + 4, i + 8)
    const end = i + 12 + length
    if (end > data.length) return null
    if (!DROPPED_PNG_CHUNKS.has(type)) parts.push(data.subarray(i, end))
    i = end
    if (type === 'IEND') return Buffer.concat(parts)
  }
  return null
}
