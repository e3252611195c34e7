import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { SpeechSynthesizer } from '../clients/speech'
import { createEspeakSynthesizer } from '../clients/speech/espeak.synthesizer'
import { buildTestApp } from '../testing/build-app'
import type { TestApp } from '../testing/build-app'
import { SpeechService } from './speech.service'

/** The espeak-ng engine, counting how often it is asked to synthesise. */
function countingSynthesizer(): SpeechSynthesizer & { calls: number } {
  const engine = createEspeakSynthesizer({
    espeakPath: 'espeak-ng',
    lamePath: 'lame',
    format: 'mp3',
    timeoutMs: 30_000,
    maxConcurrent: 2,
    maxQueued: 8,
  })
  const counting = {
    id: engine.id,
    format: engine.format,
    maxTextChars: engine.maxTextChars,
    calls: 0,
    synthesize(text: string) {
      counting.calls++
      return engine.synthesize(text)
    },
  }
  return counting
}

describe(SpeechService.name, () => {
  let t: TestApp
  beforeAll(async () => {
    t = await buildTestApp()
  }, 120_000)
  afterAll(async () => {
    await t.close()
  })

  describe('speak', () => {
    it('should synthesise once when two instances on one database ask for the same text together', async () => {
      const conn = t.db.connection
      if (!conn) throw new Error('no database')
      // Two services stand for two BFF processes: separate in-process state, one database.
      const engineA = countingSynthesizer()
      const engineB = countingSynthesizer()
      const a = new SpeechService({ conn, synthesizer: engineA })
      const b = new SpeechService({ conn, synthesizer: engineB })
      const text = '两个实例同时请求同一段朗读，只应合成一次。'
      const answers = await Promise.all([a.speak(text), b.speak(text), a.speak(text), b.speak(text)])
      expect(engineA.calls + engineB.calls).toBe(1)
      expect(new Set(answers.map((x) => x.file)).size).toBe(1)
      expect(answers[0]?.durationMs).toBeGreaterThan(1000)
      expect(await conn.db?.collection('speech.files').countDocuments({ filename: answers[0]?.file })).toBe(1)
      // The claim is released once the file is stored.
      expect(await conn.db?.collection('speechclaims').countDocuments({})).toBe(0)
    })

    it('should take over a claim whose holder let its lease run out', async () => {
      const conn = t.db.connection
      if (!conn) throw new Error('no database')
      const engine = countingSynthesizer()
      const service = new SpeechService({ conn, synthesizer: engine })
      const text = '上一个实例中途停了，这一段要由别的实例接着合成。'
      // A holder that crashed a while ago: its lease ended in the past.
      await conn.db
        ?.collection<{ _id: string; until: Date }>('speechclaims')
        .insertOne({ _id: service.keyOf(text), until: new Date(Date.now() - 1000) })
      const audio = await service.speak(text)
      expect(engine.calls).toBe(1)
      expect(audio.size).toBeGreaterThan(0)
    })
  })
})
