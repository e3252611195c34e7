/**
 * The process entry as production runs it (a child process): a promise rejection that nobody handled is logged
 * and the BFF keeps answering (Node's default would end the process for every user), and SIGTERM still shuts it
 * down cleanly.
 */
import { spawn } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'

const ENTRY = path.join(import.meta.dirname, 'index.ts')
const PRELOAD = path.join(import.meta.dirname, 'testing', 'unhandled-rejection.preload.mjs')
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cunwu-entry-'))

afterAll(() => {
  fs.rmSync(dataDir, { recursive: true, force: true })
})

describe('process entry', () => {
  it('should log an unhandled rejection and keep serving, then stop cleanly on SIGTERM', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', '--import', PRELOAD, ENTRY], {
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
    const waitFor = async (re: RegExp): Promise<RegExpMatchArray> => {
      for (let i = 0; i < 1200; i++) {
        const m = out.match(re)
        if (m) return m
        if (child.exitCode !== null) break
        await new Promise((r) => setTimeout(r, 100))
      }
      throw new Error(`not seen ${String(re)}; output:\n${out}`)
    }
    try {
      const url = (await waitFor(/"url":"(http:\/\/[^"]+)","msg":"cunwu BFF listening"/))[1]
      child.kill('SIGUSR2')
      await waitFor(/unhandled promise rejection/)
      const res = await fetch(`${String(url)}/api/v1/health`)
      expect(res.status).toBe(200)
      expect(child.exitCode).toBeNull()
      child.kill('SIGTERM')
      expect(await exited).toBe(0)
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL')
    }
  }, 150_000)
})
