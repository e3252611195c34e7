/**
 * The production build: `npm run build -w bff` bundles the BFF into bff/dist (JavaScript with source maps), and
 * `node bff/dist/index.js` starts without a TypeScript loader, serves /api/v1/health and stops on SIGTERM. The
 * spreadsheet worker thread is compiled too and runs from its file next to the entry.
 */
import { spawn, spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { Worker } from 'node:worker_threads'
import { afterAll, describe, expect, it } from 'vitest'

const BFF = path.resolve(import.meta.dirname, '..')
const DIST = path.join(BFF, 'dist')
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cunwu-build-'))

afterAll(() => {
  fs.rmSync(dataDir, { recursive: true, force: true })
})

describe('compiled BFF', () => {
  it('should build to JavaScript with source maps and start from it without a loader', async () => {
    const built = spawnSync(process.execPath, [path.join(BFF, 'scripts', 'build.mjs')], { encoding: 'utf8' })
    expect(built.status, built.stderr).toBe(0)
    for (const file of ['index.js', 'index.js.map', 'table-import.worker.js', 'table-import.worker.js.map']) {
      expect(fs.existsSync(path.join(DIST, file)), file).toBe(true)
    }

    const child = spawn(process.execPath, ['--enable-source-maps', path.join(DIST, 'index.js')], {
      env: {
        PATH: process.env.PATH,
        PORT: '0',
        DATA_DIR: dataDir,
        STATIC_DIR: '',
        LOG_LEVEL: 'info',
        SEED_DEMO: 'false',
        MAINTENANCE_INTERVAL_MS: '0',
        NOTIFICATIONS_WORKER: 'false',
        PAY_WORKER: 'false',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let out = ''
    child.stdout.on('data', (d: Buffer) => (out += d.toString()))
    child.stderr.on('data', (d: Buffer) => (out += d.toString()))
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)))
    try {
      let url: string | undefined
      for (let i = 0; i < 1200 && !url && child.exitCode === null; i++) {
        url = /"url":"(http:\/\/[^"]+)","msg":"cunwu BFF listening"/.exec(out)?.[1]
        if (!url) await new Promise((r) => setTimeout(r, 100))
      }
      expect(url, out).toBeDefined()
      const res = await fetch(`${String(url)}/api/v1/health`)
      expect(res.status).toBe(200)
      expect(((await res.json()) as { status: string }).status).toBe('ok')
      child.kill('SIGTERM')
      expect(await exited).toBe(0)
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL')
    }
  }, 150_000)

  it('should run the compiled spreadsheet worker from its file', async () => {
    // The build of the first test is reused; a file too large for its limit is refused by the worker itself.
    const worker = new Worker(path.join(DIST, 'table-import.worker.js'))
    try {
      const reply = new Promise<unknown>((resolve, reject) => {
        worker.once('message', resolve)
        worker.once('error', reject)
      })
      worker.postMessage({
        bytes: new Uint8Array(64),
        filename: 'a.xlsx',
        limits: { maxBytes: 8, maxRows: 10, maxColumns: 10, maxInflatedBytes: 1024 },
        schema: { columns: [] },
        village: null,
        plan: {},
        wantRows: false,
        previewRows: 0,
        maxErrors: 1,
      })
      expect(await reply).toMatchObject({ type: 'refused' })
    } finally {
      await worker.terminate()
    }
  }, 60_000)
})
