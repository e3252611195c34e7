import fc from 'fast-check'
import { PNG } from 'pngjs'
import { describe, expect, it } from 'vitest'
import {
  exifGps,
  JPEG,
  jpegSegment,
  jpegWithMetadata,
  pngChunk,
  pngImage,
  pngWithMetadata,
} from '../testing/upload-files'
import { stripImageMetadata } from './image-metadata'

const SECRETS = /GPS|Exif|xmpmeta|Photoshop|SECRET|1381|PRIVATE|ftyp/
/** A second JPEG carrying EXIF GPS, as an MPF (multi-picture), HDR gain-map or depth image follows the first. */
const SECOND_IMAGE = Buffer.concat([JPEG.subarray(0, 2), exifGps(), JPEG.subarray(2)])
/** The video a Motion Photo appends: an MP4 box with the place it was taken. */
const MOTION_VIDEO = Buffer.from(
  '\0\0\0\x18ftypmp42\0\0\0\0isommp42\0\0\0\x20\xa9xyz+28.6881+115.8950/',
  'latin1',
)
const MPF = jpegSegment(0xe2, 'MPF\0II*\0\x08\0\0\0\0\0')

/** The marker segments before the first scan of a JPEG (what a reader of metadata looks at). */
function headerMarkers(jpeg: Buffer): number[] {
  const markers: number[] = []
  let i = 2
  while (i + 4 <= jpeg.length && jpeg[i] === 0xff) {
    const marker = jpeg[i + 1] ?? 0
    markers.push(marker)
    if (marker === 0xda) break
    i += 2 + jpeg.readUInt16BE(i + 2)
  }
  return markers
}

