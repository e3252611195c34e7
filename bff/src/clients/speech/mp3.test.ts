import { execFileSync } from 'node:child_process'
import { describe, expect, it } from 'vitest'
import { parseMp3FrameHeader, walkMp3Frames } from './mp3'

/** Speech MP3 as the engine makes it: 16-bit mono 22,050 Hz samples through lame at 32 kbit/s. */
function encode(seconds: number, extra: string[] = []): Buffer {
  const pcm = Buffer.alloc(Math.round(seconds * 22_050) * 2)
  for (let i = 0; i < pcm.length / 2; i++) pcm.writeInt16LE(Math.round(8000 * Math.sin(i / 7)), i * 2)
  const args = ['--quiet', '-q', '7', '-r', '-s', '22.05', '--bitwidth', '16', '--signed', '--little-endian']
  return execFileSync('lame', [...args, '-m', 'm', '-b', '32', ...extra, '-', '-'], { input: pcm })
}

describe('walkMp3Frames', () => {
  it('should read a Layer III frame header (MPEG-2, 32 kbit/s, 22,050 Hz, mono)', () => {
    const header = Buffer.from([0xff, 0xf3, 0x40, 0xc4])
    expect(parseMp3FrameHeader(header, 0)).toEqual({
      length: 104,
      sampleRate: 22050,
      samplesPerFrame: 576,
      tagOffset: 13,
    })
    expect(parseMp3FrameHeader(Buffer.from('ID3\u0004'), 0)).toBeNull()
  })

  it('should count the frames of one stream and of two joined, and tell their length', () => {
    const a = encode(2, ['-t'])
    const b = encode(1, ['-t'])
    const one = walkMp3Frames(a)
    expect(one.tagFrames).toEqual([])
    expect(one.durationMs).toBeGreaterThanOrEqual(2000)
    expect(one.durationMs).toBeLessThan(2100)
    const both = walkMp3Frames(Buffer.concat([a, b]))
    expect(both.frames).toBe(one.frames + walkMp3Frames(b).frames)
  })

  it('should refuse bytes outside frames: an ID3 tag, garbage between streams, a frame cut short', () => {
    const a = encode(1, ['-t'])
    expect(() =>
      walkMp3Frames(Buffer.concat([Buffer.from('ID3\u0004\u0000\u0000\u0000\u0000\u0000\u0000'), a])),
    ).toThrow(/no MP3 frame at byte 0/)
    expect(() => walkMp3Frames(Buffer.concat([a, Buffer.from('TAG'), a]))).toThrow(
      `no MP3 frame at byte ${a.length}`,
    )
    expect(() => walkMp3Frames(a.subarray(0, a.length - 10))).toThrow(/cut short/)
    expect(() => walkMp3Frames(Buffer.alloc(0))).toThrow(/no MP3 frames/)
  })

  it('should find the Xing frame lame writes into a file it can seek back in, and none with -t', () => {
    const dir = execFileSync('mktemp', ['-d']).toString().trim()
    execFileSync('espeak-ng', ['-v', 'cmn', '-w', `${dir}/a.wav`, '你好'])
    // Variable bit rate into a file: lame goes back to the first frame and writes its Xing tag there.
    execFileSync('lame', ['--quiet', '-V', '5', `${dir}/a.wav`, `${dir}/tagged.mp3`])
    execFileSync('lame', ['--quiet', '-V', '5', '-t', `${dir}/a.wav`, `${dir}/plain.mp3`])
    const tagged = execFileSync('cat', [`${dir}/tagged.mp3`])
    const plain = execFileSync('cat', [`${dir}/plain.mp3`])
    expect(walkMp3Frames(tagged).tagFrames).toEqual([0])
    expect(walkMp3Frames(plain).tagFrames).toEqual([])
    // Two tagged files joined: the second tag sits in the middle of the stream.
    expect(walkMp3Frames(Buffer.concat([tagged, tagged])).tagFrames).toEqual([0, tagged.length])
  })
})
