/**
 * Poster drawing: time and size of a 30-row and a 300-row 低保 poster (A4), and of writing the same tables as CSV
 * and .xlsx, in one run so the ratios compare; then the latency of a health request while N big posters are
 * requested at once, drawn on the event loop as before and in the poster workers as now (docs/posters.md).
 * Run: `npm run bench -- --only posters` or `npx tsx bff/bench/posters.bench.ts [--quick] [--rows 12500] [--n 4]`.
 */
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { loadavg } from 'node:os'
import { renderPoster, renderPosters } from '../src/presenters/poster.presenter'
import { sheetOfTable, writeSheet } from '../src/presenters/open-data.presenter'
import { PosterSlots, posterWorkers } from '../src/posters/poster-workers'
import { buildPosterDto } from '../src/testing/poster-dto'

const args = process.argv.slice(2)
const quick = args.includes('--quick')
const arg = (name: string, fallback: number) =>
  args.includes(name) ? Number(args[args.indexOf(name) + 1]) : fallback
const BIG_ROWS = arg('--rows', quick ? 3_000 : 12_500)
const PARALLEL = arg('--n', 4)

async function time(label: string, runs: number, fn: () => Promise<Buffer>): Promise<number> {
  await fn() // warm-up: font load, module compile
  const start = performance.now()
  let size = 0
  for (let i = 0; i < runs; i++) size = (await fn()).length
  const ms = (performance.now() - start) / runs
  console.log(`| ${label} | ${ms.toFixed(1)} | ${(size / 1024).toFixed(1)} KB |`)
  return ms
}

const RUNS = quick ? 3 : 10
const options = {
  size: 'A4' as const,
  link: 'https://example.cn/api/v1/p/0123456789abcdef01234567',
  printedAt: new Date(),
}
console.log(
  `load average ${loadavg()
    .map((x) => x.toFixed(1))
    .join(' ')}, ${RUNS} runs each\n`,
)
console.log('| output | ms per file | size |\n|---|---:|---:|')
const p30 = await time('A4 poster, 30 rows', RUNS, () => renderPoster(buildPosterDto(30), options))
const p300 = await time('A4 poster, 300 rows', RUNS, () => renderPoster(buildPosterDto(300), options))
const t300 = buildPosterDto(300).table
if (!t300) throw new Error('no table')
const csv = await time('CSV, 300 rows', RUNS, () => writeSheet(sheetOfTable(t300), 'csv'))
const xlsx = await time('.xlsx, 300 rows', RUNS, () => writeSheet(sheetOfTable(t300), 'xlsx'))
console.log(
  `\nratios: poster 300/30 ${(p300 / p30).toFixed(1)}x; poster 300 / csv 300 ${(p300 / csv).toFixed(0)}x; xlsx/csv ${(xlsx / csv).toFixed(1)}x`,
)

/** What one mode of the health-under-load run measured. */
interface UnderLoad {
  p50: number
  p99: number
  max: number
  probes: number
  answered: number
  refused: number
  wallMs: number
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))] ?? 0

/**
 * A server with the route's two shapes: GET /health, and GET /poster drawing a BIG_ROWS-row A3 poster either on the
 * event loop behind the old counter (taken after the lookup, so a synchronous drawing never lets it pass 1) or in
 * the poster workers behind the slots. PARALLEL poster requests go at once while /health is due every 20 ms until
 * they are all answered.
 */
async function healthUnderLoad(mode: 'event loop' | 'workers'): Promise<UnderLoad> {
  const big = [{ disclosure: buildPosterDto(BIG_ROWS), link: options.link }]
  const slots = new PosterSlots(2)
  let drawing = 0
  const lookup = () => new Promise((resolve) => setTimeout(resolve, 2))
  const server = http.createServer((req, res) => {
    if (req.url === '/health') {
      res.end('{"status":"ok"}')
      return
    }
    void (async () => {
      if (mode === 'workers') {
        let release: () => void
        try {
          release = slots.take()
        } catch {
          res.statusCode = 429
          res.end()
          return
        }
        try {
          await lookup()
          const pdf = await posterWorkers.draw({
            kind: 'disclosures',
            items: big,
            options: { size: 'A3', printedAt: new Date() },
          })
          res.end(pdf)
        } finally {
          release()
        }
        return
      }
      await lookup()
      if (drawing >= 2) {
        res.statusCode = 429
        res.end()
        return
      }
      drawing++
      try {
        res.end(await renderPosters(big, { size: 'A3', printedAt: new Date() }))
      } finally {
        drawing--
      }
    })()
  })
  // A blocked event loop outlasts Node's 5 s keep-alive: the client's idle connection would be reset under it.
  server.keepAliveTimeout = 120_000
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  const started = performance.now()
  let done = false
  const posters = Promise.all(
    Array.from({ length: PARALLEL }, () =>
      fetch(`${base}/poster`).then(async (r) => {
        await r.arrayBuffer()
        return r.status
      }),
    ),
  ).finally(() => (done = true))
  // Probes are due every 20 ms. The client shares the process, so while the event loop is blocked it cannot send
  // either: each probe due meanwhile is counted as sent on time and answered when the loop came back (the usual
  // correction for coordinated omission; a phone elsewhere would have waited that long).
  const latencies: number[] = []
  let due = performance.now()
  while (!done) {
    const wait = due - performance.now()
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait))
    await (await fetch(`${base}/health`)).text()
    const end = performance.now()
    for (; due <= end; due += 20) latencies.push(end - due)
  }
  const statuses = await posters
  const wallMs = performance.now() - started
  server.close()
  const sorted = [...latencies].sort((a, b) => a - b)
  return {
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    max: sorted[sorted.length - 1] ?? 0,
    probes: sorted.length,
    answered: statuses.filter((s) => s === 200).length,
    refused: statuses.filter((s) => s === 429).length,
    wallMs,
  }
}

// The workers start (and read their fonts) before measuring, as at server start.
posterWorkers.warm()
await posterWorkers.draw({
  kind: 'disclosures',
  items: [{ disclosure: buildPosterDto(5), link: options.link }],
  options,
})
await posterWorkers.draw({
  kind: 'disclosures',
  items: [{ disclosure: buildPosterDto(5), link: options.link }],
  options,
})
console.log(
  `\n/health while ${PARALLEL} ${BIG_ROWS}-row A3 posters are requested at once (health every 20 ms until all answered):\n`,
)
console.log('| posters drawn | /health p50 ms | p99 ms | max ms | probes | posters 200 / 429 | wall s |')
console.log('|---|---:|---:|---:|---:|---:|---:|')
const results: Record<string, UnderLoad> = {}
for (const mode of ['event loop', 'workers'] as const) {
  const r = await healthUnderLoad(mode)
  results[mode] = r
  console.log(
    `| ${mode} | ${r.p50.toFixed(1)} | ${r.p99.toFixed(1)} | ${r.max.toFixed(1)} | ${r.probes} | ${r.answered} / ${r.refused} | ${(r.wallMs / 1000).toFixed(1)} |`,
  )
}
const before = results['event loop']
const after = results.workers
if (before && after)
  console.log(
    `\nratios (event loop / workers): health p50 ${(before.p50 / after.p50).toFixed(0)}x, p99 ${(before.p99 / after.p99).toFixed(0)}x`,
  )
await posterWorkers.close()
