/**
 * What this machine's cores give JavaScript alone, without a load generator, a database or a network: the same
 * work for 5 s in one process, then in two at once, and the ratio of work done (SCALE.md: the load bench's ratio
 * of two workers to one is bounded by it). Three kinds of work: integer arithmetic (no memory traffic), JSON
 * round trips of a small object (what a request's answer costs: allocation and garbage collection), and Map
 * inserts (hashing and memory). On a machine whose cores share a physical core or a memory bus, two processes do
 * less than twice the work.
 * usage (from the repo root): npx tsx bff/bench/cores.bench.ts [--seconds=5]
 */
import { fork } from 'node:child_process'
import os from 'node:os'
import { fileURLToPath } from 'node:url'

const KINDS = ['integers', 'json', 'maps'] as const
type Kind = (typeof KINDS)[number]
const seconds = Number(process.argv.find((a) => a.startsWith('--seconds='))?.split('=')[1] ?? 5)

/** Runs `kind` for `ms` and returns how many rounds of 1,000 operations it did. */
function work(kind: Kind, ms: number): number {
  const answer = {
    id: 'a1b2c3',
    title: '耕地地力保护补贴公示',
    amounts: [1, 2, 3],
    body: { text: '公示'.repeat(40) },
  }
  const end = Date.now() + ms
  let rounds = 0
  let sink = 0
  while (Date.now() < end) {
    for (let i = 0; i < 1000; i += 1) {
      if (kind === 'integers') {
        let x = i
        for (let j = 0; j < 1000; j += 1) x = (x * 31 + j) | 0
        sink ^= x
      } else if (kind === 'json') {
        sink ^= (JSON.parse(JSON.stringify(answer)) as { amounts: number[] }).amounts.length
      } else {
        const m = new Map<string, number>()
        for (let j = 0; j < 50; j += 1) m.set(`k${j}`, j)
        sink ^= m.size
      }
    }
    rounds += 1
  }
  if (sink === 0.5) console.log(sink)
  return rounds
}

/** Starts `count` processes of this file at once, each doing `kind` for the given seconds; their rounds in all. */
async function together(kind: Kind, count: number): Promise<number> {
  const self = fileURLToPath(import.meta.url)
  const done = Array.from(
    { length: count },
    () =>
      new Promise<number>((resolve, reject) => {
        const child = fork(self, ['--child', kind, `--seconds=${seconds}`])
        child.once('message', (n) => resolve(Number(n)))
        child.once('error', reject)
      }),
  )
  return (await Promise.all(done)).reduce((a, b) => a + b, 0)
}

if (process.argv.includes('--child')) {
  const kind = process.argv[process.argv.indexOf('--child') + 1] as Kind
  process.send?.(work(kind, seconds * 1000), () => process.exit(0))
} else {
  const [load1, load5] = os.loadavg()
  console.log(
    `Machine: ${os.availableParallelism()} cores, load average ${load1?.toFixed(1)} / ${load5?.toFixed(1)}; ${seconds} s per run.`,
  )
  console.log('| work | 1 process (rounds) | 2 processes (rounds) | ratio |')
  console.log('|---|---:|---:|---:|')
  for (const kind of KINDS) {
    const one = await together(kind, 1)
    const two = await together(kind, 2)
    console.log(`| ${kind} | ${one} | ${two} | ${(two / one).toFixed(2)}× |`)
  }
}
