import { spawn } from 'node:child_process'
import type { ChildProcess } from 'node:child_process'
import type { SpeechAudioFormat, SpeechSynthesizer, SynthesizedSpeech } from './speech-synthesizer'
import { SpeechSynthesisError } from './speech-synthesizer'
import type { PcmFormat } from './wav'
import { byteRate, parseWavHeader, pcmDurationMs, wavHeader } from './wav'

/**
 * The espeak-ng engine (Debian's `espeak-ng`, GPL-3.0): run as a separate program per script, never linked, so its
 * licence does not reach this code (`docs/speech.md`). It reads UTF-8 text on stdin and writes 16-bit mono WAV on
 * stdout; for MP3 the samples are piped on into Debian's `lame` (LGPL-2.0), also a separate program.
 */

/** Settings of the espeak-ng engine (from config.ts). */
export interface EspeakOptions {
  /** The espeak-ng executable. @default espeak-ng */
  espeakPath: string
  /** The lame executable (MP3 only). @default lame */
  lamePath: string
  format: SpeechAudioFormat
  /** espeak-ng voice: `cmn` is Mandarin in pinyin with tones. @default cmn */
  voice?: string
  /** Speaking rate in words per minute (espeak-ng's default is 175; slower suits older listeners). @default 160 */
  wordsPerMinute?: number
  /** MP3 bit rate in kbit/s: speech in mono at 32 is clear and about a tenth of the WAV. @default 32 */
  mp3Kbps?: number
  /** Longest one synthesis may run before both programs are killed. */
  timeoutMs: number
  /** Syntheses running at once (each is one or two processes). */
  maxConcurrent: number
  /** Syntheses waiting for a turn; more are refused as `busy`. */
  maxQueued: number
  /** Longest text accepted. @default 12000 */
  maxTextChars?: number
  /** Most audio one synthesis may produce, in seconds; longer is stopped as `too_long`. @default 3600 */
  maxAudioSeconds?: number
}

/** A first-come queue that lets `max` tasks run at once and refuses work past `maxQueued` waiting. */
class Turns {
  private running = 0
  private readonly waiting: Array<() => void> = []
  constructor(
    private readonly max: number,
    private readonly maxQueued: number,
  ) {}

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.running >= this.max) {
      if (this.waiting.length >= this.maxQueued)
        throw new SpeechSynthesisError('busy', 'too many syntheses waiting')
      await new Promise<void>((resolve) => this.waiting.push(resolve))
    } else {
      this.running++
    }
    try {
      return await task()
    } finally {
      const next = this.waiting.shift()
      // The turn passes straight to the next waiting task, so `running` counts it already.
      if (next) next()
      else this.running--
    }
  }
}

/** Kills a child and closes its pipes, so waiting for it ends even if it left a process holding them open. */
function kill(child: ChildProcess | null): void {
  if (!child) return
  if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
  child.stdin?.destroy()
  child.stdout?.destroy()
}

/** Waits for a child to exit; resolves with its exit code (or -1 when killed or it could not start). */
function exited(child: ChildProcess): Promise<number> {
  return new Promise((resolve) => {
    child.once('error', () => resolve(-1))
    child.once('close', (code) => resolve(code ?? -1))
  })
}

