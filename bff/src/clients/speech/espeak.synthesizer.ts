import { spawn } from 'node:child_process'
import type { ChildProcess } from 'node:child_process'
import { availableParallelism, setPriority } from 'node:os'
import { walkMp3Frames } from './mp3'
import type {
  SpeechAudioFormat,
  SpeechSynthesizer,
  SynthesisOptions,
  SynthesizedSpeech,
} from './speech-synthesizer'
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
  /**
   * Pieces of one long script synthesised at once, and pipelines (espeak-ng → lame) running at once in this process
   * across all syntheses. @default os.availableParallelism()
   */
  piecesAtOnce?: number
  /** Shortest piece a script is cut into; a script under twice this is synthesised whole. @default 200 */
  minPieceChars?: number
}

/**
 * Niceness of the programs of a background synthesis (audio made at publication, before anyone listens): the lowest
 * CPU priority, so on a busy machine they take only what serving requests leaves (`docs/speech.md`).
 */
export const BACKGROUND_NICENESS = 19
/** Background syntheses waiting for their turn at most (they run one at a time); more are refused as `busy`. */
export const BACKGROUND_QUEUED = 8

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

/** Characters that end a sentence; a long script is cut only right after a run of them. */
const SENTENCE_ENDS = '。！？；!?;\n'
const SENTENCE = new RegExp(`[^${SENTENCE_ENDS}]*(?:[${SENTENCE_ENDS}]+|$)`, 'gu')

/**
 * Cuts a script at sentence ends into at most `parts` pieces of about equal length, each at least `minChars` long
 * (a short script stays whole). Joined again they are the script, character for character.
 */
export function splitAtSentences(text: string, parts: number, minChars: number): string[] {
  const count = Math.min(parts, Math.floor(text.length / Math.max(1, minChars)))
  if (count <= 1) return [text]
  const target = text.length / count
  const pieces: string[] = []
  let current = ''
  let done = 0
  for (const sentence of text.match(SENTENCE) ?? []) {
    if (!sentence) continue
    current += sentence
    done += sentence.length
    if (pieces.length < count - 1 && done >= target * (pieces.length + 1)) {
      pieces.push(current)
      current = ''
    }
  }
  // A tail without anything to read (spaces, punctuation) joins the piece before it instead of becoming silence.
  if (current && (/[\p{L}\p{N}]/u.test(current) || pieces.length === 0)) pieces.push(current)
  else if (current) pieces[pieces.length - 1] += current
  return pieces
}

/** One synthesis, possibly of several pieces at once: the first failure, and every process still running. */
class Synthesis {
  failure: SpeechSynthesisError | null = null
  /** Niceness its programs are given as they start (a background synthesis), or undefined to leave it as it is. */
  constructor(readonly niceness?: number) {}
  /** Sample bytes produced by all pieces so far, against the audio limit. */
  pcmBytes = 0
  readonly children = new Set<ChildProcess>()

  fail(reason: SpeechSynthesisError['reason'], message: string): void {
    this.failure ??= new SpeechSynthesisError(reason, message)
    for (const child of this.children) kill(child)
  }

  start(child: ChildProcess): ChildProcess {
    this.children.add(child)
    if (this.niceness !== undefined && child.pid !== undefined)
      try {
        setPriority(child.pid, this.niceness)
      } catch {
        // It ended already, or the system refused: it runs at the priority it has.
      }
    // A piece starting after another failed is stopped at once.
    if (this.failure) kill(child)
    return child
  }
}

/** What one piece's pipeline produced: its PCM format, its sample bytes, and the WAV samples or the MP3 frames. */
interface PieceAudio {
  format: PcmFormat
  pcmBytes: number
  chunks: Buffer[]
}

