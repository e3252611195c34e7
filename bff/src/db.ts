import path from 'node:path'
import mongoose from 'mongoose'
import type { Connection } from 'mongoose'
import type { HealthDto } from '@cunwu/domain'
import type { Config } from './config'
import { engineListen } from './database-process'
import type { Logger } from './logger'

type DatabaseStatus = HealthDto['database']

/** The BFF's handle on its database: the mongoose connection (if any), its health, and how to close it. */
export interface Database {
  readonly kind: DatabaseStatus['kind']
  /** The mongoose connection; null when no database could be reached at start-up. */
  readonly connection: Connection | null
  /**
   * Whether the driver holds a live connection now (no round trip): false from the moment it sees the database gone
   * until its monitor reaches it again, and always for an unavailable database. While false the API answers 503.
   */
  connected(): boolean
  status(): Promise<DatabaseStatus>
  close(): Promise<void>
}

const PING_TIMEOUT_MS = 2000
/**
 * How often the driver checks the embedded engine's process (database-process.ts) when the BFF runs it as its own
 * process: a local socket, so checking every second costs nothing, and a worker sees the engine back (started again
 * by the process entry, database-restarts.ts) within about a second instead of the driver's default 10 s.
 */
const EMBEDDED_HEARTBEAT_MS = 1000

/** Wraps a mongoose connection as a Database; `onClose` releases what was started for it. */
export function databaseFromConnection(
  connection: Connection,
  kind: 'embedded' | 'external',
  onClose: () => Promise<void> = async () => {},
): Database {
  // Followed through mongoose's events rather than read from `readyState`, whose getter also says "disconnected"
  // when two heartbeats are late, which a busy event loop (a loaded machine) would turn into 503s.
  let live = connection.readyState === 1
  connection.on('disconnected', () => (live = false))
  connection.on('connected', () => (live = true))
  return {
    kind,
    connection,
    connected: () => live,
    async status() {
      const db = connection.db
      if (!live || !db) return { state: 'down', kind }
      const started = performance.now()
      try {
        await Promise.race([
          db.admin().ping(),
          new Promise((_, reject) =>
            setTimeout(() => reject(new Error('ping timeout')), PING_TIMEOUT_MS).unref(),
          ),
        ])
        return { state: 'up', kind, latencyMs: Math.round((performance.now() - started) * 100) / 100 }
      } catch {
        return { state: 'down', kind }
      }
    },
    async close() {
      await connection.close()
      await onClose()
    },
  }
}

/** A Database that is not there: health reports it as unavailable instead of pretending. */
export function unavailableDatabase(): Database {
  return {
    kind: 'none',
    connection: null,
    connected: () => false,
    status: async () => ({ state: 'unavailable', kind: 'none' }),
    close: async () => {},
  }
}

/**
 * Connects mongoose to MONGODB_URI, or to the embedded engine the process entry started as its own process
 * (EMBEDDED_MONGODB_URI), or else starts the embedded engine in this process on DATA_DIR/db (tests, benchmarks,
 * DATABASE_PROCESS=inline), listening on its socket as the process entry's does (database-process.ts).
 */
export async function openDatabase(config: Config, logger: Logger): Promise<Database> {
  if (config.MONGODB_URI) {
    const connection = await mongoose
      .createConnection(config.MONGODB_URI, { dbName: config.MONGODB_DB, serverSelectionTimeoutMS: 10_000 })
      .asPromise()
    logger.info({ kind: 'external' }, 'database connected')
    return databaseFromConnection(connection, 'external')
  }
  if (config.EMBEDDED_MONGODB_URI) {
    // The embedded engine the process entry runs as its own process (database-process.ts).
    const connection = await mongoose
      .createConnection(config.EMBEDDED_MONGODB_URI, {
        dbName: config.MONGODB_DB,
        serverSelectionTimeoutMS: 10_000,
        heartbeatFrequencyMS: EMBEDDED_HEARTBEAT_MS,
      })
      .asPromise()
    logger.info({ kind: 'embedded', process: 'own' }, 'database connected')
    return databaseFromConnection(connection, 'embedded')
  }
  const { startEmbeddedMongo } = await import('@cunwu/embedded-mongo')
  const dbPath = path.join(config.DATA_DIR, 'db')
  const engine = await startEmbeddedMongo({ dbPath, ...engineListen(config) })
  try {
    const connection = await mongoose
      .createConnection(engine.uri, { dbName: config.MONGODB_DB, serverSelectionTimeoutMS: 10_000 })
      .asPromise()
    logger.info({ kind: 'embedded', dbPath }, 'database connected')
    return databaseFromConnection(connection, 'embedded', () => engine.stop())
  } catch (err) {
    await engine.stop()
    throw err
  }
}
