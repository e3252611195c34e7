// Times compareTables on two synthetic rosters (100k and 1M rows a side) and prints a markdown table for
// BENCHMARKS.md, once per memory layout of the rows (see BenchLayout in roster.ts: `stored`, as the BFF gets
// them from the database, and `shared`, the benchmark's original tables).
// Usage (from the repo root): npx tsx packages/alignment/bench/compare.bench.ts [--quick] [--layout=stored|shared]
//   [--rounds=N]: instead, both sizes side by side, the 100k and the 1M call alternated N times, one ratio per round
//   (this machine's memory speed moves from minute to minute: alternating puts both sizes under the same conditions).
import os from 'node:os'
import { performance } from 'node:perf_hooks'
import { compareTables, comparisonFingerprint, type Row } from '../src/index'
import { BENCH_LAYOUTS, type BenchLayout, type BenchTables, buildBenchTables, inLayout } from './roster'

const quick = process.argv.includes('--quick')
const layoutArg = process.argv.find((a) => a.startsWith('--layout='))?.slice('--layout='.length)
if (layoutArg !== undefined && !BENCH_LAYOUTS.includes(layoutArg as BenchLayout)) {
  throw new Error(`--layout must be one of ${BENCH_LAYOUTS.join(', ')}`)
}
const layouts: readonly BenchLayout[] = layoutArg ? [layoutArg as BenchLayout] : BENCH_LAYOUTS
const rounds = Number(process.argv.find((a) => a.startsWith('--rounds='))?.slice('--rounds='.length) ?? 0)
if (!Number.isInteger(rounds) || rounds < 0) throw new Error('--rounds must be a whole number')
const sizes = [10_000, 100_000, 1_000_000]
const runsFor = (n: number): number => (n >= 1_000_000 ? (quick ? 1 : 3) : quick ? 3 : 7)

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)] ?? 0
}

/** Machine speed right now: 200k string-keyed Map inserts and lookups (the core of matching), best of 3. */
function calibrate(): number {
  let best = Infinity
  for (let run = 0; run < 3; run += 1) {
    const started = performance.now()
    const map = new Map<string, number>()
    for (let i = 0; i < 200_000; i += 1) map.set(`5101001990010${i}`, i)
    let sum = 0
    for (let i = 0; i < 200_000; i += 1) sum += map.get(`5101001990010${i}`) ?? 0
    if (sum < 0) console.log(sum)
    best = Math.min(best, performance.now() - started)
  }
  return best
}

/** Receives the characters read by `readCells`, so that the reads count as used. */
let readSink = 0

/**
 * Reads every cell of the schema's columns of both sides once, in row order (a string's first and last
 * character), and compares nothing: the memory traffic any comparison must pay. Its 1M ÷ 100k ratio shows how
 * much of compareTables' ratio comes from the input no longer fitting the processor's cache.
 */
function readCells(tables: BenchTables): void {
  const keys = tables.schema.columns.map((c) => c.key)
  let sink = readSink
  for (const rows of [tables.village, tables.government]) {
    for (let i = 0; i < rows.length; i += 1) {
      const row = rows[i] as Row
      for (let k = 0; k < keys.length; k += 1) {
        const cell = row[keys[k] as string]
        if (typeof cell === 'string' && cell.length > 0) {
          sink = (sink + cell.charCodeAt(0) + cell.charCodeAt(cell.length - 1)) | 0
        } else if (typeof cell === 'number') sink = (sink + cell) | 0
      }
    }
  }
  readSink = sink
}

interface Line {
  n: number
  village: number
  government: number
  compareMs: number
  cpuMs: number
  fingerprint: string
  fingerprintMs: number
  matched: number
  discrepancies: number
  readCpuMs: number
}

const calibrationMs = calibrate()

/** CPU and wall ms of one call of `fn`. */
function timed(fn: () => void): { wall: number; cpu: number } {
  const cpuStart = process.cpuUsage()
  const started = performance.now()
  fn()
  const wall = performance.now() - started
  const used = process.cpuUsage(cpuStart)
  return { wall, cpu: (used.user + used.system) / 1000 }
}

function measure(layout: BenchLayout): Line[] {
  const lines: Line[] = []
  for (const n of sizes) {
    const tables = inLayout(buildBenchTables(n), layout)
    compareTables(tables) // warm-up: JIT and ICU data
    const times: number[] = []
    const cpu: number[] = []
    let result = compareTables(tables)
    for (let i = 0; i < runsFor(n); i += 1) {
      const call = timed(() => (result = compareTables(tables)))
      times.push(call.wall)
      cpu.push(call.cpu)
    }
    const readCpu: number[] = []
    readCells(tables)
    for (let i = 0; i < runsFor(n); i += 1) readCpu.push(timed(() => readCells(tables)).cpu)
    const started = performance.now()
    const fingerprint = comparisonFingerprint(result)
    const fingerprintMs = performance.now() - started
    lines.push({
      n,
      village: tables.village.length,
      government: tables.government.length,
      compareMs: median(times),
      cpuMs: median(cpu),
      fingerprint,
      fingerprintMs,
      matched: result.summary.matched,
      discrepancies: result.discrepancies.length,
      readCpuMs: median(readCpu),
    })
  }
  return lines
}

/**
 * Both sizes' tables side by side; after two rounds left out, each round times one 100k call, then one 1M call (and
 * reading every cell of each once), and prints the round's ratios. The median ratio over the rounds is the figure.
 */
