// Runs the benchmarks and prints markdown tables for BENCHMARKS.md. Usage: npm run bench [-- --quick]
// Ratios within one run are the figures to compare: absolute numbers move with the machine's load.
import { spawn, spawnSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import readline from 'node:readline'
import autocannon from 'autocannon'

const root = path.resolve(import.meta.dirname, '..')
const quick = process.argv.includes('--quick')
/** `--only bff` runs just the BFF load tests, `--only imports` just the spreadsheet import bench, `--only posters` the posters'. */
const only = process.argv.includes('--only') ? process.argv[process.argv.indexOf('--only') + 1] : undefined
const duration = quick ? 3 : 10

interface Load {
  rps: number
  p50: number
  p99: number
  errors: number
}

async function load(url: string, connections: number, headers: Record<string, string> = {}): Promise<Load> {
  const r = await autocannon({ url, connections, duration, pipelining: 1, headers })
  return {
    rps: Math.round(r.requests.average),
    p50: r.latency.p50,
    p99: r.latency.p99,
    errors: r.errors + r.non2xx,
  }
}

async function benchBff(): Promise<void> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/bench/servers.ts'], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  const urls = await new Promise<{ bare: string; bff: string; village: string }>((resolve, reject) => {
    readline.createInterface({ input: child.stdout }).once('line', (line) => resolve(JSON.parse(line)))
    child.once('exit', (code) => reject(new Error(`bench servers exited with ${code}`)))
  })
  try {
    console.log(`\n## BFF: bare Koa vs GET /api/v1/health (autocannon, 10 connections, ${duration}s each)\n`)
    // Warm both up so JIT and the database connection pool are settled before measuring.
    await autocannon({ url: urls.bare, connections: 10, duration: 1 })
    await autocannon({ url: `${urls.bff}/api/v1/health`, connections: 10, duration: 1 })
    const bare = await load(urls.bare, 10)
    const health = await load(`${urls.bff}/api/v1/health`, 10)
    console.log('| endpoint | requests/s | p50 ms | p99 ms | errors |')
    console.log('|---|---:|---:|---:|---:|')
    console.log(`| bare Koa hello | ${bare.rps} | ${bare.p50} | ${bare.p99} | ${bare.errors} |`)
    console.log(`| GET /api/v1/health | ${health.rps} | ${health.p50} | ${health.p99} | ${health.errors} |`)
    console.log(`\nratio health / bare: ${(health.rps / bare.rps).toFixed(2)}`)

    // The village feed (20 items, privacy presenter applied) against bare Koa, both at 100 connections.
    const feedUrl = `${urls.bff}/api/v1/villages/${urls.village}/feed?limit=20`
    await autocannon({ url: feedUrl, connections: 10, duration: 1 })
    // Phones (every WeChat client) send Accept-Encoding: gzip; the BFF keeps the feed page gzipped in its cache.
    const gzip = { 'accept-encoding': 'gzip' }
    const bare100 = await load(urls.bare, 100, gzip)
    const copy100 = await load(`${urls.bare}/feed-copy`, 100, gzip)
    const feed100 = await load(feedUrl, 100, gzip)
    console.log(
      `\n## BFF: village feed (20 items) vs bare Koa (autocannon, 100 connections, Accept-Encoding: gzip, ${duration}s each)\n`,
    )
    console.log('| endpoint | requests/s | p50 ms | p99 ms | errors |')
    console.log('|---|---:|---:|---:|---:|')
    console.log(`| bare Koa hello | ${bare100.rps} | ${bare100.p50} | ${bare100.p99} | ${bare100.errors} |`)
    console.log(
      `| bare Koa, the same feed bytes | ${copy100.rps} | ${copy100.p50} | ${copy100.p99} | ${copy100.errors} |`,
    )
    console.log(
      `| GET /api/v1/villages/:code/feed | ${feed100.rps} | ${feed100.p50} | ${feed100.p99} | ${feed100.errors} |`,
    )
    console.log(
      `\nratio feed / bare hello: ${(feed100.rps / bare100.rps).toFixed(2)} (target ≥ 0.40); feed / bare with the same bytes: ${(feed100.rps / copy100.rps).toFixed(2)}; feed p99 ${feed100.p99} ms (target ≤ 50)`,
    )
  } finally {
    child.kill('SIGTERM')
  }
}

function runScript(title: string, file: string, extra: string[] = []): void {
  if (!fs.existsSync(path.join(root, file))) return
  console.log(`\n## ${title}\n`)
  const r = spawnSync(process.execPath, ['--import', 'tsx', file, ...extra], { cwd: root, stdio: 'inherit' })
  if (r.status !== 0) process.exitCode = 1
}

if (only === 'posters') {
  runScript('Posters and open-data files', 'bff/bench/posters.bench.ts', quick ? ['--quick'] : [])
  process.exit(process.exitCode ?? 0)
}
if (only === 'imports') {
  runScript('Spreadsheet imports', 'bff/bench/import-bombs.bench.ts', quick ? ['--quick'] : [])
  process.exit(process.exitCode ?? 0)
}
await benchBff()
if (only === 'bff') process.exit(process.exitCode ?? 0)
const extra = quick ? ['--quick'] : []
runScript('Embedded engine', 'packages/embedded-mongo/bench/engine.bench.ts', extra)
runScript('Table import', 'packages/tables/bench/import.bench.ts', extra)
runScript('Spreadsheet imports (bounded reading, worker thread)', 'bff/bench/import-bombs.bench.ts', extra)
runScript('Alignment comparison', 'packages/alignment/bench/compare.bench.ts', extra)
runScript('Notifications', 'bff/bench/notifications.bench.ts', extra)
runScript('WeChat Pay', 'bff/bench/pay.bench.ts', extra)
runScript('Alignment dashboard', 'bff/bench/alignment.bench.ts', extra)
runScript('Posters and open-data files', 'bff/bench/posters.bench.ts', extra)
console.log('\n## Mini-program main package size\n')
const size = spawnSync(process.execPath, ['scripts/size.mjs'], { cwd: root, stdio: 'inherit' })
if (size.status !== 0) process.exitCode = 1