/** Creates the espeak-ng synthesizer. */
export function createEspeakSynthesizer(options: EspeakOptions): SpeechSynthesizer {
  const voice = options.voice ?? 'cmn'
  const wpm = options.wordsPerMinute ?? 160
  const kbps = options.mp3Kbps ?? 32
  const maxTextChars = options.maxTextChars ?? 12_000
  const maxAudioSeconds = options.maxAudioSeconds ?? 3600
  const parallelism = Math.max(1, options.piecesAtOnce ?? availableParallelism())
  const minPieceChars = options.minPieceChars ?? 200
  const turns = new Turns(options.maxConcurrent, options.maxQueued)
  // Background syntheses queue apart, one at a time, so requests never wait behind them for a turn or a pipeline.
  const backgroundTurns = new Turns(1, BACKGROUND_QUEUED)
  // Pipelines running at once across all syntheses of this process: one per core is what the machine can run.
  const pipelines = new Turns(parallelism, Number.POSITIVE_INFINITY)

  /** espeak-ng's WAV streamed straight into lame (MP3) or collected (WAV), for one piece of text. */
  async function pipeline(text: string, syn: Synthesis): Promise<PieceAudio> {
    const piece: { lame: ChildProcess | null; lameDone: Promise<number> | null; format: PcmFormat | null } = {
      lame: null,
      lameDone: null,
      format: null,
    }
    let head = Buffer.alloc(0)
    let pcmBytes = 0
    const chunks: Buffer[] = []
    const espeak = syn.start(
      spawn(options.espeakPath, ['-v', voice, '-s', String(wpm), '-b', '1', '--stdout', '--stdin'], {
        stdio: ['pipe', 'pipe', 'ignore'],
      }),
    )
    const espeakDone = exited(espeak)
    espeak.once('error', () => syn.fail('failed', 'espeak-ng could not start'))

    const startLame = (f: PcmFormat) => {
      const child = syn.start(
        spawn(
          options.lamePath,
          [
            '--quiet',
            // Quality 7 (lame's -f) encodes speech about twice as fast as the default 3 at the same size, and sounds
            // the same for a synthetic voice (BENCHMARKS.md).
            '-q',
            '7',
            // No Xing/Info frame: the pieces' frames are concatenated, and a tag frame in the middle of the stream
            // would tell a player the length of one piece.
            '-t',
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
        ),
      )
      piece.lame = child
      piece.lameDone = exited(child)
      child.once('error', () => syn.fail('failed', 'lame could not start'))
      child.stdout?.on('data', (c: Buffer) => chunks.push(c))
      child.stdin?.on('error', () => syn.fail('failed', 'lame closed its input'))
      // Backpressure: espeak-ng pauses while lame catches up.
      child.stdin?.on('drain', () => espeak.stdout?.resume())
    }
    const samples = (chunk: Buffer, format: PcmFormat) => {
      pcmBytes += chunk.length
      syn.pcmBytes += chunk.length
      if (syn.pcmBytes > maxAudioSeconds * byteRate(format)) {
        syn.fail('too_long', `audio longer than ${maxAudioSeconds} s`)
        return
      }
      if (piece.lame) {
        if (piece.lame.stdin?.write(chunk) === false) espeak.stdout?.pause()
      } else chunks.push(chunk)
    }
    espeak.stdout?.on('data', (chunk: Buffer) => {
      if (syn.failure) return
      if (piece.format) {
        samples(chunk, piece.format)
        return
      }
      head = Buffer.concat([head, chunk])
      try {
        const parsed = parseWavHeader(head)
        if (!parsed) return
        piece.format = parsed
        if (options.format === 'mp3') startLame(parsed)
        samples(head.subarray(parsed.dataOffset), parsed)
      } catch (err) {
        syn.fail('failed', `espeak-ng wrote no WAV: ${(err as Error).message}`)
      }
    })
    espeak.stdin?.on('error', () => syn.fail('failed', 'espeak-ng closed its input'))
    espeak.stdin?.end(text, 'utf8')

    try {
      const espeakCode = await espeakDone
      if (espeakCode !== 0) syn.fail('failed', `espeak-ng ended with ${espeakCode}`)
      if (piece.lame && piece.lameDone) {
        piece.lame.stdin?.end()
        const lameCode = await piece.lameDone
        if (lameCode !== 0) syn.fail('failed', `lame ended with ${lameCode}`)
      }
      if (syn.failure) throw syn.failure
      if (!piece.format) throw new SpeechSynthesisError('failed', 'espeak-ng wrote no audio')
      return { format: piece.format, pcmBytes, chunks }
    } finally {
      kill(espeak)
      kill(piece.lame)
      syn.children.delete(espeak)
      if (piece.lame) syn.children.delete(piece.lame)
    }
  }

  async function synthesizeNow(text: string, background = false): Promise<SynthesizedSpeech> {
    const syn = new Synthesis(background ? BACKGROUND_NICENESS : undefined)
    const timer = setTimeout(
      () => syn.fail('timeout', `synthesis took over ${options.timeoutMs} ms`),
      options.timeoutMs,
    )
    try {
      // Long scripts are cut at sentence ends and the pieces synthesised at once, one pipeline per core; every
      // piece is complete MP3 frames, so the file is the pieces one after another (docs/speech.md).
      // A background synthesis is one piece outside the pipelines' turns: it must not hold one a request could use.
      const settled = await Promise.allSettled(
        background
          ? [pipeline(text, syn)]
          : splitAtSentences(text, parallelism, minPieceChars).map((piece) =>
              pipelines.run(() => (syn.failure ? Promise.reject(syn.failure) : pipeline(piece, syn))),
            ),
      )
      if (syn.failure) throw syn.failure
      const pieces: PieceAudio[] = []
      for (const s of settled) {
        if (s.status === 'rejected') throw s.reason
        pieces.push(s.value)
      }
      const format = pieces[0]?.format
      if (!format) throw new SpeechSynthesisError('failed', 'espeak-ng wrote no audio')
      if (
        pieces.some((p) => p.format.sampleRate !== format.sampleRate || p.format.channels !== format.channels)
      )
        throw new SpeechSynthesisError('failed', 'espeak-ng wrote pieces in different formats')
      const pcmBytes = pieces.reduce((sum, p) => sum + p.pcmBytes, 0)
      const body = pieces.flatMap((p) => p.chunks)
      if (options.format === 'wav')
        return {
          audio: Buffer.concat([wavHeader(pcmBytes, format), ...body]),
          format: 'wav',
          durationMs: pcmDurationMs(pcmBytes, format),
        }
      const audio = Buffer.concat(body)
      try {
        // What a player plays: every frame's samples, the encoder's start delay and end padding of each piece
        // included (about 50-80 ms a piece).
        return { audio, format: 'mp3', durationMs: walkMp3Frames(audio).durationMs }
      } catch (err) {
        throw new SpeechSynthesisError('failed', `lame wrote no clean MP3: ${(err as Error).message}`)
      }
    } finally {
      clearTimeout(timer)
      for (const child of syn.children) kill(child)
    }
  }

  return {
    id: `espeak-ng/${voice}/${wpm}wpm/${options.format === 'mp3' ? `mp3-${kbps}k-q7` : 'wav'}`,
    format: options.format,
    maxTextChars,
    async synthesize(text: string, how?: SynthesisOptions): Promise<SynthesizedSpeech> {
      if (text.length > maxTextChars)
        throw new SpeechSynthesisError('too_long', `text of ${text.length} characters (max ${maxTextChars})`)
      return how?.background
        ? backgroundTurns.run(() => synthesizeNow(text, true))
        : turns.run(() => synthesizeNow(text))
    },
  }
}
