import mongoose from 'mongoose'
import { DEFAULT_APP } from '@cunwu/wechat-sim'
import type Koa from 'koa'
import { createApp } from '../app'
import { buildConfig } from '../config'
import type { Config } from '../config'
import { databaseFromConnection, unavailableDatabase } from '../db'
import type { Database } from '../db'
import { createLogger } from '../logger'
import { createRuntime, seedsDemoData } from '../runtime'
import type { Runtime } from '../runtime'
import type { Services } from '../services'
import { seedDemoFromTemplate } from './demo-template'
import { posterWorkers } from '../posters/poster-workers'

/** An app wired to a fresh test database (embedded engine, or MONGODB_URI when set). */
export interface TestApp {
  app: Koa
  db: Database
  config: Config
  runtime: Runtime
  services: Services | null
  /** Closes the connection and drops the test database. */
  close(): Promise<void>
}

/** Builds an app over a fresh, isolated test database; call `close()` in afterAll. */
export async function buildTestApp(overrides: Partial<Record<keyof Config, string>> = {}): Promise<TestApp> {
  const config = buildConfig(overrides)
  // Loaded lazily so HTTP-only tests do not start a database engine.
  const { createTestDatabase } = await import('@cunwu/embedded-mongo/testing')
  const testDb = await createTestDatabase()
  const connection = await mongoose.createConnection(testDb.uri, { dbName: testDb.dbName }).asPromise()
  const db = databaseFromConnection(connection, 'embedded')
  const logger = createLogger(config)
  // The demo data is copied from this worker's template rather than seeded again (see demo-template.ts).
  const runtime = await createRuntime({ ...config, SEED_DEMO: false }, logger, db)
  if (seedsDemoData(config) && runtime.services) {
    await seedDemoFromTemplate(connection, runtime.services, config.WECHAT_APPID ?? DEFAULT_APP.appid)
  }
  const app = createApp({ config, logger, db, services: runtime.services, devLogin: runtime.devLogin })
  return {
    app,
    db,
    config,
    runtime,
    services: runtime.services,
    async close() {
      await runtime.close()
      // Poster workers a test started (posters are drawn off the event loop) end with its app.
      await posterWorkers.close()
      await testDb.drop()
      await db.close()
    },
  }
}

/** Builds an app with no database at all, for tests of the HTTP layer alone. */
export function buildAppWithoutDb(overrides: Partial<Record<keyof Config, string>> = {}): Koa {
  const config = buildConfig(overrides)
  return createApp({ config, logger: createLogger(config), db: unavailableDatabase() })
}
