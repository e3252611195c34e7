/**
 * The production build: `npm run build -w bff` bundles the BFF into bff/dist (JavaScript with source maps), and
 * `node bff/dist/index.js` starts without a TypeScript loader, serves /api/v1/health and stops on SIGTERM. The
 * spreadsheet worker thread and the embedded engine's command line (the database process) are compiled too and run
 * from their files next to the entry.
 */
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { Worker } from 'node:worker_threads'
import { afterAll, describe, expect, it } from 'vitest'
import { startChildEntry } from './testing/child-entry'

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
    for (const file of [
      'index.js',
      'index.js.map',
      'table-import.worker.js',
      'poster.worker.js',
      'cunwu-mongo.js',
      'speech-host.js',
    ]) {
      expect(fs.existsSync(path.join(DIST, file)), file).toBe(true)
    }

    const entry = startChildEntry(
      ['--enable-source-maps', path.join(DIST, 'index.js')],
      dataDir,
      process.env.PATH,
    )
    try {
      const res = await fetch(`${await entry.url()}/api/v1/health`)
      expect(res.status).toBe(200)
      const health = (await res.json()) as { status: string; database: unknown }
      expect(health.status).toBe('ok')
      // The compiled engine ran as the database process.
      expect(health.database).toMatchObject({ state: 'up', kind: 'embedded' })
      entry.kill('SIGTERM')
      expect(await entry.exited).toBe(0)
    } finally {
      entry.dispose()
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
        type: 'parse',
        request: {
          bytes: new Uint8Array(64),
          filename: 'a.xlsx',
          limits: { maxBytes: 8, maxRows: 10, maxColumns: 10, maxInflatedBytes: 1024 },
          schema: { columns: [] },
          village: null,
          plan: {},
          wantRows: false,
          previewRows: 0,
          maxErrors: 1,
        },
      })
      expect(await reply).toMatchObject({ type: 'refused' })
    } finally {
      await worker.terminate()
    }
  }, 60_000)

  it('should draw a poster with the compiled poster worker from its file', async () => {
    const worker = new Worker(path.join(DIST, 'poster.worker.js'))
    try {
      const reply = new Promise<{ ok: boolean; pdf?: Uint8Array }>((resolve, reject) => {
        worker.once('message', resolve)
        worker.once('error', reject)
      })
      worker.postMessage({
        kind: 'invite',
        invite: {
          villageName: '云溪村',
          name: '刘志强',
          link: 'https://example.cn/#/pages/join/index?scene=ABCDEFGHJKLMNPQR',
          expiresAt: new Date(),
          size: 'A5',
        },
      })
      const answer = await reply
      expect(answer.ok).toBe(true)
      expect(
        Buffer.from(answer.pdf ?? [])
          .subarray(0, 5)
          .toString(),
      ).toBe('%PDF-')
    } finally {
      await worker.terminate()
    }
  }, 60_000)
})
