import type { DatabaseProcess, EngineListen } from './database-process'
import type { Logger } from './logger'

/**
 * The embedded engine's process started again when it dies (killed for memory, a crash), so the service comes back
 * by itself: the process entry (index.ts) runs it under this supervisor, and the workers answer 503 while it is away
 * and reconnect once it listens again (README, "Health check"). It listens where it listened before (the same socket,
 * or the same TCP port when DATABASE_PORT=0 chose one), so the workers' connection string stays good.
 */

/** When the engine is started again: after a delay doubling from `firstDelayMs` to `maxDelayMs`; at most `perMinute`. */
export interface DatabaseRestartLimits {
  /** @default 500 */
  firstDelayMs: number
  /** @default 10000 */
  maxDelayMs: number
  /** Restarts in any 60 s; the next death after them ends the service (as before restarts existed). @default 5 */
  perMinute: number
}

export const DATABASE_RESTARTS: DatabaseRestartLimits = {
  firstDelayMs: 500,
  maxDelayMs: 10_000,
  perMinute: 5,
}

const MINUTE_MS = 60_000

/** Where an engine that listened at `uri` listens again: its socket, or the TCP port it was given or took. */
export function listenAgain(listen: EngineListen, uri: string): EngineListen {
  if ('socketPath' in listen || listen.port !== 0) return listen
  const port = Number(new URL(uri).port)
  return Number.isInteger(port) && port > 0 ? { port } : listen
}

/**
 * Starts the engine (`start`) and starts it again each time it dies, after a backoff, until it has died more than
 * `perMinute` times within a minute: then it gives up, which `exited` reports (with the last exit code), and the
 * process entry shuts the service down. `pid` is the running engine's. `stop()` ends restarts and the engine.
 */
export async function superviseDatabaseProcess(
  start: (listen: EngineListen) => Promise<DatabaseProcess>,
  listen: EngineListen,
  logger: Logger,
  limits: DatabaseRestartLimits = DATABASE_RESTARTS,
): Promise<DatabaseProcess> {
  let current = await start(listen)
  const again = listenAgain(listen, current.uri)
  let stopping = false
  let wake: (() => void) | undefined
  let timer: NodeJS.Timeout | undefined
  let starting: Promise<DatabaseProcess> | undefined
  const restarts: number[] = []
  let giveUp: (code: number | null) => void = () => {}
  const exited = new Promise<number | null>((resolve) => (giveUp = resolve))

  const watch = (engine: DatabaseProcess) => {
    void engine.exited.then((code) => {
      if (!stopping) void restart(code)
    })
  }

  const restart = async (code: number | null) => {
    for (;;) {
      const now = Date.now()
      while (restarts.length > 0 && (restarts[0] ?? 0) <= now - MINUTE_MS) restarts.shift()
      if (restarts.length >= limits.perMinute) {
        logger.fatal(
          { code, restarts: restarts.length, withinMs: MINUTE_MS },
          `the database process ended again after ${restarts.length} restarts within a minute: giving up, shutting down`,
        )
        giveUp(code)
        return
      }
      const delayMs = Math.min(limits.maxDelayMs, limits.firstDelayMs * 2 ** restarts.length)
      restarts.push(now)
      logger.error(
        { code, enginePid: current.pid, delayMs, restart: restarts.length },
        'the database process ended: starting it again',
      )
      await new Promise<void>((resolve) => {
        wake = resolve
        timer = setTimeout(resolve, delayMs)
      })
      if (stopping) return
      try {
        starting = start(again)
        const engine = await starting
        if (stopping) {
          await engine.stop()
          return
        }
        current = engine
        logger.info({ enginePid: engine.pid }, 'database process started again')
        watch(engine)
        return
      } catch (err) {
        logger.error({ err }, 'the database process did not start again')
      }
    }
  }
  watch(current)

  return {
    get uri() {
      return current.uri
    },
    get pid() {
      return current.pid
    },
    exited,
    async stop() {
      stopping = true
      clearTimeout(timer)
      wake?.()
      // An engine starting again as the service stops is stopped too.
      const late = await starting?.catch(() => null)
      await late?.stop()
      await current.stop()
    },
  }
}