/** Creates the espeak-ng synthesizer. */
export function createEspeakSynthesizer(options: EspeakOptions): SpeechSynthesizer {
  const voice = options.voice ?? 'cmn'
  const wpm = options.wordsPerMinute ?? 160
  const kbps = options.mp3Kbps ?? 32
  const maxTextChars = options.maxTextChars ?? 12_000
  const maxAudioSeconds = options.maxAudioSeconds ?? 3600
  const turns = new Turns(options.maxConcurrent, options.maxQueued)

  async function synthesizeNow(text: string): Promise<SynthesizedSpeech> {
    // What the pipe callbacks fill in; one object so the steps below read its current state.
    const run: {
      lame: ChildProcess | null
      lameDone: Promise<number> | null
      format: PcmFormat | null
      failure: SpeechSynthesisError | null
      head: Buffer
      pcmBytes: number
      pcm: Buffer[]
      mp3: Buffer[]
    } = {
      lame: null,
      lameDone: null,
      format: null,
      failure: null,
      head: Buffer.alloc(0),
      pcmBytes: 0,
      pcm: [],
      mp3: [],
    }
    const espeak = spawn(
      options.espeakPath,
      ['-v', voice, '-s', String(wpm), '-b', '1', '--stdout', '--stdin'],
      {
        stdio: ['pipe', 'pipe', 'ignore'],
      },
    )
    const fail = (reason: SpeechSynthesisError['reason'], message: string) => {
      run.failure ??= new SpeechSynthesisError(reason, message)
      kill(espeak)
      kill(run.lame)
    }
    const espeakDone = exited(espeak)
    espeak.once('error', () => fail('failed', 'espeak-ng could not start'))
    const timer = setTimeout(
      () => fail('timeout', `synthesis took over ${options.timeoutMs} ms`),
      options.timeoutMs,
    )

    const startLame = (f: PcmFormat) => {
      const child = spawn(
        options.lamePath,
        [
          '--quiet',
          // Quality 7 (lame's -f) encodes speech about twice as fast as the default 3 at the same size, and sounds the
          // same for a synthetic voice (BENCHMARKS.md).
          '-q',
          '7',
          '-r',
          '-s',
          String(f.sampleRate / 1000),
          '--bitwidth',
          String(f.bitsPerSample),
          '--signed',
          '--little-endian',
          '-m',
          'm',
          '-b',
          String(kbps),
          '-',
          '-',
        ],
        { stdio: ['pipe', 'pipe', 'ignore'] },
      )
      run.lame = child
      run.lameDone = exited(child)
      child.once('error', () => fail('failed', 'lame could not start'))
      child.stdout?.on('data', (c: Buffer) => run.mp3.push(c))
      child.stdin?.on('error', () => fail('failed', 'lame closed its input'))
      // Backpressure: espeak-ng pauses while lame catches up.
      child.stdin?.on('drain', () => espeak.stdout?.resume())
    }
    const samples = (chunk: Buffer, format: PcmFormat) => {
      run.pcmBytes += chunk.length
      if (run.pcmBytes > maxAudioSeconds * byteRate(format)) {
        fail('too_long', `audio longer than ${maxAudioSeconds} s`)
        return
      }
      if (run.lame) {
        if (run.lame.stdin?.write(chunk) === false) espeak.stdout?.pause()
      } else run.pcm.push(chunk)
    }
    espeak.stdout?.on('data', (chunk: Buffer) => {
      if (run.failure) return
      if (run.format) {
        samples(chunk, run.format)
        return
      }
      run.head = Buffer.concat([run.head, chunk])
      try {
        const parsed = parseWavHeader(run.head)
        if (!parsed) return
        run.format = parsed
        if (options.format === 'mp3') startLame(parsed)
        samples(run.head.subarray(parsed.dataOffset), parsed)
      } catch (err) {
        fail('failed', `espeak-ng wrote no WAV: ${(err as Error).message}`)
      }
    })
    espeak.stdin?.on('error', () => fail('failed', 'espeak-ng closed its input'))
    espeak.stdin?.end(text, 'utf8')

    try {
      const espeakCode = await espeakDone
      if (espeakCode !== 0) fail('failed', `espeak-ng ended with ${espeakCode}`)
      if (run.lame && run.lameDone) {
        run.lame.stdin?.end()
        const lameCode = await run.lameDone
        if (lameCode !== 0) fail('failed', `lame ended with ${lameCode}`)
      }
      if (run.failure) throw run.failure
      const format = run.format
      if (!format) throw new SpeechSynthesisError('failed', 'espeak-ng wrote no audio')
      const durationMs = pcmDurationMs(run.pcmBytes, format)
      if (options.format === 'mp3') return { audio: Buffer.concat(run.mp3), format: 'mp3', durationMs }
      return {
        audio: Buffer.concat([wavHeader(run.pcmBytes, format), ...run.pcm]),
        format: 'wav',
        durationMs,
      }
    } finally {
      clearTimeout(timer)
      kill(espeak)
      kill(run.lame)
    }
  }

  return {
    id: `espeak-ng/${voice}/${wpm}wpm/${options.format === 'mp3' ? `mp3-${kbps}k-q7` : 'wav'}`,
    format: options.format,
    maxTextChars,
    async synthesize(text: string): Promise<SynthesizedSpeech> {
      if (text.length > maxTextChars)
        throw new SpeechSynthesisError('too_long', `text of ${text.length} characters (max ${maxTextChars})`)
      return turns.run(() => synthesizeNow(text))
    },
  }
}
