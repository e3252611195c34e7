/**
 * Spreadsheet import bench: the real BFF (a child process, embedded database, demo county) takes county roster
 * uploads over HTTP while health checks run against it. Files (cached in the OS temp folder):
 *   roster    a 200,000-row county roster (.xlsx, 7 columns, village by code, name or 村组), the import limit;
 *   million   1,000,000 one-cell rows (.xlsx), refused at the row limit;
 *   bomb      a whitespace sheet that inflates to 3 GB (.xlsx, 3 MB), with its true size in the ZIP directory;
 *   liar      the same bomb whose directory declares 4 KB (declared sizes can lie);
 *   strings   a header-only sheet whose shared-strings table inflates to 300 MB of one-letter strings (0.7 MB).
 * For each: upload → outcome (ready, or the refusal) time, the server's RSS before and its peak during the import
 * (Linux /proc VmRSS and VmHWM, the peak reset before each upload), and GET /api/v1/health latency from two
 * concurrent clients while the import runs, against the same clients on the idle server. Prints markdown.
 * `--readers` instead compares the streaming reader with the way files were read before (exceljs loading the whole
 * workbook) on the roster and the million-row file, each read in a fresh process: time and peak RSS.
 * `--database=own-process` runs the database (the embedded engine's command line) as its own process, as a MongoDB
 * server is, so the BFF's figures leave out the documents the embedded engine keeps in memory; its growth is shown
 * apart. "Own memory" is the peak of the BFF's anonymous memory (RssAnon, sampled every 50 ms) above its start.
 * The BFF starts its warm parse worker with the server; "RSS before" includes it (idle figures are printed first).
 * `--memory-trace` prints the BFF main thread's memoryUsage() every second. The CPU column is the CPU time each
 * import used (Linux /proc/<pid>/task/<tid>/stat): the BFF's main thread, its busiest other thread (the parse worker),
 * all its threads, and the database process; on a loaded machine these say more than the wall-clock time.
 * usage (from the repo root): npx tsx bff/bench/import-bombs.bench.ts [--quick] [--only=roster,million,bomb,liar,strings]
 *   [--rows=N] [--database=own-process] [--trace] [--memory-trace] | --readers
 */
import { spawn } from 'node:child_process'
import fs from 'node:fs'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import readline from 'node:readline'
import ExcelJS from 'exceljs'
import { BENCH_FILES_DIR, bombFile, millionFile, rosterFile, stringsBombFile } from './import-bomb-files'

const arg = (name: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1]
const ROWS = Number(arg('rows') ?? (process.argv.includes('--quick') ? 20_000 : 200_000))
const ONLY = (arg('only') ?? 'roster,million,bomb,liar,strings').split(',')
const ITEM = 'agricultural-subsidies.cultivated-land-protection'
const COUNTY = '360999000000'
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
const dir = BENCH_FILES_DIR
const MB = 1024 * 1024

if (process.argv.includes('--serve')) await serve()
else if (arg('read')) await readOnce(arg('read') ?? '', arg('file') ?? '')
else if (process.argv.includes('--readers')) await compareReaders()
else await main()

/**
 * Child mode: reads one file once, with the streaming reader the BFF uses (`new`, the roster limits) or the way it
 * read before (`old`: exceljs loads the whole workbook, then the row limit is checked); prints time and peak RSS.
 */
async function readOnce(reader: string, file: string): Promise<void> {
  const { readTableFile } = await import('@cunwu/tables')
  const data = fs.readFileSync(file)
  const base = process.memoryUsage().rss / MB
  const t0 = performance.now()
  let outcome = ''
  if (reader === 'new') {
    outcome = await readTableFile(data, {
      filename: 'a.xlsx',
      maxBytes: 30 * MB,
      maxRows: 200_100,
      maxInflatedBytes: 384 * MB,
    }).then(
      (f) => `${f.sheets[0]?.rows.length ?? 0} rows`,
      (e: unknown) => `refused: ${e instanceof Error ? e.message : String(e)}`,
    )
  } else {
    const workbook = new ExcelJS.Workbook()
    await workbook.xlsx.load(new Uint8Array(data).buffer)
    const sheet = workbook.worksheets[0]
    const rows = sheet?.rowCount ?? 0
    if (rows > 200_100) outcome = `refused after loading ${rows} rows`
    else {
      let cells = 0
      sheet?.eachRow((row) => row.eachCell(() => (cells += 1)))
      outcome = `${rows} rows, ${cells} cells`
    }
  }
  const ms = performance.now() - t0
  console.log(JSON.stringify({ ms, base, peak: process.resourceUsage().maxRSS / 1024, outcome }))
}

