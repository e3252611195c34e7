import { execFileSync } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { getPriority, tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import {
  BACKGROUND_NICENESS,
  BACKGROUND_QUEUED,
  createEspeakSynthesizer,
  splitAtSentences,
} from './espeak.synthesizer'
import type { EspeakOptions } from './espeak.synthesizer'
import { walkMp3Frames } from './mp3'
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
    // The MP3's length is its frames': the samples plus lame's start delay and the last frame's padding.
    expect(mp3.durationMs).toBe(walkMp3Frames(mp3.audio).durationMs)
    expect(mp3.durationMs - wav.durationMs).toBeGreaterThanOrEqual(0)
    expect(mp3.durationMs - wav.durationMs).toBeLessThan(150)
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

describe('background syntheses', () => {
  it('should run at the lowest priority, one at a time apart from requests, and refuse past their queue', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'speech-nice-'))
    const log = join(dir, 'log')
    const wav = join(dir, 'a.wav')
    execFileSync('espeak-ng', ['-v', 'cmn', '-w', wav, '你好'])
    // Each fake run gives the engine time to set its priority, then records its niceness and its text.
    const program = fakeProgram(`sleep 0.3; text=$(cat); echo "$(nice) $text" >> ${log}; cat ${wav}`)
    const synth = createEspeakSynthesizer({ ...BASE, espeakPath: program, maxConcurrent: 1, maxQueued: 2 })
    const ahead = Array.from({ length: BACKGROUND_QUEUED + 1 }, (_, i) =>
      synth.synthesize(`后台${i}`, { background: true }),
    )
    // One runs and BACKGROUND_QUEUED wait: one more is refused, while a request is not held behind them.
    expect((await failureOf(synth.synthesize('多一个', { background: true }))).reason).toBe('busy')
    expect((await synth.synthesize('请求')).durationMs).toBeGreaterThan(0)
    const lines = () => execFileSync('cat', [log]).toString().trim().split('\n')
    expect(lines()).toContain(`${getPriority()} 请求`)
    expect(lines()).not.toContain(`${BACKGROUND_NICENESS} 后台${BACKGROUND_QUEUED}`)
    await Promise.all(ahead)
    for (let i = 0; i <= BACKGROUND_QUEUED; i++) expect(lines()).toContain(`${BACKGROUND_NICENESS} 后台${i}`)
    expect(lines().filter((l) => l.endsWith('多一个'))).toEqual([])
  }, 30_000)
})

/** A 30-row list as the script writer reads it: one sentence a row. */
const LIST = [
  '桃园村二零二六年第一季度低保名单公示。低保对象名单，共三十户，合计四万零五百元。',
  ...Array.from(
    { length: 30 },
    (_, i) => `第${i + 1}户，张三丰，三人，每月保障金额一千三百五十元，村民小组第一组。`,
  ),
  '公示期从十二月一日到十二月十一日。如有异议，请在公示期内向村务监督委员会或乡镇人民政府反映。',
].join('')

/** Seconds of audio lame's own decoder gets out of an MP3. */
function decodedSeconds(mp3: Buffer): number {
  const dir = mkdtempSync(join(tmpdir(), 'speech-dec-'))
  writeFileSync(join(dir, 'a.mp3'), mp3)
  execFileSync('lame', ['--quiet', '--decode', join(dir, 'a.mp3'), join(dir, 'a.wav')])
  return (Number(execFileSync('stat', ['-c', '%s', join(dir, 'a.wav')]).toString()) - 44) / 44_100
}

describe('splitAtSentences', () => {
  it('should cut only after sentence ends, into pieces that join back to the script', () => {
    const pieces = splitAtSentences(LIST, 4, 100)
    expect(pieces).toHaveLength(4)
    expect(pieces.join('')).toBe(LIST)
    for (const p of pieces.slice(0, -1)) expect(p).toMatch(/[。！？；]$/u)
    // About equal: none more than twice the average.
    for (const p of pieces) expect(p.length).toBeLessThan((LIST.length / 4) * 2)
  })

  it('should leave a short script, or one without sentence ends, whole', () => {
    expect(splitAtSentences(TEXT, 4, 200)).toEqual([TEXT])
    expect(splitAtSentences(LIST, 1, 100)).toEqual([LIST])
    const noEnds = '一二三四五六七八九十'.repeat(50)
    expect(splitAtSentences(noEnds, 4, 100)).toEqual([noEnds])
    // Trailing punctuation alone is not a piece of its own.
    expect(splitAtSentences(`${'一句话。'.repeat(60)}。。`, 2, 100).at(-1)).toMatch(/[一句话]。。。$/u)
  })
})

