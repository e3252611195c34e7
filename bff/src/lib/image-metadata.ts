import { crc32 } from 'node:zlib'

/**
 * Keeps only the picture of an uploaded photo and removes everything a phone or an editor writes beside it, without
 * re-encoding (no image library, no quality loss, and a huge picture is never decoded). The kept parts are listed
 * (an allow-list), so a kind of metadata not known here is dropped rather than passed on:
 *
 * - JPEG: SOI, APP0 JFIF (its thumbnail dropped), APP2 ICC colour profile, APP14 Adobe, the tables, the frame, the
 *   scans with their entropy-coded data, and EOI, and nothing after EOI (an MPF second image, a depth or gain map, a
 *   Motion Photo's video). EXIF, XMP, APP2 MPF/FlashPix, APP3–APP13 (IPTC), APP15 and comments go. The one EXIF
 *   value kept is the orientation, written back as a new EXIF of that single tag, so a photo taken sideways still
 *   shows upright.
 * - PNG: the critical chunks, colour and transparency information and APNG frames; text, eXIf, tIME, private and
 *   unknown ancillary chunks go, and so does anything after IEND. Every chunk's CRC is checked.
 *
 * A file that does not read to the end as its type (truncated, a marker where none may be, a polyglot with HTML after
 * the magic bytes) is refused (null), never stored as it came. Why and where: docs/privacy.md 'Uploaded files'.
 */
export function stripImageMetadata(data: Buffer, type: 'image/jpeg' | 'image/png'): Buffer | null {
  return type === 'image/jpeg' ? stripJpeg(data) : stripPng(data)
}

/** Frame markers of the DCT and lossless processes a decoder reads (not DHT 0xc4, JPG 0xc8, DAC 0xcc). */
const SOF = new Set([0xc0, 0xc1, 0xc2, 0xc3, 0xc5, 0xc6, 0xc7, 0xc9, 0xca, 0xcb, 0xcd, 0xce, 0xcf])
/** Tables kept as they are: DHT, DAC, DQT, DNL, DRI. */
const TABLES = new Set([0xc4, 0xcc, 0xdb, 0xdc, 0xdd])
const JPEG_EOI = Buffer.from([0xff, 0xd9])

function startsWith(body: Buffer, text: string): boolean {
  return body.length >= text.length && body.toString('latin1', 0, text.length) === text
}

function segment(marker: number, body: Buffer): Buffer {
  const head = Buffer.from([0xff, marker, 0, 0])
  head.writeUInt16BE(body.length + 2, 2)
  return Buffer.concat([head, body])
}

function stripJpeg(data: Buffer): Buffer | null {
  if (data.length < 4 || data[0] !== 0xff || data[1] !== 0xd8) return null
  const parts: Buffer[] = [data.subarray(0, 2)]
  let afterHeader = 1
  let i = 2
  let frame = false
  let scans = 0
  let orientation = 1
  for (;;) {
    if (data[i] !== 0xff) return null
    while (data[i] === 0xff) i++ // fill bytes before a marker
    if (i >= data.length) return null
    const marker = data[i] ?? 0
    i += 1
    if (marker === 0xd9) {
      if (!frame || scans === 0) return null
      parts.push(JPEG_EOI)
      if (orientation !== 1) parts.splice(afterHeader, 0, orientationExif(orientation))
      return Buffer.concat(parts)
    }
    if (i + 2 > data.length) return null
    const length = data.readUInt16BE(i)
    if (length < 2 || i + length > data.length) return null
    const start = i - 2
    i += length
    if ((marker >= 0xe3 && marker <= 0xed) || marker === 0xef || marker === 0xfe) continue // metadata, dropped
    const body = data.subarray(start + 4, i)
    const whole = data.subarray(start, i)
    if (SOF.has(marker)) {
      if (frame || !validFrame(body)) return null
      frame = true
      parts.push(whole)
    } else if (marker === 0xda) {
      const components = body[0] ?? 0
      if (!frame || components < 1 || components > 4 || body.length !== 4 + 2 * components) return null
      const end = endOfEntropyData(data, i)
      if (end < 0) return null
      parts.push(whole, data.subarray(i, end))
      i = end
      scans += 1
    } else if (TABLES.has(marker)) {
      parts.push(whole)
    } else if (marker === 0xe0) {
      // JFIF without its thumbnail (a picture of its own); JFXX extensions (thumbnails only) go.
      if (startsWith(body, 'JFIF\0') && body.length >= 14 && parts.length === 1) {
        const jfif = Buffer.from(body.subarray(0, 14))
        jfif[12] = 0
        jfif[13] = 0
        parts.push(segment(0xe0, jfif))
        afterHeader = 2
      }
    } else if (marker === 0xe2) {
      if (startsWith(body, 'ICC_PROFILE\0')) parts.push(whole)
    } else if (marker === 0xee) {
      if (startsWith(body, 'Adobe')) parts.push(whole)
    } else if (marker === 0xe1) {
      if (startsWith(body, 'Exif\0\0')) orientation = readOrientation(body.subarray(6)) ?? orientation
    } else if (!((marker >= 0xe3 && marker <= 0xef) || marker === 0xfe)) {
      // RSTn or TEM outside a scan, hierarchical (DHP, EXP) or reserved markers: not a picture a phone writes.
      return null
    }
  }
}

