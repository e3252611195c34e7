/**
 * The process entry as production runs it (a child process): a promise rejection that nobody handled is logged
 * and the BFF keeps answering (Node's default would end the process for every user), and SIGTERM still shuts it
 * down cleanly.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { startChildEntry } from './testing/child-entry'

const ENTRY = path.join(import.meta.dirname, 'index.ts')
const PRELOAD = path.join(import.meta.dirname, 'testing', 'unhandled-rejection.preload.mjs')
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cunwu-entry-'))

afterAll(() => {
  fs.rmSync(dataDir, { recursive: true, force: true })
})

describe('process entry', () => {
  it('should log an unhandled rejection and keep serving, then stop cleanly on SIGTERM', async () => {
    const entry = startChildEntry(['--import', 'tsx', '--import', PRELOAD, ENTRY], dataDir, process.env.PATH)
    try {
      const url = await entry.url()
      entry.kill('SIGUSR2')
      await entry.waitFor(/unhandled promise rejection/)
      const res = await fetch(`${url}/api/v1/health`)
      expect(res.status).toBe(200)
      entry.kill('SIGTERM')
      expect(await entry.exited).toBe(0)
    } finally {
      entry.dispose()
    }
  }, 150_000)
})
