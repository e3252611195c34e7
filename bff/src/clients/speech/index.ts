import type { Config } from '../../config'
import { createHostedSynthesizer } from './hosted.synthesizer'
import type { SpeechSynthesizer } from './speech-synthesizer'
import { disabledSynthesizer } from './speech-synthesizer'

export * from './speech-synthesizer'

/** Syntheses that may wait for a turn per process; past that a request answers 503 at once instead of piling up. */
const MAX_QUEUED_SYNTHESES = 32

/** The synthesizer the configuration chooses (`SPEECH_ENGINE`, `docs/speech.md`). */
export function createSpeechSynthesizer(config: Config): SpeechSynthesizer {
  switch (config.SPEECH_ENGINE) {
    case 'off':
      return disabledSynthesizer
    case 'espeak':
      // In its own small process: starting espeak-ng and lame from the BFF would fork the BFF (hosted.synthesizer.ts).
      return createHostedSynthesizer({
        espeakPath: config.SPEECH_ESPEAK_PATH,
        lamePath: config.SPEECH_LAME_PATH,
        format: config.SPEECH_FORMAT,
        timeoutMs: config.SPEECH_TIMEOUT_MS,
        maxConcurrent: config.SPEECH_CONCURRENCY,
        maxQueued: MAX_QUEUED_SYNTHESES,
      })
  }
}
