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
}

main().catch((err: unknown) => {
  console.error(err)
  process.exit(1)
})