/** A frame header: precision, a height and width above 0, 1–4 components of 3 bytes each. */
function validFrame(body: Buffer): boolean {
  if (body.length < 6) return false
  const precision = body[0] ?? 0
  const components = body[5] ?? 0
  return (
    (precision === 8 || precision === 12 || precision === 16) &&
    body.readUInt16BE(1) > 0 &&
    body.readUInt16BE(3) > 0 &&
    components >= 1 &&
    components <= 4 &&
    body.length === 6 + 3 * components
  )
}

/**
 * Where a scan's entropy-coded data ends: at the first marker that is not a stuffed 0xFF00, a restart marker
 * (RST0–RST7) or a fill byte. -1 when the file ends first (truncated).
 */
function endOfEntropyData(data: Buffer, from: number): number {
  let j = from
  for (;;) {
    j = data.indexOf(0xff, j)
    if (j < 0 || j + 1 >= data.length) return -1
    const next = data[j + 1] ?? 0
    if (next === 0x00 || (next >= 0xd0 && next <= 0xd7)) j += 2
    else if (next === 0xff) j += 1
    else return j
  }
}

/** The EXIF Orientation (tag 0x0112 in IFD0, 2–8) of a TIFF structure, or null; bounded reads only. */
function readOrientation(tiff: Buffer): number | null {
  if (tiff.length < 8) return null
  const order = tiff.toString('latin1', 0, 2)
  if (order !== 'II' && order !== 'MM') return null
  const le = order === 'II'
  const u16 = (at: number) => (le ? tiff.readUInt16LE(at) : tiff.readUInt16BE(at))
  const u32 = (at: number) => (le ? tiff.readUInt32LE(at) : tiff.readUInt32BE(at))
  if (u16(2) !== 42) return null
  const ifd = u32(4)
  if (ifd + 2 > tiff.length) return null
  const count = u16(ifd)
  for (let k = 0; k < count; k++) {
    const entry = ifd + 2 + 12 * k
    if (entry + 12 > tiff.length) return null
    if (u16(entry) !== 0x0112) continue
    const value = u16(entry + 8)
    return u16(entry + 2) === 3 && u32(entry + 4) === 1 && value >= 2 && value <= 8 ? value : null
  }
  return null
}

/** An APP1 EXIF segment holding only the Orientation tag (big-endian TIFF, IFD0 with one entry). */
function orientationExif(orientation: number): Buffer {
  const tiff = Buffer.alloc(26)
  tiff.write('MM', 0, 'latin1')
  tiff.writeUInt16BE(42, 2)
  tiff.writeUInt32BE(8, 4)
  tiff.writeUInt16BE(1, 8)
  tiff.writeUInt16BE(0x0112, 10)
  tiff.writeUInt16BE(3, 12)
  tiff.writeUInt32BE(1, 14)
  tiff.writeUInt16BE(orientation, 18)
  // Bytes 20–21 pad the value; 22–25: no next IFD.
  return segment(0xe1, Buffer.concat([Buffer.from('Exif\0\0', 'latin1'), tiff]))
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])
/** Ancillary chunks kept: colour, transparency, physical size, and APNG animation. */
const KEPT_PNG_ANCILLARY = new Set([
  'tRNS',
  'cHRM',
  'gAMA',
  'iCCP',
  'sBIT',
  'sRGB',
  'cICP',
  'bKGD',
  'pHYs',
  'acTL',
  'fcTL',
  'fdAT',
])
const PNG_CRITICAL = new Set(['IHDR', 'PLTE', 'IDAT', 'IEND'])
/** Bit depths allowed for each colour type (PNG spec, table 11.1). */
const PNG_DEPTHS: Record<number, readonly number[]> = {
  0: [1, 2, 4, 8, 16],
  2: [8, 16],
  3: [1, 2, 4, 8],
  4: [8, 16],
  6: [8, 16],
}

function stripPng(data: Buffer): Buffer | null {
  if (data.length < 8 || !data.subarray(0, 8).equals(PNG_SIGNATURE)) return null
  const parts: Buffer[] = [PNG_SIGNATURE]
  let i = 8
  let colourType = -1
  let palette = false
  let idat = false
  while (i + 12 <= data.length) {
    const length = data.readUInt32BE(i)
    const type = data.toString('latin1', i + 4, i + 8)
    const end = i + 12 + length
    if (length > 0x7fffffff || end > data.length || !/^[A-Za-z]{4}$/.test(type)) return null
    if (crc32(data.subarray(i + 4, end - 4)) !== data.readUInt32BE(end - 4)) return null
    const body = data.subarray(i + 8, end - 4)
    if (parts.length === 1) {
      if (type !== 'IHDR' || length !== 13) return null
      const depths = PNG_DEPTHS[body[9] ?? -1]
      if (body.readUInt32BE(0) === 0 || body.readUInt32BE(4) === 0 || !depths?.includes(body[8] ?? 0))
        return null
      colourType = body[9] ?? -1
    } else if (type === 'IHDR') return null
    if (type === 'PLTE') palette = true
    if (type === 'IDAT') {
      // The first image data starts a zlib stream: deflate, with a header whose check bits hold.
      if (!idat && length >= 2 && (((body[0] ?? 0) & 0x0f) !== 8 || body.readUInt16BE(0) % 31 !== 0))
        return null
      idat = true
    }
    const critical = (type.charCodeAt(0) & 0x20) === 0
    if (critical && !PNG_CRITICAL.has(type)) return null // a decoder must refuse what it does not know
    if (critical || KEPT_PNG_ANCILLARY.has(type)) parts.push(data.subarray(i, end))
    i = end
    if (type === 'IEND') {
      if (length !== 0 || !idat || (colourType === 3 && !palette)) return null
      return Buffer.concat(parts)
    }
  }
  return null
}