/** Old and new reader on the roster and the million-row file, each in a fresh process. */
async function compareReaders(): Promise<void> {
  const files = { roster: await rosterFile(ROWS), million: await millionFile() }
  const out = [
    `Load average ${os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(' / ')}.`,
    '',
    '| file | reader | outcome | time s | RSS after start MB | peak RSS MB |',
    '|---|---|---|---:|---:|---:|',
  ]
  for (const [name, file] of Object.entries(files)) {
    for (const reader of ['old', 'new']) {
      const result = await new Promise<string>((resolve, reject) => {
        const child = spawn(
          process.execPath,
          ['--import', 'tsx', import.meta.filename, `--read=${reader}`, `--file=${file}`],
          {
            stdio: ['ignore', 'pipe', 'inherit'],
          },
        )
        let text = ''
        child.stdout.on('data', (c: Buffer) => (text += c.toString()))
        child.once('exit', (code) =>
          code === 0 ? resolve(text) : reject(new Error(`reader exited with ${code}`)),
        )
      })
      const r = JSON.parse(result)
      out.push(
        `| ${name} | ${reader} | ${r.outcome} | ${(r.ms / 1000).toFixed(2)} | ${r.base.toFixed(0)} | ${r.peak.toFixed(0)} |`,
      )
    }
  }
  console.log(out.join('\n'))
}

/** Child mode: the BFF on a free port with the demo county; prints its URL. */
async function serve(): Promise<void> {
  const { loadConfig } = await import('../src/config')
  const { createLogger } = await import('../src/logger')
  const { startServer } = await import('../src/server')
  const config = loadConfig({
    PORT: '0',
    DATA_DIR: arg('data') ?? fs.mkdtempSync(path.join(os.tmpdir(), 'cunwu-import-bench-db-')),
    LOG_LEVEL: 'silent',
    STATIC_DIR: '',
    NODE_ENV: 'development',
    ...(arg('mongodb-uri') ? { MONGODB_URI: arg('mongodb-uri') } : {}),
    SEED_DEMO: 'true',
    NOTIFICATIONS_WORKER: 'false',
    MAINTENANCE_INTERVAL_MS: '0',
    PAY_WORKER: 'false',
  })
  const server = await startServer(config, createLogger(config))
  console.log(JSON.stringify({ url: server.url }))
  if (process.argv.includes('--memory-trace')) {
    setInterval(() => {
      const m = process.memoryUsage()
      const f = (n: number) => (n / MB).toFixed(0)
      console.error(
        `[server] rss ${f(m.rss)} MB, main heap ${f(m.heapUsed)} of ${f(m.heapTotal)}, array buffers ${f(m.arrayBuffers)}`,
      )
    }, 1000).unref()
  }
  if (process.argv.includes('--trace')) {
    // Prints every stall of the event loop over 200 ms (to find what blocks it).
    let last = performance.now()
    setInterval(() => {
      const now = performance.now()
      if (now - last > 250)
        console.error(`[server] ${new Date().toISOString()} loop stalled ${(now - last - 50).toFixed(0)} ms`)
      last = now
    }, 50).unref()
  }
}

/** Current and peak resident memory of a process (Linux), in MB; `anon`: its own memory (no mapped files). */
function memoryOf(pid: number): { rss: number; peak: number; anon: number } {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8')
  const kb = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? 0)
  return { rss: kb('VmRSS') / 1024, peak: kb('VmHWM') / 1024, anon: kb('RssAnon') / 1024 }
}

/** CPU seconds (user + system) of each thread of a process (Linux /proc/<pid>/task/<tid>/stat), by thread id. */
function threadCpu(pid: number): Map<number, number> {
  const ticks = 100 // USER_HZ: clock ticks per second on Linux
  const out = new Map<number, number>()
  for (const tid of fs.readdirSync(`/proc/${pid}/task`)) {
    try {
      const stat = fs.readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8')
      // Fields after the command name (which may hold spaces) start at state; utime and stime are fields 14 and 15.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
      out.set(Number(tid), (Number(fields[11]) + Number(fields[12])) / ticks)
    } catch {
      // The thread ended meanwhile.
    }
  }
  return out
}

/** CPU seconds a process's threads used between two `threadCpu` readings: its main thread, the busiest other, all. */
function cpuBetween(pid: number, before: Map<number, number>, after: Map<number, number>) {
  let all = 0
  let busiest = 0
  let main = 0
  for (const [tid, cpu] of after) {
    const used = cpu - (before.get(tid) ?? 0)
    all += used
    if (tid === pid) main = used
    else busiest = Math.max(busiest, used)
  }
  return { main, busiest, all }
}

