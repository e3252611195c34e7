import { describe, expect, it } from 'vitest'
import { stripImageMetadata } from './image-metadata'

const segment = (marker: number, payload: Buffer) => {
  const head = Buffer.from([0xff, marker, 0, 0])
  head.writeUInt16BE(payload.length + 2, 2)
  return Buffer.concat([head, payload])
}
const JFIF = segment(0xe0, Buffer.from('JFIF\0\x01\x01\0\0\x01\0\x01\0\0', 'latin1'))
const EXIF_GPS = segment(0xe1, Buffer.from('Exif\0\0GPSLatitude 31.2304N GPSLongitude 121.4737E', 'latin1'))
const XMP = segment(
  0xe1,
  Buffer.from('http://ns.adobe.com/xap/1.0/\0<x:xmpmeta>exif:GPS</x:xmpmeta>', 'latin1'),
)
const COMMENT = segment(0xfe, Buffer.from('taken at home', 'latin1'))
const QUANT = segment(0xdb, Buffer.alloc(65, 1))
const SCAN = Buffer.concat([
  segment(0xda, Buffer.alloc(10, 2)),
  Buffer.from([0x12, 0x34, 0xff, 0x00, 0x56]),
  Buffer.from([0xff, 0xd9]),
])

function png(chunks: [string, Buffer][]): Buffer {
  const parts: Buffer[] = [Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])]
  for (const [type, data] of chunks) {
    const head = Buffer.alloc(8)
    head.writeUInt32BE(data.length, 0)
    head.write(type, 4, 'latin1')
    parts.push(head, data, Buffer.alloc(4))
  }
  return Buffer.concat(parts)
}

describe(stripImageMetadata.name, () => {
  it('should drop EXIF (with the GPS position), XMP and comments from a JPEG and keep the picture', () => {
    const photo = Buffer.concat([Buffer.from([0xff, 0xd8]), JFIF, EXIF_GPS, XMP, COMMENT, QUANT, SCAN])
    const out = stripImageMetadata(photo, 'image/jpeg')
    expect(out).toEqual(Buffer.concat([Buffer.from([0xff, 0xd8]), JFIF, QUANT, SCAN]))
    expect(out?.toString('latin1')).not.toMatch(/GPS|Exif|home/)
  })

  it('should drop eXIf and text chunks from a PNG', () => {
    const ihdr: [string, Buffer] = ['IHDR', Buffer.alloc(13, 1)]
    const idat: [string, Buffer] = ['IDAT', Buffer.alloc(20, 3)]
    const photo = png([
      ihdr,
      ['eXIf', Buffer.from('GPS 31.2N')],
      ['tEXt', Buffer.from('Location\0home')],
      idat,
      ['IEND', Buffer.alloc(0)],
    ])
    const out = stripImageMetadata(photo, 'image/png')
    expect(out).toEqual(png([ihdr, idat, ['IEND', Buffer.alloc(0)]]))
  })

  it('should refuse files whose structure does not read as their type', () => {
    expect(stripImageMetadata(Buffer.from([0xff, 0xd8, 0xff, 0xe1, 0xff, 0xff]), 'image/jpeg')).toBeNull()
    expect(stripImageMetadata(Buffer.from([0xff, 0xd8, 0xff, 0xd9]), 'image/jpeg')).toBeNull()
    expect(stripImageMetadata(Buffer.from('not a png at all'), 'image/png')).toBeNull()
    const truncated = png([['IHDR', Buffer.alloc(13)]])
    expect(stripImageMetadata(truncated.subarray(0, truncated.length - 3), 'image/png')).toBeNull()
  })
})
