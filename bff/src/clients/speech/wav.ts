/**
 * The little of RIFF/WAVE the speech engine needs (`docs/speech.md`): reading the PCM format of espeak-ng's output,
 * whose header sizes are placeholders when it writes to a pipe, and writing a correct 44-byte header back.
 */

/** Format of 16-bit little-endian PCM audio. */
export interface PcmFormat {
  sampleRate: number
  channels: number
  bitsPerSample: number
}

/** A parsed WAV header: the format and where the samples start. */
export interface WavHeader extends PcmFormat {
  dataOffset: number
}

/**
 * Reads the format and the offset of the `data` chunk, or null while `head` is too short to tell. Throws on
 * anything that is not uncompressed PCM WAV. The data chunk's own size is not trusted (a pipe cannot seek back to
 * fill it in); its length is whatever follows.
 */
export function parseWavHeader(head: Buffer): WavHeader | null {
  if (head.length < 12) return null
  if (head.toString('latin1', 0, 4) !== 'RIFF' || head.toString('latin1', 8, 12) !== 'WAVE')
    throw new Error('not a WAV stream')
  let offset = 12
  let format: PcmFormat | null = null
  while (offset + 8 <= head.length) {
    const id = head.toString('latin1', offset, offset + 4)
    const size = head.readUInt32LE(offset + 4)
    if (id === 'data') {
      if (!format) throw new Error('WAV data before its format')
      return { ...format, dataOffset: offset + 8 }
    }
    if (offset + 8 + size > head.length) return null
    if (id === 'fmt ') {
      const audioFormat = head.readUInt16LE(offset + 8)
      if (audioFormat !== 1) throw new Error(`WAV format ${audioFormat} is not PCM`)
      format = {
        channels: head.readUInt16LE(offset + 10),
        sampleRate: head.readUInt32LE(offset + 12),
        bitsPerSample: head.readUInt16LE(offset + 22),
      }
    }
    offset += 8 + size + (size % 2)
  }
  return null
}

/** Bytes per second of PCM audio. */
export function byteRate(format: PcmFormat): number {
  return format.sampleRate * format.channels * (format.bitsPerSample / 8)
}

/** Length of PCM audio in whole milliseconds. */
export function pcmDurationMs(pcmBytes: number, format: PcmFormat): number {
  return Math.round((pcmBytes / byteRate(format)) * 1000)
}

/** A canonical 44-byte WAV header for `pcmBytes` of samples. */
export function wavHeader(pcmBytes: number, format: PcmFormat): Buffer {
  const h = Buffer.alloc(44)
  h.write('RIFF', 0, 'latin1')
  h.writeUInt32LE(36 + pcmBytes, 4)
  h.write('WAVE', 8, 'latin1')
  h.write('fmt ', 12, 'latin1')
  h.writeUInt32LE(16, 16)
  h.writeUInt16LE(1, 20)
  h.writeUInt16LE(format.channels, 22)
  h.writeUInt32LE(format.sampleRate, 24)
  h.writeUInt32LE(byteRate(format), 28)
  h.writeUInt16LE(format.channels * (format.bitsPerSample / 8), 32)
  h.writeUInt16LE(format.bitsPerSample, 34)
  h.write('data', 36, 'latin1')
  h.writeUInt32LE(pcmBytes, 40)
  return h
}
