import { fork } from 'node:child_process'
import type { ChildProcess } from 'node:child_process'
import { createRequire } from 'node:module'
import { pathToFileURL } from 'node:url'
import type { EspeakOptions } from './espeak.synthesizer'
import { createEspeakSynthesizer } from './espeak.synthesizer'
import type {
  SpeechFailure,
  SpeechSynthesizer,
  SynthesisOptions,
  SynthesizedSpeech,
} from './speech-synthesizer'
import { SpeechSynthesisError } from './speech-synthesizer'

/** A synthesis asked of the speech host. */
export interface HostRequest {
  id: number
  text: string
  background?: boolean
}

/** The speech host's answer to request `id`. */
export type HostReply =
  | ({ id: number; ok: true } & SynthesizedSpeech)
  | { id: number; ok: false; reason: SpeechFailure; message: string }

const here = import.meta.url
// Under tsx or vitest this file is TypeScript and so is the host; compiled, both are .js next to the entry.
const RUNS_FROM_SOURCE = here.endsWith('.ts')
const HOST_URL = new URL(`./speech-host.${RUNS_FROM_SOURCE ? 'ts' : 'js'}`, here)

/**
 * Node flags of the host: from TypeScript sources, tsx's loader (a test runner's hooks do not reach a child);
 * compiled, source maps when the BFF has them (the BFF's other flags, such as --cpu-prof, are not the host's).
 */
function hostExecArgv(): string[] {
  if (!RUNS_FROM_SOURCE) return process.execArgv.filter((flag) => flag === '--enable-source-maps')
  // tsx's package entry for `--import` is its loader.
  return ['--import', pathToFileURL(createRequire(here).resolve('tsx')).href]
}

/**
 * The espeak-ng synthesizer run in its own small process (`speech-host.ts`), started on the first synthesis and
 * started again after it ended. Same id, format, limits, queue and errors as `createEspeakSynthesizer`, which runs
 * inside the host; the BFF's event loop only passes text and bytes.
 */
export function createHostedSynthesizer(options: EspeakOptions): SpeechSynthesizer {
  // Only for its id and limits: creating it starts nothing.
  const local = createEspeakSynthesizer(options)
  let host: ChildProcess | null = null
  let nextId = 1
  const pending = new Map<number, { resolve(s: SynthesizedSpeech): void; reject(e: Error): void }>()

  const settle = (id: number) => {
    const waiting = pending.get(id)
    pending.delete(id)
    // Idle, the host keeps nothing alive: the BFF may end while it waits for work.
    if (pending.size === 0) host?.channel?.unref()
    return waiting
  }

  function start(): ChildProcess {
    const child = fork(HOST_URL, [JSON.stringify(options)], {
      execArgv: hostExecArgv(),
      serialization: 'advanced',
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    })
    child.unref()
    child.on('message', (message: HostReply) => {
      const waiting = settle(message.id)
      if (!waiting) return
      if (!message.ok) waiting.reject(new SpeechSynthesisError(message.reason, message.message))
      else
        waiting.resolve({
          // Advanced serialization hands a Buffer over as a Uint8Array.
          audio: Buffer.from(message.audio.buffer, message.audio.byteOffset, message.audio.byteLength),
          format: message.format,
          durationMs: message.durationMs,
        })
    })
    const gone = () => {
      if (host !== child) return
      host = null
      for (const id of [...pending.keys()])
        settle(id)?.reject(new SpeechSynthesisError('failed', 'the speech host ended'))
    }
    child.once('exit', gone)
    child.once('error', gone)
    return child
  }

  return {
    id: local.id,
    format: local.format,
    maxTextChars: local.maxTextChars,
    synthesize(text: string, how?: SynthesisOptions): Promise<SynthesizedSpeech> {
      return new Promise((resolve, reject) => {
        host ??= start()
        const id = nextId++
        pending.set(id, { resolve, reject })
        host.channel?.ref()
        const request: HostRequest = { id, text, ...(how?.background ? { background: true } : {}) }
        host.send(request, (err) => {
          if (err)
            settle(id)?.reject(
              new SpeechSynthesisError('failed', `the speech host is unreachable: ${err.message}`),
            )
        })
      })
    },
  }
}
