import cluster from 'node:cluster'
import os from 'node:os'
import path from 'node:path'
import type { Config } from './config'
import { ConfigError, loadConfig } from './config'
import { engineListen, startDatabaseProcess } from './database-process'
import type { DatabaseProcess } from './database-process'
import { superviseDatabaseProcess } from './database-restarts'
import { createLogger } from './logger'
import type { Logger } from './logger'
import { startServer } from './server'
import { dataDirLockProblem, databaseSocketProblem, dataDirProblem, portProblem } from './startup-checks'

/**
 * Process entry (`npm start`, `node bff/dist/index.js`): validates the configuration, starts the database as its own
 * process unless MONGODB_URI is set or DATABASE_PROCESS=inline (database-process.ts; started again when it dies,
 * database-restarts.ts), then serves with WORKERS BFF processes on one port (node:cluster; one process serves
 * in-process), and shuts everything down gracefully on SIGTERM/SIGINT. With several workers the WeChat simulator (outside WECHAT_MODE=real) runs here, once, so every
 * worker sees the same sign-in codes and payments. See SCALE.md.
 */
async function main(): Promise<void> {
  let config
  try {
    config = loadConfig()
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message)
      process.exit(2)
    }
    throw err
  }
  const logger = createLogger(config)
  if (cluster.isWorker) {
    await serve(config, logger, null)
    return
  }
  // Before the database starts and anything is seeded: a port in use, a data folder it cannot write or a database
  // socket it cannot use safely is one line.
  const problem =
    (await portProblem(config.HOST, config.PORT)) ??
    dataFolderProblem(config) ??
    (await engineSocketProblem(config)) ??
    engineLockProblem(config)
  if (problem) {
    console.error(problem)
    process.exit(1)
  }
  const inline = config.DATABASE_PROCESS === 'inline'
  const workers =
    config.WORKERS ?? (config.NODE_ENV === 'production' && !inline ? os.availableParallelism() : 1)
  // DATABASE_PROCESS=inline: no database process; the server starts the engine in this process (db.ts).
  const database =
    config.MONGODB_URI || config.EMBEDDED_MONGODB_URI || inline
      ? null
      : await superviseDatabaseProcess(
          (listen) => startDatabaseProcess(path.join(config.DATA_DIR, 'db'), listen, logger),
          engineListen(config),
          logger,
        )
  const shared: Record<string, string> = database ? { EMBEDDED_MONGODB_URI: database.uri } : {}
  if (workers === 1) {
    await serve({ ...config, ...shared }, logger, database)
    return
  }
  await supervise(config, logger, workers, shared, database)
}

/** The data folder this start writes (the embedded engine's DATA_DIR/db, or the generated JWT key), if it cannot. */
function dataFolderProblem(config: Config): string | null {
  if (!config.MONGODB_URI && !config.EMBEDDED_MONGODB_URI)
    return dataDirProblem(path.join(config.DATA_DIR, 'db'))
  return config.JWT_SECRET ? null : dataDirProblem(config.DATA_DIR)
}

/** Why the embedded engine this start runs cannot use its socket, if it cannot (none with MONGODB_URI or a port). */
async function engineSocketProblem(config: Config): Promise<string | null> {
  if (config.MONGODB_URI || config.EMBEDDED_MONGODB_URI || config.DATABASE_PORT !== undefined) return null
  return databaseSocketProblem(path.join(config.DATA_DIR, 'db'))
}

/** Whether another running engine holds the data folder this start's engine opens (none with MONGODB_URI). */
function engineLockProblem(config: Config): string | null {
  if (config.MONGODB_URI || config.EMBEDDED_MONGODB_URI) return null
  return dataDirLockProblem(path.join(config.DATA_DIR, 'db'))
}