describe('createEspeakSynthesizer, long scripts in pieces', () => {
  it('should make one clean MP3 of pieces synthesised at once, as long as the script in one piece', async () => {
    const whole = await createEspeakSynthesizer({ ...BASE, format: 'mp3', piecesAtOnce: 1 }).synthesize(LIST)
    const pieces = await createEspeakSynthesizer({
      ...BASE,
      format: 'mp3',
      piecesAtOnce: 3,
      minPieceChars: 100,
    }).synthesize(LIST)
    // Every byte is in a frame, one sample rate throughout, no ID3 tag and no Xing/Info frame between pieces.
    const frames = walkMp3Frames(pieces.audio)
    expect(frames).toMatchObject({ sampleRate: 22050, samplesPerFrame: 576, tagFrames: [] })
    expect(pieces.durationMs).toBe(frames.durationMs)
    // Each cut adds at most lame's start delay and end padding (under 0.1 s).
    expect(Math.abs(pieces.durationMs - whole.durationMs)).toBeLessThan(300)
    expect(pieces.durationMs).toBeGreaterThan(60_000)
    // A decoder plays it all: lame --decode gets the frames' length back.
    expect(Math.abs(decodedSeconds(pieces.audio) - pieces.durationMs / 1000)).toBeLessThan(0.2)
  })

  it('should join WAV pieces under one header that tells their total length', async () => {
    const out = await createEspeakSynthesizer({ ...BASE, piecesAtOnce: 2, minPieceChars: 100 }).synthesize(
      LIST,
    )
    expect(out.audio.readUInt32LE(40)).toBe(out.audio.length - 44)
    expect(out.durationMs).toBe(Math.round(((out.audio.length - 44) / 44_100) * 1000))
    expect(out.durationMs).toBeGreaterThan(60_000)
  })

  it('should run pieces at once, but no more pipelines than piecesAtOnce across syntheses', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'speech-pieces-'))
    const log = join(dir, 'log')
    const wav = join(dir, 'a.wav')
    execFileSync('espeak-ng', ['-v', 'cmn', '-w', wav, '你好'])
    const program = fakeProgram(
      `echo start >> ${log}; cat >/dev/null; sleep 0.3; echo end >> ${log}; cat ${wav}`,
    )
    const synth = createEspeakSynthesizer({
      ...BASE,
      espeakPath: program,
      piecesAtOnce: 2,
      minPieceChars: 100,
    })
    // Two syntheses of two pieces each: four pipelines, two at a time.
    const done = await Promise.all([synth.synthesize(LIST), synth.synthesize(LIST)])
    expect(done.map((d) => d.durationMs > 0)).toEqual([true, true])
    const lines = execFileSync('cat', [log]).toString().trim().split('\n')
    expect(lines).toHaveLength(8)
    let running = 0
    let most = 0
    for (const line of lines) {
      running += line === 'start' ? 1 : -1
      most = Math.max(most, running)
    }
    expect(most).toBe(2)
  })

  it('should stop every piece when one fails', async () => {
    // The piece holding 第一户 fails at once; the others would run for 30 s if nobody stopped them.
    const program = fakeProgram('t=$(cat); case "$t" in *第1户*) exit 3;; esac; exec sleep 30')
    const synth = createEspeakSynthesizer({
      ...BASE,
      espeakPath: program,
      piecesAtOnce: 3,
      minPieceChars: 100,
    })
    const started = Date.now()
    expect((await failureOf(synth.synthesize(LIST))).reason).toBe('failed')
    expect(Date.now() - started).toBeLessThan(5000)
  })
})