function measurePaired(layout: BenchLayout): void {
  const small = inLayout(buildBenchTables(100_000), layout)
  const large = inLayout(buildBenchTables(1_000_000), layout)
  const fingerprints = [small, large].map((tables) => comparisonFingerprint(compareTables(tables)))
  // Two rounds left out: the tables were just built, and the collector is still marking them on its own threads.
  for (let i = 0; i < 2; i += 1) for (const tables of [small, large]) compareTables(tables)
  console.log(
    `\n### Layout \`${layout}\`, ${rounds} rounds of one 100k and one 1M call (load average ${(os.loadavg()[0] ?? 0).toFixed(1)} before)\n`,
  )
  console.log(
    '| round | 100k wall / CPU ms | 1M wall / CPU ms | 1M ÷ 100k wall / CPU | reading every cell: 1M ÷ 100k CPU |',
  )
  console.log('| ---: | ---: | ---: | ---: | ---: |')
  const wallRatios: number[] = []
  const cpuRatios: number[] = []
  for (let round = 1; round <= rounds; round += 1) {
    const a = timed(() => compareTables(small))
    const b = timed(() => compareTables(large))
    const readA = timed(() => readCells(small))
    const readB = timed(() => readCells(large))
    wallRatios.push(b.wall / a.wall)
    cpuRatios.push(b.cpu / a.cpu)
    console.log(
      `| ${round} | ${fmt(a.wall)} / ${fmt(a.cpu)} | ${fmt(b.wall)} / ${fmt(b.cpu)} | ${(b.wall / a.wall).toFixed(2)}× / ${(b.cpu / a.cpu).toFixed(2)}× | ${(readB.cpu / readA.cpu).toFixed(2)}× |`,
    )
  }
  const under = (ratios: number[]) => ratios.filter((r) => r <= 12).length
  console.log(
    `\n${layout}: median 1M ÷ 100k ${median(wallRatios).toFixed(2)}× wall (${under(wallRatios)} of ${rounds} rounds ≤ 12×), ${median(cpuRatios).toFixed(2)}× CPU (${under(cpuRatios)} of ${rounds}); range ${Math.min(...wallRatios).toFixed(2)}–${Math.max(...wallRatios).toFixed(2)}× wall. Fingerprints 100k ${fingerprints[0]}, 1M ${fingerprints[1]}; load average ${(os.loadavg()[0] ?? 0).toFixed(1)} after.`,
  )
}

const fmt = (ms: number): string => (ms >= 100 ? ms.toFixed(0) : ms.toFixed(1))
if (rounds > 0) {
  console.log(
    `\n## Alignment: compareTables, 100k and 1M alternated (Node ${process.version}, ${os.cpus().length} cores)`,
  )
  console.log(`\nCalibration (200k Map set+get): ${fmt(calibrationMs)} ms.`)
  for (const layout of layouts) measurePaired(layout)
  process.exit(0)
}
console.log(
  `\n## Alignment: compareTables (median of ${quick ? 3 : 7} runs, 1M: ${quick ? 1 : 3}; Node ${process.version}, ${os.cpus().length} cores)`,
)
console.log(`\nCalibration (200k Map set+get): ${fmt(calibrationMs)} ms.`)
for (const layout of layouts) {
  const loadBefore = os.loadavg()[0] ?? 0
  const lines = measure(layout)
  const base = lines.find((l) => l.n === 100_000)?.compareMs ?? 1
  const cpuBase = lines.find((l) => l.n === 100_000)?.cpuMs ?? 1
  console.log(
    `\n### Layout \`${layout}\` (load average ${loadBefore.toFixed(1)} before, ${(os.loadavg()[0] ?? 0).toFixed(1)} after)\n`,
  )
  console.log(
    '| households | village rows | government rows | matched | discrepancies | compareTables wall | CPU | wall × 100k | CPU × 100k | fingerprint |',
  )
  console.log('| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |')
  for (const l of lines) {
    console.log(
      `| ${l.n.toLocaleString('en-US')} | ${l.village.toLocaleString('en-US')} | ${l.government.toLocaleString('en-US')} | ${l.matched.toLocaleString('en-US')} | ${l.discrepancies.toLocaleString('en-US')} | ${fmt(l.compareMs)} ms | ${fmt(l.cpuMs)} ms | ${(l.compareMs / base).toFixed(2)} | ${(l.cpuMs / cpuBase).toFixed(2)} | ${fmt(l.fingerprintMs)} ms |`,
    )
  }
  console.log(`\nResult fingerprints: ${lines.map((l) => `${l.n}: ${l.fingerprint}`).join(', ')}`)
  const at100k = lines.find((l) => l.n === 100_000)
  const at1m = lines.find((l) => l.n === 1_000_000)
  if (at100k && at1m) {
    const ok100k = at100k.compareMs <= 500
    const okLinear = at1m.compareMs <= 12 * at100k.compareMs
    const okLinearCpu = at1m.cpuMs <= 12 * at100k.cpuMs
    console.log(
      `\n${layout}: 100k ≤ 500 ms: ${ok100k ? 'yes' : 'NO'}; 1M ≤ 12 × 100k: ${okLinear ? 'yes' : 'NO'} (wall ${(at1m.compareMs / at100k.compareMs).toFixed(2)}×), CPU ${okLinearCpu ? 'yes' : 'NO'} (${(at1m.cpuMs / at100k.cpuMs).toFixed(2)}×)`,
    )
    console.log(
      `${layout}: reading every cell once, no comparison (CPU, median): 100k ${fmt(at100k.readCpuMs)} ms, 1M ${fmt(at1m.readCpuMs)} ms (${(at1m.readCpuMs / at100k.readCpuMs).toFixed(2)}×)`,
    )
  }
}