/** Serves in this process; stops the database process (if this process started it) after the server. */
async function serve(config: Config, logger: Logger, database: DatabaseProcess | null): Promise<void> {
  const server = await startServer(config, logger)
  logger.info({ pid: process.pid, url: server.url }, 'cunwu BFF listening')
  let closing = false
  const close = (code: number) => {
    if (closing) return
    closing = true
    server
      .close()
      .then(() => database?.stop())
      .then(
        () => process.exit(code),
        (err: unknown) => {
          logger.error({ err }, 'shutdown failed')
          process.exit(1)
        },
      )
  }
  const shutdown = (signal: string) => {
    logger.info({ signal }, 'shutting down')
    close(0)
  }
  process.once('SIGTERM', () => shutdown('SIGTERM'))
  process.once('SIGINT', () => shutdown('SIGINT'))
  // The database process is started again when it dies (database-restarts.ts); this is its giving up.
  void database?.exited.then(() => {
    if (!closing) close(1)
  })

  // A promise nobody awaited must not end the service for everyone: Node's default for an unhandled rejection is
  // to exit. It is logged as an error with its stack and the process goes on. A synchronous exception that
  // reached the top leaves the process in an unknown state: it is logged and the server shuts down gracefully
  // (exit 1) so a supervisor can start a clean one.
  process.on('unhandledRejection', (reason: unknown) => {
    logger.error({ err: reason }, 'unhandled promise rejection (the process goes on)')
  })
  process.once('uncaughtException', (err: Error) => {
    logger.fatal({ err }, 'uncaught exception: shutting down')
    close(1)
  })
}

/**
 * Runs `count` workers on one port. The first starts alone (it seeds the demo data and runs start-up migrations),
 * the others once it listens; a worker that dies is replaced. On SIGTERM/SIGINT every worker drains and ends, then
 * the simulator and the database process stop.
 */
async function supervise(
  config: Config,
  logger: Logger,
  count: number,
  shared: Record<string, string>,
  database: DatabaseProcess | null,
): Promise<void> {
  let sim: { baseUrl: string; stop(): Promise<void> } | null = null
  if (config.WECHAT_MODE !== 'real' && !config.WECHAT_API_BASE) {
    const { DEFAULT_APP, startWechatSim } = await import('@cunwu/wechat-sim')
    const appid = config.WECHAT_APPID ?? DEFAULT_APP.appid
    const secret = config.WECHAT_SECRET ?? DEFAULT_APP.secret
    sim = await startWechatSim({ port: 0, apps: [{ appid, secret }] })
    shared.WECHAT_API_BASE = sim.baseUrl
    logger.info({ url: sim.baseUrl }, 'WeChat simulator started for the workers')
  }
  let stopping = false
  const fork = (env: Record<string, string>) => {
    const worker = cluster.fork({ ...shared, ...env })
    worker.once('exit', (code, signal) => {
      if (stopping) return
      logger.error({ code, signal, pid: worker.process.pid }, 'a worker ended: starting another')
      fork({ SEED_DEMO: 'false' })
    })
    return worker
  }
  const first = fork({})
  await new Promise<void>((resolve, reject) => {
    first.once('listening', () => resolve())
    first.once('exit', (code) => reject(new Error(`the first worker ended while starting (exit ${code})`)))
  })
  for (let i = 1; i < count; i++) fork({ SEED_DEMO: 'false' })

  const stopAll = async (code: number) => {
    if (stopping) return
    stopping = true
    const ended = Object.values(cluster.workers ?? {}).map(
      (worker) =>
        new Promise<void>((resolve) => {
          if (!worker || worker.isDead()) return resolve()
          worker.once('exit', () => resolve())
          worker.process.kill('SIGTERM')
        }),
    )
    await Promise.all(ended)
    await sim?.stop()
    await database?.stop()
    process.exit(code)
  }
  const shutdown = (signal: string) => {
    logger.info({ signal }, 'shutting down')
    void stopAll(0)
  }
  process.once('SIGTERM', () => shutdown('SIGTERM'))
  process.once('SIGINT', () => shutdown('SIGINT'))
  // The database process is started again when it dies (database-restarts.ts); this is its giving up.
  void database?.exited.then(() => {
    if (!stopping) void stopAll(1)
  })
  logger.info({ workers: count }, 'workers started')
}

main().catch((err: unknown) => {
  console.error(err)
  process.exit(1)
})
