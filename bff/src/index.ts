import { ConfigError, loadConfig } from './config'
import { createLogger } from './logger'
import { startServer } from './server'

/** Process entry: validate config, connect, listen, and shut down gracefully on SIGTERM/SIGINT. */
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
  const server = await startServer(config, logger)
  logger.info({ url: server.url }, 'cunwu BFF listening')

  const shutdown = (signal: string) => {
    logger.info({ signal }, 'shutting down')
    server.close().then(
      () => process.exit(0),
      (err: unknown) => {
        logger.error({ err }, 'shutdown failed')
        process.exit(1)
      },
    )
  }
  process.once('SIGTERM', () => shutdown('SIGTERM'))
  process.once('SIGINT', () => shutdown('SIGINT'))

  // A promise nobody awaited must not end the service for everyone: Node's default for an unhandled rejection is
  // to exit. It is logged as an error with its stack and the process goes on. A synchronous exception that
  // reached the top leaves the process in an unknown state: it is logged and the server shuts down gracefully
  // (exit 1) so a supervisor can start a clean one.
  process.on('unhandledRejection', (reason: unknown) => {
    logger.error({ err: reason }, 'unhandled promise rejection (the process goes on)')
  })
  process.once('uncaughtException', (err: Error) => {
    logger.fatal({ err }, 'uncaught exception: shutting down')
    server.close().finally(() => process.exit(1))
  })
}

main().catch((err: unknown) => {
  console.error(err)
  process.exit(1)
})