describe(stripImageMetadata.name, () => {
  it('should keep exactly the picture of a JPEG: no EXIF, XMP, IPTC or comment', () => {
    const out = stripImageMetadata(jpegWithMetadata(), 'image/jpeg')
    expect(out).toEqual(JPEG)
    expect(out?.toString('latin1')).not.toMatch(SECRETS)
  })

  it('should drop what follows the image: a second image with its own GPS, a Motion Photo video (tester H2)', () => {
    const mpf = Buffer.concat([JPEG.subarray(0, 20), exifGps(), MPF, JPEG.subarray(20), SECOND_IMAGE])
    expect(stripImageMetadata(mpf, 'image/jpeg')).toEqual(JPEG)
    expect(stripImageMetadata(jpegWithMetadata(MOTION_VIDEO), 'image/jpeg')).toEqual(JPEG)
    // Ten megabytes of anything after the end of the image are not kept either.
    expect(stripImageMetadata(jpegWithMetadata(Buffer.alloc(1 << 20, 7)), 'image/jpeg')).toEqual(JPEG)
  })

  it('should keep the orientation as the only EXIF tag, so a photo taken sideways still shows upright', () => {
    const out = stripImageMetadata(jpegWithMetadata(Buffer.alloc(0), 6), 'image/jpeg') ?? Buffer.alloc(0)
    expect(headerMarkers(out)).toEqual([0xe0, 0xe1, 0xdb, 0xc0, 0xc4, 0xda])
    const exif = out.subarray(20, 20 + 36)
    expect(exif.toString('latin1', 4, 10)).toBe('Exif\0\0')
    expect(exif.readUInt16BE(20)).toBe(0x0112)
    expect(exif.readUInt16BE(28)).toBe(6)
    expect(out.toString('latin1')).not.toMatch(/CMG|SECRET|xmpmeta/)
  })

  it('should drop a JFIF thumbnail and keep an ICC colour profile', () => {
    const thumb = jpegSegment(
      0xe0,
      Buffer.concat([Buffer.from('JFIF\0\x01\x01\0\0\x01\0\x01\x01\x01', 'latin1'), Buffer.alloc(3, 9)]),
    )
    const icc = jpegSegment(0xe2, 'ICC_PROFILE\0\x01\x01profile')
    const out = stripImageMetadata(
      Buffer.concat([JPEG.subarray(0, 2), thumb, icc, JPEG.subarray(20)]),
      'image/jpeg',
    )
    expect(out).toEqual(
      Buffer.concat([
        JPEG.subarray(0, 2),
        jpegSegment(0xe0, 'JFIF\0\x01\x01\0\0\x01\0\x01\0\0'),
        icc,
        JPEG.subarray(20),
      ]),
    )
  })

  it('should keep only the picture of a PNG: no eXIf, text or private chunk, nothing after IEND', () => {
    const out = stripImageMetadata(pngWithMetadata(MOTION_VIDEO), 'image/png')
    expect(out).toEqual(pngImage())
    expect(out?.toString('latin1')).not.toMatch(SECRETS)
    expect(PNG.sync.read(out ?? Buffer.alloc(0)).width).toBe(4)
  })

  it('should refuse files that do not read to the end as their type (tester L3)', () => {
    expect(stripImageMetadata(jpegWithMetadata().subarray(0, 40), 'image/jpeg')).toBeNull()
    expect(
      stripImageMetadata(
        Buffer.from('\xff\xd8\xff\xe0<html><script>alert(1)</script>', 'latin1'),
        'image/jpeg',
      ),
    ).toBeNull()
    expect(stripImageMetadata(Buffer.from([0xff, 0xd8, 0xff, 0xd9]), 'image/jpeg')).toBeNull()
    expect(stripImageMetadata(Buffer.from('not a png at all'), 'image/png')).toBeNull()
    const png = pngImage()
    // A chunk whose CRC does not match, an unknown critical chunk, no IHDR first.
    const corrupt = Buffer.from(png)
    corrupt[40] = (corrupt[40] ?? 0) ^ 1
    expect(stripImageMetadata(corrupt, 'image/png')).toBeNull()
    const critical = Buffer.concat([png.subarray(0, 33), pngChunk('ABCD', 'x'), png.subarray(33)])
    expect(stripImageMetadata(critical, 'image/png')).toBeNull()
    expect(stripImageMetadata(Buffer.concat([png.subarray(0, 8), png.subarray(33)]), 'image/png')).toBeNull()
  })

  describe('on generated input', () => {
    const jpegs = fc.constantFrom(JPEG, jpegWithMetadata(), jpegWithMetadata(MOTION_VIDEO, 3))
    const pngs = fc.constantFrom(pngImage(), pngWithMetadata(), pngImage(31, 7))

    it('should refuse every truncation of an image before its end', () => {
      fc.assert(
        fc.property(jpegs, fc.nat(), (file, n) => {
          const cut = file.subarray(0, n % (file.lastIndexOf(Buffer.from([0xff, 0xd9])) + 2))
          return stripImageMetadata(cut, 'image/jpeg') === null
        }),
      )
      fc.assert(
        fc.property(pngs, fc.nat(), (file, n) => {
          const iend = file.indexOf('IEND') + 8
          return stripImageMetadata(file.subarray(0, n % iend), 'image/png') === null
        }),
      )
    })

    it('should keep nothing of any metadata segment or trailing bytes added to a JPEG', () => {
      const metadata = fc
        .tuple(
          fc.constantFrom(0xe1, 0xe3, 0xe4, 0xe9, 0xec, 0xed, 0xef, 0xfe),
          fc.uint8Array({ maxLength: 300 }),
        )
        .map(([marker, bytes]) => jpegSegment(marker, Buffer.from(bytes)))
      fc.assert(
        fc.property(
          fc.array(metadata, { maxLength: 5 }),
          fc.uint8Array({ maxLength: 500 }),
          (segments, tail) => {
            const file = Buffer.concat([
              JPEG.subarray(0, 20),
              ...segments,
              JPEG.subarray(20),
              Buffer.from(tail),
            ])
            const out = stripImageMetadata(file, 'image/jpeg')
            // An APP1 that happens to read as EXIF with an orientation may add back that one tag; nothing else stays.
            return (
              out !== null && (out.equals(JPEG) || headerMarkers(out).join() === '224,225,219,192,196,218')
            )
          },
        ),
      )
    })

    it('should never throw, and give back either nothing or an image that strips to itself, on hostile bytes', () => {
      const hostile = fc.oneof(
        fc
          .uint8Array({ maxLength: 400 })
          .map((b) => Buffer.concat([Buffer.from([0xff, 0xd8, 0xff]), Buffer.from(b)])),
        fc.tuple(jpegs, fc.nat(), fc.uint8Array({ minLength: 1, maxLength: 8 })).map(([file, at, bytes]) => {
          const copy = Buffer.from(file)
          Buffer.from(bytes).copy(copy, at % copy.length)
          return copy
        }),
      )
      fc.assert(
        fc.property(hostile, (file) => {
          const out = stripImageMetadata(file, 'image/jpeg')
          return (
            out === null ||
            (out.subarray(-2).equals(Buffer.from([0xff, 0xd9])) &&
              stripImageMetadata(out, 'image/jpeg')?.equals(out) === true)
          )
        }),
      )
      const hostilePng = fc
        .tuple(pngs, fc.nat(), fc.uint8Array({ minLength: 1, maxLength: 8 }))
        .map(([file, at, bytes]) => {
          const copy = Buffer.from(file)
          Buffer.from(bytes).copy(copy, at % copy.length)
          return copy
        })
      fc.assert(
        fc.property(hostilePng, (file) => {
          const out = stripImageMetadata(file, 'image/png')
          return out === null || stripImageMetadata(out, 'image/png')?.equals(out) === true
        }),
      )
    })
  })
})