/** Samples a process's own memory (RssAnon) every 50 ms until `until` settles; the highest figure. */
async function memoryPeaksDuring(pid: number, until: Promise<unknown>): Promise<{ anon: number }> {
  const peaks = { anon: 0 }
  let done = false
  void until.finally(() => (done = true))
  while (!done) {
    peaks.anon = Math.max(peaks.anon, memoryOf(pid).anon)
    await new Promise((r) => setTimeout(r, 50))
  }
  return peaks
}

/** The embedded engine as its own process (its command line) on a free port. */
async function startDatabase(
  dataDir: string,
): Promise<{ uri: string; pid: number; stop: () => Promise<void> }> {
  const port = await new Promise<number>((resolve) => {
    const probe = net.createServer().listen(0, '127.0.0.1', () => {
      const address = probe.address()
      probe.close(() => resolve(typeof address === 'object' && address ? address.port : 0))
    })
  })
  const bin = path.join(import.meta.dirname, '../../packages/embedded-mongo/bin/cunwu-mongo.mjs')
  const db = spawn(
    process.execPath,
    [bin, '--dbpath', path.join(dataDir, 'db'), '--port', String(port), '--quiet'],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  )
  await new Promise<void>((resolve, reject) => {
    readline.createInterface({ input: db.stdout }).once('line', () => resolve())
    db.once('exit', (code) => reject(new Error(`database exited with ${code}`)))
  })
  return {
    uri: `mongodb://127.0.0.1:${port}/cunwu`,
    pid: db.pid ?? 0,
    stop: async () => {
      const exited = new Promise((resolve) => db.once('exit', resolve))
      db.kill('SIGTERM')
      await exited
    },
  }
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))] ?? 0
}

/** Health checks from two concurrent clients until `until` settles; latencies in ms. */
async function healthDuring(url: string, until: Promise<unknown>): Promise<number[]> {
  const latencies: number[] = []
  let done = false
  void until.finally(() => (done = true))
  const client = async () => {
    while (!done) {
      const t0 = performance.now()
      const res = await fetch(`${url}/api/v1/health`)
      await res.arrayBuffer()
      latencies.push(performance.now() - t0)
      await new Promise((r) => setTimeout(r, 20))
    }
  }
  await Promise.all([client(), client()])
  return latencies.sort((a, b) => a - b)
}

