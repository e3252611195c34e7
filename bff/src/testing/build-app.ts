import http from 'node:http'
import type { AddressInfo } from 'node:net'
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

/** An app listening on a real socket at 127.0.0.1 (a free port): for tests that send raw bytes at their own pace. */
export interface ListeningApp {
  port: number
  /** Ends its connections and stops listening. */
  close(): Promise<void>
}

/** Serves `app` on a free port of 127.0.0.1; call `close()` in afterAll (before the test app's own). */
export async function listenOn(app: Koa): Promise<ListeningApp> {
  const server = http.createServer(app.callback())
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return {
    port: (server.address() as AddressInfo).port,
    async close() {
      server.closeAllConnections()
      await new Promise((resolve) => server.close(resolve))
    },
  }
}
