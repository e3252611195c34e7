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
   * Whether the database can be reached now (no round trip): false from the moment the driver sees it gone until its
   * monitor reaches it again, while it is connected but stalled (a ping unanswered for PING_TIMEOUT_MS, until one is
   * answered), and always for an unavailable database. While false the API answers 503 and /health says down.
   */
  connected(): boolean
  status(): Promise<DatabaseStatus>
  close(): Promise<void>
}

/**
 * How long a ping may wait before the database counts as stalled: 5 s, well past what one large write keeps the
 * engine's process busy here (an import's 1,000-row bulk write), so a busy engine is not taken for a frozen one.
 */
const PING_TIMEOUT_MS = 5000
/**
 * How often the driver checks the embedded engine's process (database-process.ts) when the BFF runs it as its own
 * process: a local socket, so checking every second costs nothing, and a worker sees the engine back (started again
 * by the process entry, database-restarts.ts) within about a second instead of the driver's default 10 s.
 */
const EMBEDDED_HEARTBEAT_MS = 1000
/**
 * How long the driver's own monitor waits for the database to answer its heartbeat (`connectTimeoutMS`, also the
 * time to open a connection) before it calls the server unreachable: it then fails the operations waiting on it
 * (their connections interrupted: 503, lib/db-writes.ts) and a retry waits at most serverSelectionTimeoutMS for it
 * to come back, so a request waiting on a database that stopped answering (its process frozen, a disk stall) is
 * answered 503 within about DATABASE_WAIT_BOUND_MS instead of hanging until the engine resumes. Operations themselves
 * are not timed: legitimately long work (an import's writes, a bulk write of 1,000 rows) runs while heartbeats answer.
 */
const HEARTBEAT_TIMEOUT_MS = 5_000
const SERVER_SELECTION_TIMEOUT_MS = 10_000
/** The longest a request waits on a database that stopped answering before it is answered 503 (about). */
export const DATABASE_WAIT_BOUND_MS =
  HEARTBEAT_TIMEOUT_MS + EMBEDDED_HEARTBEAT_MS + SERVER_SELECTION_TIMEOUT_MS
/** How often the stall monitor looks at the database (one ping at a time, PING_TIMEOUT_MS to answer). */
const STALL_CHECK_MS = 1000

/**
 * Wraps a mongoose connection as a Database; `onClose` releases what was started for it. `watchStalls`: ping the
 * database every second to notice one that stopped answering (a database in another process: the entry's engine,
 * MONGODB_URI; an engine in this process cannot stall without the BFF stalling with it).
 */
export function databaseFromConnection(
  connection: Connection,
  kind: 'embedded' | 'external',
  onClose: () => Promise<void> = async () => {},
  watchStalls = false,
): Database {
  // Followed through mongoose's events rather than read from `readyState`, whose getter also says "disconnected"
  // when two heartbeats are late, which a busy event loop (a loaded machine) would turn into 503s.
  let live = connection.readyState === 1
  connection.on('disconnected', () => (live = false))
  connection.on('connected', () => (live = true))
  // A database that is connected but does not answer (its process frozen, a disk stall) keeps the connection: the
  // monitor sends one ping at a time and calls it stalled once a ping has waited PING_TIMEOUT_MS, until one answers.
  // The health check and the API's gate both read it, so they say the same.
  let pingSince: number | null = null
  let stalled = false
  const check = () => {
    const db = connection.db
    if (!live || !db) return
    if (pingSince !== null) {
      if (performance.now() - pingSince >= PING_TIMEOUT_MS) stalled = true
      return
    }
    pingSince = performance.now()
    db.admin()
      .ping()
      .then(
        () => (stalled = false),
        () => undefined,
      )
      .finally(() => (pingSince = null))
  }
  const monitor = watchStalls ? setInterval(check, STALL_CHECK_MS) : undefined
  monitor?.unref()
  const reachable = () => live && !stalled
  return {
    kind,
    connection,
    connected: reachable,
    async status() {
      const db = connection.db
      if (!reachable() || !db) return { state: 'down', kind }
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
      clearInterval(monitor)
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
      .createConnection(config.MONGODB_URI, {
        dbName: config.MONGODB_DB,
        serverSelectionTimeoutMS: SERVER_SELECTION_TIMEOUT_MS,
        connectTimeoutMS: HEARTBEAT_TIMEOUT_MS,
      })
      .asPromise()
    logger.info({ kind: 'external' }, 'database connected')
    return databaseFromConnection(connection, 'external', undefined, true)
  }
  if (config.EMBEDDED_MONGODB_URI) {
    // The embedded engine the process entry runs as its own process (database-process.ts).
    const connection = await mongoose
      .createConnection(config.EMBEDDED_MONGODB_URI, {
        dbName: config.MONGODB_DB,
        serverSelectionTimeoutMS: SERVER_SELECTION_TIMEOUT_MS,
        heartbeatFrequencyMS: EMBEDDED_HEARTBEAT_MS,
        connectTimeoutMS: HEARTBEAT_TIMEOUT_MS,
      })
      .asPromise()
    logger.info({ kind: 'embedded', process: 'own' }, 'database connected')
    return databaseFromConnection(connection, 'embedded', undefined, true)
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