async function main(): Promise<void> {
  fs.mkdirSync(dir, { recursive: true })
  const t0 = performance.now()
  const files: Record<string, string> = {}
  if (ONLY.includes('roster')) files.roster = await rosterFile(ROWS)
  if (ONLY.includes('million')) files.million = await millionFile()
  if (ONLY.includes('bomb')) files.bomb = await bombFile(null)
  if (ONLY.includes('liar')) files.liar = await bombFile(4096)
  if (ONLY.includes('strings')) files.strings = await stringsBombFile()
  console.error(`files ready in ${((performance.now() - t0) / 1000).toFixed(1)} s (${dir})`)

  const trace = process.argv.includes('--trace')
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cunwu-import-bench-db-'))
  // `--database=own-process`: the database runs as its own process (as a MongoDB server would) and the BFF's
  // memory is measured without the documents the embedded engine keeps in memory.
  const ownDatabase = arg('database') === 'own-process' ? await startDatabase(dataDir) : null
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      import.meta.filename,
      '--serve',
      `--data=${dataDir}`,
      ...(ownDatabase ? [`--mongodb-uri=${ownDatabase.uri}`] : []),
      ...(trace ? ['--trace'] : []),
      ...(process.argv.includes('--memory-trace') ? ['--memory-trace'] : []),
    ],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  )
  try {
    const { url } = await new Promise<{ url: string }>((resolve, reject) => {
      readline.createInterface({ input: child.stdout }).once('line', (line) => resolve(JSON.parse(line)))
      child.once('exit', (code) => reject(new Error(`server exited with ${code}`)))
    })
    const pid = child.pid ?? 0
    const post = async (p: string, body: unknown, auth = '') =>
      fetch(`${url}/api/v1${p}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(auth ? { authorization: auth } : {}) },
        body: JSON.stringify(body),
      }).then(async (r) => ({ status: r.status, body: await r.json() }))
    const code = await post('/dev/login-code', { userKey: 'demo-county' })
    const tokens = await post('/auth/wechat', { code: code.body.code })
    const auth = `Bearer ${tokens.body.accessToken}`

    const idle = await healthDuring(url, new Promise((r) => setTimeout(r, 3000)))
    const load = os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(' / ')
    const out = [
      `Machine: ${os.cpus().length} cores, load average at start ${load} (1 / 5 / 15 min).`,
      `Idle server: GET /api/v1/health p50 ${percentile(idle, 50).toFixed(1)} ms, p99 ${percentile(idle, 99).toFixed(1)} ms (${idle.length} requests); RSS ${memoryOf(pid).rss.toFixed(0)} MB with its warm parse worker.`,
      '',
      '| file | size MB | outcome | upload → outcome s | RSS before MB | peak RSS MB | growth MB | of it: own memory MB | database process growth MB | health p50 ms | health p99 ms | health max ms | health requests | CPU s: BFF main thread / busiest other thread (the parse worker) / BFF all / database |',
      '|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|',
    ]
    let period = 2030
    for (const [name, file] of Object.entries(files)) {
      const item = await post(
        `/regions/${COUNTY}/government-items`,
        { catalogItemId: ITEM, period: String(period++), title: `压力测试 ${name}` },
        auth,
      )
      const data = fs.readFileSync(file)
      fs.writeFileSync(`/proc/${pid}/clear_refs`, '5')
      if (ownDatabase) fs.writeFileSync(`/proc/${ownDatabase.pid}/clear_refs`, '5')
      const before = memoryOf(pid)
      const cpuBefore = threadCpu(pid)
      const databaseCpuBefore = ownDatabase ? threadCpu(ownDatabase.pid) : null
      const started = performance.now()
      const form = new FormData()
      form.append('file', new Blob([data], { type: XLSX }), `${name}.xlsx`)
      const run = (async () => {
        const res = await fetch(`${url}/api/v1/government-items/${item.body.id}/table-imports`, {
          method: 'POST',
          headers: { authorization: auth },
          body: form,
        })
        const body = await res.json()
        if (res.status !== 202) return { status: `HTTP ${res.status} ${body.error?.code ?? ''}`, failure: '' }
        for (;;) {
          await new Promise((r) => setTimeout(r, 100))
          const poll = await fetch(`${url}/api/v1/table-imports/${body.id}`, {
            headers: { authorization: auth },
          })
          const doc = await poll.json()
          if (trace)
            console.error(
              `[client] ${new Date().toISOString()} ${doc.status} ${doc.stage} ${doc.progress?.done}/${doc.progress?.total}`,
            )
          if (doc.status !== 'processing')
            return { status: `${doc.status} ${doc.rowCount || ''}`, failure: doc.failure ?? '' }
        }
      })()
      const databaseBefore = ownDatabase ? memoryOf(ownDatabase.pid) : null
      const [health, peaks] = await Promise.all([healthDuring(url, run), memoryPeaksDuring(pid, run)])
      const outcome = await run
      const seconds = (performance.now() - started) / 1000
      const after = memoryOf(pid)
      const cpu = cpuBetween(pid, cpuBefore, threadCpu(pid))
      const databaseCpu =
        ownDatabase && databaseCpuBefore
          ? cpuBetween(ownDatabase.pid, databaseCpuBefore, threadCpu(ownDatabase.pid)).all.toFixed(1)
          : 'in the BFF'
      const cpuText = `${cpu.main.toFixed(1)} / ${cpu.busiest.toFixed(1)} / ${cpu.all.toFixed(1)} / ${databaseCpu}`
      out.push(
        `| ${name} | ${(data.length / MB).toFixed(1)} | ${outcome.status.trim()}${outcome.failure ? `: ${outcome.failure}` : ''} | ${seconds.toFixed(2)} | ${before.rss.toFixed(0)} | ${after.peak.toFixed(0)} | ${(after.peak - before.rss).toFixed(0)} | ${(peaks.anon - before.anon).toFixed(0)} | ${databaseBefore && ownDatabase ? (memoryOf(ownDatabase.pid).peak - databaseBefore.rss).toFixed(0) : 'in the BFF'} | ${percentile(health, 50).toFixed(1)} | ${percentile(health, 99).toFixed(1)} | ${(health.at(-1) ?? 0).toFixed(1)} | ${health.length} | ${cpuText} |`,
      )
    }
    out.push(
      '',
      `Load average at the end ${os
        .loadavg()
        .map((l) => l.toFixed(1))
        .join(' / ')}.`,
    )
    console.log(out.join('\n'))
  } finally {
    const exited = new Promise((resolve) => child.once('exit', resolve))
    child.kill('SIGTERM')
    await exited
    await ownDatabase?.stop()
    fs.rmSync(dataDir, { recursive: true, force: true })
  }
}
