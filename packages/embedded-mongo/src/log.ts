/** Minimal logger for the engine; silent unless a sink is configured. */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error'

/** A function that receives one log line. */
export type LogSink = (level: LogLevel, message: string) => void

/** Logger used by the server and the storage layer. */
export interface Logger {
  debug(message: string): void
  info(message: string): void
  warn(message: string): void
  error(message: string): void
}

/** Creates a logger that forwards to `sink` (or to stderr for warn/error when no sink is given). */
export function createLogger(sink?: LogSink | false): Logger {
  const emit: LogSink =
    sink === false
      ? () => {}
      : (sink ??
        ((level, message) => {
          if (level === 'warn' || level === 'error')
            process.stderr.write(`[embedded-mongo] ${level}: ${message}\n`)
        }))
  return {
    debug: (m) => emit('debug', m),
    info: (m) => emit('info', m),
    warn: (m) => emit('warn', m),
    error: (m) => emit('error', m),
  }
}
