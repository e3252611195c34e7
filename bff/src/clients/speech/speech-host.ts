/**
 * The speech host: a small Node process that runs the espeak-ng synthesizer for the BFF (`hosted.synthesizer.ts`).
 * Starting a program forks the process that starts it, and forking the BFF (hundreds of MB resident) stopped its
 * event loop for 20-100 ms per espeak-ng or lame started, several per publication; forking this process costs about
 * a millisecond. It takes `{ id, text }` messages and answers `{ id, ok, ... }`; it ends when the BFF does.
 */
import type { EspeakOptions } from './espeak.synthesizer'
import { createEspeakSynthesizer } from './espeak.synthesizer'
import { SpeechSynthesisError } from './speech-synthesizer'
import type { HostReply, HostRequest } from './hosted.synthesizer'

const options = JSON.parse(process.argv[2] ?? '{}') as EspeakOptions
const synthesizer = createEspeakSynthesizer(options)

function reply(message: HostReply): void {
  // Advanced serialization keeps the audio bytes as they are (no base64 on the way). The BFF may have gone between
  // the check and the write (killed, or stopping): the failed send (EPIPE) means nobody is left to answer.
  if (process.connected) process.send?.(message, undefined, {}, (err) => err && process.exit(0))
}

process.on('message', (message: HostRequest) => {
  synthesizer.synthesize(message.text, { background: message.background === true }).then(
    (speech) => reply({ id: message.id, ok: true, ...speech }),
    (err: unknown) =>
      reply({
        id: message.id,
        ok: false,
        reason: err instanceof SpeechSynthesisError ? err.reason : 'failed',
        message: err instanceof Error ? err.message : String(err),
      }),
  )
})
// The BFF ended (or closed the channel): nothing more will be asked.
process.on('disconnect', () => process.exit(0))
