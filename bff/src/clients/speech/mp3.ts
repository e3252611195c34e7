/**
 * The little of MPEG audio (ISO/IEC 11172-3 and 13818-3, Layer III) the speech engine needs (`docs/speech.md`):
 * walking the frames of an MP3 made by concatenating several lame outputs, to check that it is one clean stream
 * (every byte inside a frame, no ID3 tag or Xing/Info frame in the middle) and to tell its playing time.
 */

/** What a walk over an MP3's frames found. */
export interface Mp3Frames {
  frames: number
  sampleRate: number
  /** Samples per frame: 1152 for MPEG-1, 576 for MPEG-2 and 2.5. */
  samplesPerFrame: number
  /** Playing time: frames × samples per frame ÷ sample rate, in whole milliseconds. */
  durationMs: number
  /** Byte offsets of frames that carry a Xing or Info tag (lame's VBR/gapless header) instead of audio. */
  tagFrames: number[]
}

const BITRATES_V1 = [0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320]
const BITRATES_V2 = [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160]
const SAMPLE_RATES: Record<number, number[]> = {
  3: [44100, 48000, 32000], // MPEG-1
  2: [22050, 24000, 16000], // MPEG-2
  0: [11025, 12000, 8000], // MPEG-2.5
}

interface FrameHeader {
  length: number
  sampleRate: number
  samplesPerFrame: number
  /** Where a Xing/Info tag would start: after the 4-byte header, the CRC and the side information. */
  tagOffset: number
}

/** Parses the Layer III frame header at `offset`, or null when the bytes there are not one. */
export function parseMp3FrameHeader(buf: Buffer, offset: number): FrameHeader | null {
  if (offset + 4 > buf.length) return null
  const h = buf.readUInt32BE(offset)
  if (h >>> 21 !== 0x7ff) return null
  const version = (h >>> 19) & 3
  const layer = (h >>> 17) & 3
  const protectedByCrc = ((h >>> 16) & 1) === 0
  const bitrateIndex = (h >>> 12) & 15
  const rateIndex = (h >>> 10) & 3
  const padding = (h >>> 9) & 1
  const mono = ((h >>> 6) & 3) === 3
  const rates = SAMPLE_RATES[version]
  if (!rates || layer !== 1 || bitrateIndex === 0 || bitrateIndex === 15 || rateIndex === 3) return null
  const mpeg1 = version === 3
  const kbps = (mpeg1 ? BITRATES_V1 : BITRATES_V2)[bitrateIndex] ?? 0
  const sampleRate = rates[rateIndex] ?? 0
  const length = Math.floor(((mpeg1 ? 144 : 72) * kbps * 1000) / sampleRate) + padding
  const sideInfo = mpeg1 ? (mono ? 17 : 32) : mono ? 9 : 17
  return {
    length,
    sampleRate,
    samplesPerFrame: mpeg1 ? 1152 : 576,
    tagOffset: 4 + (protectedByCrc ? 2 : 0) + sideInfo,
  }
}

/**
 * Walks every frame from the first byte to the last. Throws when a byte is not part of a frame (an ID3 tag, a
 * truncated frame, garbage between two streams) or when the frames change sample rate.
 */
export function walkMp3Frames(buf: Buffer): Mp3Frames {
  let offset = 0
  let frames = 0
  let first: FrameHeader | null = null
  const tagFrames: number[] = []
  while (offset < buf.length) {
    const frame = parseMp3FrameHeader(buf, offset)
    if (!frame) throw new Error(`no MP3 frame at byte ${offset}`)
    if (offset + frame.length > buf.length) throw new Error(`MP3 frame at byte ${offset} is cut short`)
    first ??= frame
    if (frame.sampleRate !== first.sampleRate) throw new Error(`sample rate changes at byte ${offset}`)
    const tag = buf.toString('latin1', offset + frame.tagOffset, offset + frame.tagOffset + 4)
    if (tag === 'Xing' || tag === 'Info') tagFrames.push(offset)
    frames++
    offset += frame.length
  }
  if (!first) throw new Error('no MP3 frames')
  return {
    frames,
    sampleRate: first.sampleRate,
    samplesPerFrame: first.samplesPerFrame,
    durationMs: Math.round(((frames * first.samplesPerFrame) / first.sampleRate) * 1000),
    tagFrames,
  }
}
