import { createHash } from 'node:crypto'
import type { Readable } from 'node:stream'
import mongoose from 'mongoose'
import type { Connection } from 'mongoose'
import type { DisclosureDto, SpeechPart, SpeechScript } from '@cunwu/domain'
import { ErrorCode, shanghaiDateOf, writeSpeechScript } from '@cunwu/domain'
import type { SpeechAudioFormat, SpeechSynthesizer, SynthesisOptions } from '../clients/speech'
import { SPEECH_CONTENT_TYPES, SpeechSynthesisError } from '../clients/speech'
import { AppError, databaseUnavailable } from '../errors'
import { isDuplicateKey } from '../lib/db-writes'

/**
 * Audio of spoken scripts (读给我听, `docs/speech.md`), synthesised once per script and engine and kept in the
 * database (GridFS bucket `speech`), so every BFF instance on it serves the same file and none synthesises it again.
 * The key is the SHA-256 of the engine id and the text: a new version, a changed status or another voice is another
 * text or engine and so another file; a file never changes once stored.
 */

/** One stored audio file. */
export interface SpeechAudio {
  key: string
  format: SpeechAudioFormat
  contentType: string
  size: number
  durationMs: number
  /** The file name under `/api/v1/speech/`: `<key>.<format>`. */
  file: string
}

/** A stored file with its GridFS id. */
export interface StoredSpeechAudio extends SpeechAudio {
  id: mongoose.Types.ObjectId
}

/** Stored files remembered per process (about 200 bytes each). */
const MAX_KNOWN_FILES = 5000

/** How long one instance may hold the claim to synthesise a key before another may take over. */
const CLAIM_MS = 60_000
/** How often a waiting instance looks for the file another one is synthesising. */
const POLL_MS = 150
/** Longest a request waits for audio another instance is synthesising. */
const WAIT_MS = 45_000

/** 503 speech_unavailable: the engine failed; the script was written by the server, so it is never the client's fault. */
export function speechUnavailable(): AppError {
  return new AppError(503, ErrorCode.SpeechUnavailable, '暂时不能朗读，请稍后再试')
}

interface FileDoc {
  _id: mongoose.Types.ObjectId
  filename: string
  length: number
  metadata?: { format?: SpeechAudioFormat; durationMs?: number }
}

/** Reads and writes the cached audio; synthesises what is missing, once across instances. */
export class SpeechService {
  private readonly inFlight = new Map<string, Promise<SpeechAudio>>()
  // Stored files never change and are never removed, so what was found once is remembered (a cached answer then
  // costs no database read for the audio).
  private readonly known = new Map<string, StoredSpeechAudio>()

  constructor(
    private readonly deps: {
      conn: Connection
      synthesizer: SpeechSynthesizer
      logger?: { warn(obj: object, msg: string): void; info?(obj: object, msg: string): void }
      /** The public view of a disclosure (the privacy presenter's output); needed by `prepareInBackground`. */
      publicView?: (id: string) => Promise<DisclosureDto>
      /** Now, for the dates a script reads (the development clock moves it). @default the system time */
      now?: () => Date
    },
  ) {}

  /** The spoken script of a public disclosure and its audio (stored, or synthesised now). */
  async speakDisclosure(
    d: DisclosureDto,
    part: SpeechPart,
    how?: SynthesisOptions,
  ): Promise<{ script: SpeechScript; audio: SpeechAudio }> {
    const today = shanghaiDateOf(this.deps.now?.() ?? new Date())
    const script = writeSpeechScript(d, { part, today })
    return { script, audio: await this.speak(script.text, how) }
  }

  /**
   * Synthesises a just-published item's summary, and its every-row list when the summary leaves rows unread, without
   * holding up the publication: the first listener then gets stored audio. It runs in the background (the lowest CPU
   * priority, refused when several wait: `SynthesisOptions`), so a publication day's syntheses do not slow the
   * requests being served; a listener who comes meanwhile waits for it. A failure is only logged; the first request
   * synthesises instead.
   */
  prepareInBackground(id: string): void {
    const view = this.deps.publicView
    if (!view) return
    void (async () => {
      const d = await view(id)
      const summary = await this.speakDisclosure(d, 'summary', { background: true })
      if (summary.script.hasList) await this.speakDisclosure(d, 'list', { background: true })
    })().catch((err: unknown) => {
      // Refused because several background syntheses wait (a publication day): expected, the first listener's
      // request synthesises it.
      if (err instanceof SpeechSynthesisError && err.reason === 'busy')
        this.deps.logger?.info?.({ id }, 'speech not prepared at publication: background queue full')
      else this.deps.logger?.warn({ err, id }, 'speech not prepared at publication')
    })
  }

