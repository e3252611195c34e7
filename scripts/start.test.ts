import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'

const root = path.resolve(import.meta.dirname, '..')
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cunwu-start-'))

afterAll(() => {
  fs.rmSync(dataDir, { recursive: true, force: true })
})

describe('npm start', () => {
  it('should check the configuration before the H5 build, and stop with the list of bad variables', () => {
    const run = spawnSync(process.execPath, ['scripts/start.mjs'], {
      cwd: root,
      env: { PATH: process.env.PATH, PORT: 'abc', LOG_LEVEL: 'INFO', DATA_DIR: dataDir },
      encoding: 'utf8',
      timeout: 60_000,
    })
    const output = `${run.stdout}${run.stderr}`
    expect(run.status, output).toBe(2)
    expect(output).toContain('PORT: ')
    expect(output).toContain('LOG_LEVEL: ')
    // ensure-h5.mjs says whether it builds ("No H5 build yet", "H5 sources changed", "H5 build is up to date").
    expect(output).not.toMatch(/H5/)
  }, 90_000)
})
