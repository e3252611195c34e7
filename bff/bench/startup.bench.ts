/**
 * Start-up time of the BFF: from spawning the process to its "listening" log line, compiled (node bff/dist/index.js)
 * against the TypeScript sources under tsx, alternating, with the embedded database on an empty data folder and
 * no demo data. Build first: npm run build -w bff. Usage: npx tsx bff/bench/startup.bench.ts [rounds]
 */
import { spawn } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'

const BFF = path.resolve(import.meta.dirname, '..')
const rounds = Number(process.argv[2] ?? 3)

async function startOnce(args: string[]): Promise<number> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cunwu-startup-'))
  const started = performance.now()
  const child = spawn(process.execPath, args, {
    env: {
      PORT: '0',
      DATA_DIR: dataDir,
      STATIC_DIR: '',
      SEED_DEMO: 'false',
      LOG_LEVEL: 'info',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  try {
    return await new Promise<number>((resolve, reject) => {
      let out = ''
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString()
        if (out.includes('cunwu BFF listening')) resolve(performance.now() - started)
      })
      child.on('exit', (code) => reject(new Error(`exited ${code}: ${out}`)))
    })
  } finally {
    child.kill('SIGTERM')
    await new Promise((r) => child.once('exit', r))
    fs.rmSync(dataDir, { recursive: true, force: true })
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN
const compiled: number[] = []
const source: number[] = []
for (let i = 0; i < rounds; i++) {
  compiled.push(await startOnce(['--enable-source-maps', path.join(BFF, 'dist', 'index.js')]))
  source.push(await startOnce(['--import', 'tsx', path.join(BFF, 'src', 'index.ts')]))
}
const load = os.loadavg()[0]?.toFixed(1)
console.log(`load ${load}, ${rounds} rounds`)
console.log(
  `compiled  node bff/dist/index.js   median ${median(compiled).toFixed(0)} ms  (${compiled.map((x) => x.toFixed(0)).join(', ')})`,
)
console.log(
  `sources   tsx bff/src/index.ts     median ${median(source).toFixed(0)} ms  (${source.map((x) => x.toFixed(0)).join(', ')})`,
)
console.log(`ratio compiled/sources ${(median(compiled) / median(source)).toFixed(2)}`)
