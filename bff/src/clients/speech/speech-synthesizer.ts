/**
 * Text to speech behind one interface (`docs/speech.md`): the BFF asks for audio of a script and gets bytes, their
 * format and their length. The engine is chosen by configuration (`SPEECH_ENGINE`); a cloud service can be added as
 * another implementation without touching the callers.
 */

/** Audio formats the engines produce. */
export type SpeechAudioFormat = 'mp3' | 'wav'

/** Content-Type of each format. */
export const SPEECH_CONTENT_TYPES: Record<SpeechAudioFormat, string> = {
  mp3: 'audio/mpeg',
  wav: 'audio/wav',
}

/** Audio of one script. */
export interface SynthesizedSpeech {
  audio: Buffer
  format: SpeechAudioFormat
  /** Length computed from the samples the engine produced. */
  durationMs: number
}

/** How a synthesis is asked for. */
export interface SynthesisOptions {
  /**
   * Audio made ahead of any listener (at publication): the engine runs it at the lowest CPU priority, one at a time,
   * and refuses it as `busy` when several already wait, so it only uses what serving requests leaves of the machine
   * (`docs/speech.md`).
   */
  background?: boolean
}

/** A text-to-speech engine. */
export interface SpeechSynthesizer {
  /**
   * Engine, voice, rate and format in one string. It is part of every cached audio's key, so changing any of them
   * synthesises anew instead of serving audio of another voice.
   */
  readonly id: string
  readonly format: SpeechAudioFormat
  /** Longest text accepted, in characters. */
  readonly maxTextChars: number
  /** Synthesises Simplified Chinese text; throws SpeechSynthesisError when it cannot. */
  synthesize(text: string, options?: SynthesisOptions): Promise<SynthesizedSpeech>
}

/** Why synthesis failed: `off` (no engine configured), `busy` (queue full), `too_long`, `timeout`, `failed`. */
export type SpeechFailure = 'off' | 'busy' | 'too_long' | 'timeout' | 'failed'

/** A synthesis that did not produce audio; always the server's problem (the text is written by the server). */
export class SpeechSynthesisError extends Error {
  constructor(
    readonly reason: SpeechFailure,
    message: string,
  ) {
    super(message)
    this.name = 'SpeechSynthesisError'
  }
}

/** The engine when `SPEECH_ENGINE=off`: every request fails as `off`. */
export const disabledSynthesizer: SpeechSynthesizer = {
  id: 'off',
  format: 'mp3',
  maxTextChars: 0,
  synthesize() {
    return Promise.reject(
      new SpeechSynthesisError('off', 'speech synthesis is turned off (SPEECH_ENGINE=off)'),
    )
  },
}
