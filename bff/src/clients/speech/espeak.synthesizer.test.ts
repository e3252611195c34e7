import { execFileSync } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { createEspeakSynthesizer } from './espeak.synthesizer'
import type { EspeakOptions } from './espeak.synthesizer'
import { SpeechSynthesisError } from './speech-synthesizer'
import { parseWavHeader } from './wav'

const BASE: EspeakOptions = {
  espeakPath: 'espeak-ng',
  lamePath: 'lame',
  format: 'wav',
  timeoutMs: 20_000,
  maxConcurrent: 2,
  maxQueued: 8,
}
const TEXT = '桃园村二零二六年第四季度低保对象名单，共三户，合计四千零五十一元五角。'

async function failureOf(p: Promise<unknown>): Promise<SpeechSynthesisError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  )
  expect(err).toBeInstanceOf(SpeechSynthesisError)
  return err as SpeechSynthesisError
}

/** A stand-in program (a shell script) for the engine's failure modes. */
function fakeProgram(body: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'speech-fake-'))
  const path = join(dir, 'fake.sh')
  writeFileSync(path, `#!/bin/sh\n${body}\n`, { mode: 0o755 })
  return path
}

describe('createEspeakSynthesizer', () => {
  it('should write a WAV whose header tells its real length (espeak-ng leaves placeholders on a pipe)', async () => {
    const out = await createEspeakSynthesizer(BASE).synthesize(TEXT)
    expect(out.format).toBe('wav')
    const header = parseWavHeader(out.audio)
    expect(header).toMatchObject({ sampleRate: 22050, channels: 1, bitsPerSample: 16, dataOffset: 44 })
    expect(out.audio.readUInt32LE(4)).toBe(out.audio.length - 8)
    expect(out.audio.readUInt32LE(40)).toBe(out.audio.length - 44)
    // The duration is the samples' length: bytes / (22050 × 2) seconds.
    expect(out.durationMs).toBe(Math.round(((out.audio.length - 44) / 44_100) * 1000))
    expect(out.durationMs).toBeGreaterThan(3000)
  })

  it('should encode MP3 through lame, about a tenth of the WAV, of the same duration', async () => {
    const wav = await createEspeakSynthesizer(BASE).synthesize(TEXT)
    const mp3 = await createEspeakSynthesizer({ ...BASE, format: 'mp3' }).synthesize(TEXT)
    expect(mp3.format).toBe('mp3')
    // An MPEG audio frame starts with 11 set sync bits (or an ID3 tag).
    const b0 = mp3.audio[0] ?? 0
    const b1 = mp3.audio[1] ?? 0
    expect(mp3.audio.toString('latin1', 0, 3) === 'ID3' || (b0 === 0xff && (b1 & 0xe0) === 0xe0)).toBe(true)
    expect(mp3.durationMs).toBe(wav.durationMs)
    expect(mp3.audio.length).toBeLessThan(wav.audio.length / 5)
    // What a decoder makes of it: lame --decode reads it back to about the same length.
    const dir = mkdtempSync(join(tmpdir(), 'speech-mp3-'))
    writeFileSync(join(dir, 'a.mp3'), mp3.audio)
    execFileSync('lame', ['--quiet', '--decode', join(dir, 'a.mp3'), join(dir, 'a.wav')])
    const decoded = execFileSync('stat', ['-c', '%s', join(dir, 'a.wav')]).toString()
    expect(Math.abs(Number(decoded) / 44_100 - mp3.durationMs / 1000)).toBeLessThan(0.2)
  })

  it('should refuse text longer than its limit before starting a process', async () => {
    const synth = createEspeakSynthesizer({ ...BASE, maxTextChars: 10, espeakPath: '/nonexistent/espeak' })
    expect((await failureOf(synth.synthesize('一二三四五六七八九十十一'))).reason).toBe('too_long')
  })

  it('should fail, not crash, when the program is missing or ends badly', async () => {
    const missing = createEspeakSynthesizer({ ...BASE, espeakPath: '/nonexistent/espeak-ng' })
    expect((await failureOf(missing.synthesize(TEXT))).reason).toBe('failed')
    const bad = createEspeakSynthesizer({
      ...BASE,
      espeakPath: fakeProgram('cat >/dev/null; echo nonsense; exit 0'),
    })
    expect((await failureOf(bad.synthesize(TEXT))).reason).toBe('failed')
    const crashing = createEspeakSynthesizer({ ...BASE, espeakPath: fakeProgram('exit 3') })
    expect((await failureOf(crashing.synthesize(TEXT))).reason).toBe('failed')
    const noLame = createEspeakSynthesizer({ ...BASE, format: 'mp3', lamePath: '/nonexistent/lame' })
    expect((await failureOf(noLame.synthesize(TEXT))).reason).toBe('failed')
  })

  it('should kill a synthesis that runs past its timeout', async () => {
    const slow = createEspeakSynthesizer({
      ...BASE,
      timeoutMs: 300,
      espeakPath: fakeProgram('exec sleep 30'),
    })
    const started = Date.now()
    expect((await failureOf(slow.synthesize(TEXT))).reason).toBe('timeout')
    expect(Date.now() - started).toBeLessThan(5000)
  })

  it('should stop audio longer than its limit', async () => {
    const synth = createEspeakSynthesizer({ ...BASE, maxAudioSeconds: 1 })
    expect((await failureOf(synth.synthesize(TEXT))).reason).toBe('too_long')
  })

  it('should run at most maxConcurrent at once and refuse past the queue', async () => {
    // Each fake run records its start and end; overlapping runs would show two starts in a row.
    const dir = mkdtempSync(join(tmpdir(), 'speech-turns-'))
    const log = join(dir, 'log')
    const wav = join(dir, 'a.wav')
    execFileSync('espeak-ng', ['-v', 'cmn', '-w', wav, '你好'])
    const program = fakeProgram(
      `echo start >> ${log}; cat >/dev/null; sleep 0.2; cat ${wav}; echo end >> ${log}`,
    )
    const synth = createEspeakSynthesizer({ ...BASE, espeakPath: program, maxConcurrent: 1, maxQueued: 2 })
    const runs = [synth.synthesize('一'), synth.synthesize('二'), synth.synthesize('三')]
    expect((await failureOf(synth.synthesize('四'))).reason).toBe('busy')
    const done = await Promise.all(runs)
    expect(done.map((d) => d.durationMs > 0)).toEqual([true, true, true])
    const lines = execFileSync('cat', [log]).toString().trim().split('\n')
    expect(lines).toEqual(['start', 'end', 'start', 'end', 'start', 'end'])
  })
})
