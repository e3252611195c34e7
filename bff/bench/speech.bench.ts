/**
 * 读给我听 bench: a published 30-row 低保 list read aloud through the HTTP API (embedded database, espeak-ng and lame
 * as configured by default): the first request (script + synthesis + storing the audio), the cached request, the
 * audio download, for the summary and for every row (逐个收听); plus, engine only, WAV against MP3 and one pipeline
 * against pieces synthesised at once for the same script.
 * Prints markdown for BENCHMARKS.md. usage (from the repo root): npx tsx bff/bench/speech.bench.ts
 */
import os from 'node:os'
import request from 'supertest'
import type { SpeechDto } from '@cunwu/domain'
import { createEspeakSynthesizer } from '../src/clients/speech/espeak.synthesizer'
import { buildTestApp } from '../src/testing/build-app'
import { buildDibaoRows, dibaoItem } from '../src/testing/factories'
import { signIn } from '../src/testing/sign-in'
import { demoPeople } from '../src/services/seed.service'

const V1 = demoPeople().find((p) => p.userKey === 'demo-secretary')?.grants[0]?.regionCode ?? ''
const CACHED_RUNS = 20

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.floor(s.length / 2)] ?? 0
}

async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const start = performance.now()
  const value = await fn()
  return { ms: performance.now() - start, value }
}

async function main(): Promise<void> {
  const t = await buildTestApp()
  const api = () => request(t.app.callback())
  const secretary = (await signIn(t.app, 'demo-secretary')).auth
  const township = (await signIn(t.app, 'demo-township')).auth
  const created = await api()
    .post(`/api/v1/villages/${V1}/disclosures`)
    .set('Authorization', secretary)
    .send({
      catalogItemId: dibaoItem().id,
      period: '2026-Q1',
      title: '2026年第一季度低保名单公示',
      rows: buildDibaoRows(V1, 30),
    })
  const id = String(created.body.id)
  const submitted = await api()
    .post(`/api/v1/disclosures/${id}/submit`)
    .set('Authorization', secretary)
    .send({ confirmRosterMismatches: true })
  await api()
    .post(`/api/v1/disclosures/${id}/review`)
    .set('Authorization', township)
    .send({ decision: 'approve', revision: submitted.body.revision })
  // Warm-up on another item: module compile, first GridFS use, first process spawn.
  await api().get(`/api/v1/disclosures/${id}`)

  const lines: string[] = []
  lines.push(
    `load average ${os
      .loadavg()
      .map((x) => x.toFixed(1))
      .join(' ')}, ${os.cpus().length} CPUs`,
  )
  lines.push('')
  lines.push(
    '| 30-row 低保 list | first request (synthesis) | cached request (median of 20) | audio download, cached (median) | script | audio |',
  )
  lines.push('| --- | ---: | ---: | ---: | ---: | ---: |')
  for (const part of ['summary', 'list'] as const) {
    const first = await timed(() => api().get(`/api/v1/disclosures/${id}/speech?part=${part}`))
    if (first.value.status !== 200) throw new Error(`speech answered ${first.value.status}`)
    const body = first.value.body as SpeechDto
    const cached: number[] = []
    const downloads: number[] = []
    let size = 0
    for (let i = 0; i < CACHED_RUNS; i++) {
      cached.push((await timed(() => api().get(`/api/v1/disclosures/${id}/speech?part=${part}`))).ms)
      const file = await timed(() => api().get(body.audioUrl).buffer(true))
      downloads.push(file.ms)
      size = Number(file.value.headers['content-length'])
    }
    lines.push(
      `| ${part === 'summary' ? 'summary (count, totals)' : 'every row (逐个收听)'} | ${first.ms.toFixed(0)} ms | ${median(cached).toFixed(1)} ms | ${median(downloads).toFixed(1)} ms | ${body.text.length} characters | ${(body.durationMs / 1000).toFixed(1)} s, ${(size / 1024).toFixed(0)} KB MP3 |`,
    )
  }

  // The same every-row script as WAV and as MP3, synthesised directly (no HTTP, no database).
  const script = ((await api().get(`/api/v1/disclosures/${id}/speech?part=list`)).body as SpeechDto).text
  const base = {
    espeakPath: 'espeak-ng',
    lamePath: 'lame',
    timeoutMs: 120_000,
    maxConcurrent: 1,
    maxQueued: 1,
  }
  // Before: the whole script through one espeak-ng → lame pipeline. Now: cut at sentence ends into one piece per
  // core, synthesised at once. Alternated three times so both see the same load; medians.
  const engines = {
    wav: createEspeakSynthesizer({ ...base, format: 'wav', piecesAtOnce: 1 }),
    one: createEspeakSynthesizer({ ...base, format: 'mp3', piecesAtOnce: 1 }),
    pieces: createEspeakSynthesizer({ ...base, format: 'mp3' }),
  }
  const runs: Record<keyof typeof engines, { ms: number[]; bytes: number; durationMs: number }> = {
    wav: { ms: [], bytes: 0, durationMs: 0 },
    one: { ms: [], bytes: 0, durationMs: 0 },
    pieces: { ms: [], bytes: 0, durationMs: 0 },
  }
  for (let i = 0; i < 3; i++) {
    for (const key of ['wav', 'one', 'pieces'] as const) {
      const r = await timed(() => engines[key].synthesize(script))
      runs[key].ms.push(r.ms)
      runs[key].bytes = r.value.audio.length
      runs[key].durationMs = r.value.durationMs
    }
  }
  const row = (label: string, key: keyof typeof engines) =>
    `| ${label} | ${median(runs[key].ms).toFixed(0)} ms | ${(runs[key].bytes / 1024).toFixed(0)} KB | ${(runs[key].durationMs / 1000).toFixed(1)} s |`
  lines.push('')
  lines.push(`| every-row script, engine only (median of 3) | time | size | length |`)
  lines.push('| --- | ---: | ---: | ---: |')
  lines.push(row('WAV (espeak-ng), one piece', 'wav'))
  lines.push(row('MP3, one espeak-ng → lame pipeline (before)', 'one'))
  lines.push(row(`MP3, ${os.availableParallelism()} pieces at once (now)`, 'pieces'))
  console.log(lines.join('\n'))
  await t.close()
}

await main()
