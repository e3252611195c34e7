import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadConfig } from './config'
import { engineListen, startDatabaseProcess } from './database-process'
import type { DatabaseProcess } from './database-process'
import { createLogger } from './logger'
import { createModels } from './models'
import { openSetupDatabase, runSetup, setupTools } from './setup'

// `npm run setup` beside a running service: the service's engine holds DATA_DIR/db, so the setup reaches it through
// its socket instead of opening the folder (README "A new county").
describe('npm run setup while the service runs', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cunwu-setup-run-'))
  const config = loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent' })
  const logger = createLogger({ LOG_LEVEL: 'silent' })
  let engine: DatabaseProcess

  beforeAll(async () => {
    engine = await startDatabaseProcess(path.join(dataDir, 'db'), engineListen(config), logger)
  }, 60_000)
  afterAll(async () => {
    await engine.stop()
    fs.rmSync(dataDir, { recursive: true, force: true })
  })

  it('should import regions through the running engine, which then holds them', async () => {
    const db = await openSetupDatabase(config, logger)
    const csv = path.join(dataDir, 'county.csv')
    fs.writeFileSync(csv, 'code,name,codeYear,urbanRuralCode\n430000000000,湖南省,2025,')
    try {
      if (!db.connection) throw new Error('no connection')
      const lines: string[] = []
      expect(
        await runSetup(['regions', csv], setupTools(createModels(db.connection)), (l) => lines.push(l)),
      ).toBe(0)
      expect(lines).toEqual(['已导入行政区划：新增1个，更新0个。'])
    } finally {
      await db.close()
    }
    // The service's own connection (the engine's socket) reads what the setup wrote; the engine still runs.
    const service = await openSetupDatabase(config, logger)
    try {
      if (!service.connection) throw new Error('no connection')
      expect((await createModels(service.connection).Region.findById('430000000000').lean())?.name).toBe(
        '湖南省',
      )
    } finally {
      await service.close()
    }
  }, 60_000)
})
