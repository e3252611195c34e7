import { spawn } from 'node:child_process'
import net from 'node:net'
import path from 'node:path'
import readline from 'node:readline'
import { defaultSocketPath, inspectSocketPath, socketUri } from '@cunwu/embedded-mongo/socket'
import type { Config } from './config'
import type { Logger } from './logger'

/**
 * The embedded engine as its own process, the way a deployment runs mongod: the process entry (index.ts) starts it
 * on DATA_DIR/db when MONGODB_URI is unset, and the BFF processes connect to it over the wire protocol. The
 * documents the engine keeps in memory then do not count against the BFF's memory, and several BFF processes can
 * share one database (SCALE.md). The engine listens on a Unix domain socket of mode 0600 in DATA_DIR/db, which only
 * this user (and root) can connect to (packages/embedded-mongo/src/socket.ts), or with DATABASE_PORT on 127.0.0.1,
 * open to every local user; it stops when its standard input ends, so it never outlives the process that started it,
 * even one killed outright.
 */

/** Where the embedded engine listens: a Unix domain socket, or a TCP port on 127.0.0.1. */
export type EngineListen = { socketPath: string } | { port: number }

/**
 * Where the embedded engine on DATA_DIR/db listens: DATABASE_PORT when set, else its socket,
 * DATA_DIR/db/cunwu-mongo.sock (or, when that path is too long for the system, one in a folder of this user's own
 * under the temporary folder).
 */
export function engineListen(config: Pick<Config, 'DATA_DIR' | 'DATABASE_PORT'>): EngineListen {
  if (config.DATABASE_PORT !== undefined) return { port: config.DATABASE_PORT }
  return { socketPath: defaultSocketPath(path.join(config.DATA_DIR, 'db')).socketPath }
}

/**
 * The connection string of an engine already running on DATA_DIR/db (the service's, started by index.ts), reached
 * where `engineListen` says it listens; undefined when none answers there. The setup command connects through it
 * instead of opening the folder, which the running engine holds (bff/src/setup.ts).
 */
export async function runningEngineUri(
  config: Pick<Config, 'DATA_DIR' | 'DATABASE_PORT'>,
): Promise<string | undefined> {
  let listen: EngineListen
  try {
    listen = engineListen(config)
  } catch {
    return undefined // no socket path fits: no engine can be listening on one
  }
  if ('socketPath' in listen) {
    const state = await inspectSocketPath(listen.socketPath).catch(() => 'free' as const)
    return state === 'live' ? socketUri(listen.socketPath) : undefined
  }
  if (listen.port === 0) return undefined
  const port = listen.port
  const answers = await new Promise<boolean>((resolve) => {
    const probe = net.connect(port, '127.0.0.1')
    probe.once('connect', () => {
      probe.destroy()
      resolve(true)
    })
    probe.once('error', () => {
      probe.destroy()
      resolve(false)
    })
  })
  return answers ? `mongodb://127.0.0.1:${port}/` : undefined
}

/** A running engine process. */
export interface DatabaseProcess {
  uri: string
  pid: number
  /** Resolves with the exit code once the engine process has ended (for any reason). */
  exited: Promise<number | null>
  /** Stops the engine (it writes what it holds and closes its files) and waits for it to end. */
  stop(): Promise<void>
}

const here = import.meta.url
// Compiled (bff/dist), the engine's command line is bundled next to the entry; from sources it is the package's bin,
// which loads its TypeScript through tsx.
const RUNS_FROM_SOURCE = here.endsWith('.ts')
const ENGINE_ENTRY = RUNS_FROM_SOURCE
  ? path.resolve(import.meta.dirname, '../../packages/embedded-mongo/bin/cunwu-mongo.mjs')
  : path.join(import.meta.dirname, 'cunwu-mongo.js')
const STARTUP_TIMEOUT_MS = 60_000

/** Starts the engine on `dbPath`, listening as `listen` says, and resolves once it listens. */
export async function startDatabaseProcess(
  dbPath: string,
  listen: EngineListen,
  logger: Logger,
): Promise<DatabaseProcess> {
  const where = 'socketPath' in listen ? ['--socket', listen.socketPath] : ['--port', String(listen.port)]
  const child = spawn(
    process.execPath,
    [ENGINE_ENTRY, '--dbpath', dbPath, ...where, '--quiet', '--stop-on-stdin-end'],
    { stdio: ['pipe', 'pipe', 'pipe'] },
  )
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))
  readline.createInterface({ input: child.stderr }).on('line', (line) => {
    logger.warn({ engine: line }, 'database process')
  })
  const lines = readline.createInterface({ input: child.stdout })
  const uri = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL')
      reject(new Error('the database process did not start in time'))
    }, STARTUP_TIMEOUT_MS)
    lines.on('line', (line) => {
      const found = /listening on (mongodb:\/\/\S+)/.exec(line)
      if (!found?.[1]) return
      clearTimeout(timer)
      resolve(found[1])
    })
    void exited.then((code) => {
      clearTimeout(timer)
      reject(new Error(`the database process ended while starting (exit ${code})`))
    })
  })
  logger.info({ dbPath, enginePid: child.pid, ...listen }, 'database process started')
  if ('port' in listen)
    logger.warn(
      { uri },
      'the database listens on TCP (DATABASE_PORT): any local user can connect, unauthenticated',
    )
  let stopping: Promise<void> | undefined
  return {
    uri,
    pid: child.pid ?? 0,
    exited,
    stop() {
      stopping ??= (async () => {
        if (child.exitCode !== null || child.signalCode !== null) return
        child.kill('SIGTERM')
        await exited
      })()
      return stopping
    },
  }
}