  private bucket(): mongoose.mongo.GridFSBucket {
    const db = this.deps.conn.db
    if (!db) throw databaseUnavailable()
    return new mongoose.mongo.GridFSBucket(db, { bucketName: 'speech' })
  }

  private claims() {
    const db = this.deps.conn.db
    if (!db) throw databaseUnavailable()
    return db.collection<{ _id: string; until: Date }>('speechclaims')
  }

  /** The cache key of a text with this engine. */
  keyOf(text: string): string {
    return createHash('sha256').update(`${this.deps.synthesizer.id}\n${text}`).digest('hex')
  }

  /** The stored audio of a key, or null. */
  async find(
    key: string,
    format: SpeechAudioFormat = this.deps.synthesizer.format,
  ): Promise<SpeechAudio | null> {
    return this.findFile(`${key}.${format}`)
  }

  /** The stored audio by file name (`<key>.<format>`), or null. */
  async findFile(file: string): Promise<StoredSpeechAudio | null> {
    const remembered = this.known.get(file)
    if (remembered) return remembered
    const [doc] = (await this.bucket().find({ filename: file }).limit(1).toArray()) as FileDoc[]
    if (!doc) return null
    const format = doc.metadata?.format ?? (file.endsWith('.wav') ? 'wav' : 'mp3')
    const found: StoredSpeechAudio = {
      id: doc._id,
      key: file.slice(0, 64),
      file,
      format,
      contentType: SPEECH_CONTENT_TYPES[format],
      size: doc.length,
      durationMs: doc.metadata?.durationMs ?? 0,
    }
    if (this.known.size >= MAX_KNOWN_FILES) this.known.clear()
    this.known.set(file, found)
    return found
  }

  /** A byte range of a stored file (`end` inclusive). */
  openRange(id: mongoose.Types.ObjectId, start: number, end: number): Readable {
    return this.bucket().openDownloadStream(id, { start, end: end + 1 })
  }

  /**
   * The audio of a text: the stored file, or a new synthesis. Concurrent first requests share one synthesis: in this
   * process through `inFlight`, across instances through a claim document with a lease (`speechclaims`).
   */
  async speak(text: string, how?: SynthesisOptions): Promise<SpeechAudio> {
    const key = this.keyOf(text)
    const stored = await this.find(key)
    if (stored) return stored
    const running = this.inFlight.get(key)
    if (running) return running
    const task = this.claimAndSynthesize(key, text, how).finally(() => this.inFlight.delete(key))
    this.inFlight.set(key, task)
    return task
  }

  private async claim(key: string): Promise<boolean> {
    const now = new Date()
    try {
      await this.claims().insertOne({ _id: key, until: new Date(now.getTime() + CLAIM_MS) })
      return true
    } catch (err) {
      if (!isDuplicateKey(err)) throw err
    }
    // Someone holds it; take it over only when their lease ran out (they crashed or hung).
    const res = await this.claims().findOneAndUpdate(
      { _id: key, until: { $lt: now } },
      { $set: { until: new Date(now.getTime() + CLAIM_MS) } },
    )
    return res !== null
  }

  private async claimAndSynthesize(key: string, text: string, how?: SynthesisOptions): Promise<SpeechAudio> {
    const deadline = Date.now() + WAIT_MS
    for (;;) {
      if (await this.claim(key)) {
        try {
          // Another instance may have finished between our look and our claim.
          return (await this.find(key)) ?? (await this.synthesizeAndStore(key, text, how))
        } finally {
          await this.claims().deleteOne({ _id: key })
        }
      }
      const stored = await this.find(key)
      if (stored) return stored
      if (Date.now() > deadline) throw speechUnavailable()
      await new Promise((resolve) => setTimeout(resolve, POLL_MS))
    }
  }

  private async synthesizeAndStore(key: string, text: string, how?: SynthesisOptions): Promise<SpeechAudio> {
    let audio
    try {
      audio = await this.deps.synthesizer.synthesize(text, how)
    } catch (err) {
      if (err instanceof SpeechSynthesisError) {
        if (how?.background && err.reason === 'busy') throw err
        this.deps.logger?.warn({ reason: err.reason, err: err.message }, 'speech synthesis failed')
        throw speechUnavailable()
      }
      throw err
    }
    const file = `${key}.${audio.format}`
    // GridFS writes the chunks first and the file document last: a crash midway leaves no file that looks whole.
    await new Promise<void>((resolve, reject) => {
      const upload = this.bucket().openUploadStream(file, {
        metadata: { format: audio.format, durationMs: audio.durationMs, engine: this.deps.synthesizer.id },
      })
      upload.once('finish', () => resolve())
      upload.once('error', reject)
      upload.end(audio.audio)
    })
    return {
      key,
      file,
      format: audio.format,
      contentType: SPEECH_CONTENT_TYPES[audio.format],
      size: audio.audio.length,
      durationMs: audio.durationMs,
    }
  }
}
