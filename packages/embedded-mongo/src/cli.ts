/**
 * Command line: `cunwu-mongo --dbpath data/db --port 27017` starts a durable engine on TCP 127.0.0.1 (open to every
 * local user: no authentication); `--socket data/db/cunwu-mongo.sock` listens on a Unix domain socket of mode 0600
 * instead (src/socket.ts; the BFF's process entry starts it so); without --dbpath the engine is in memory. Stops
 * cleanly on SIGINT/SIGTERM, and with --stop-on-stdin-end when its standard input ends (the BFF's process entry starts
 * it so: the engine never outlives the BFF that started it); then SIGINT is left to that server, which drains its
 * requests and jobs before it stops the engine.
 */
import { startEmbeddedMongo } from './server'

const USAGE =
  'usage: cunwu-mongo [--dbpath <dir>] [--port <port> | --socket <path.sock>] [--quiet] [--stop-on-stdin-end]'

interface CliArgs {
  dbPath?: string
  port: number
  /** A Unix domain socket to listen on instead of TCP. */
  socketPath?: string
  quiet: boolean
  /** Stop when standard input ends: a parent process that started the engine ended, however it ended. */
  stopOnStdinEnd: boolean
}

function parseArgs(argv: string[]): CliArgs {
  const args: CliArgs = { port: 27017, quiet: false, stopOnStdinEnd: false }
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string
    const [flag, inline] = a.includes('=') ? (a.split(/=(.*)/s, 2) as [string, string]) : [a, undefined]
    const value = (): string => {
      const v = inline ?? argv[++i]
      if (v === undefined) throw new Error(`${flag} needs a value\n${USAGE}`)
      return v
    }
    switch (flag) {
      case '--dbpath':
      case '--dbPath':
        args.dbPath = value()
        break
      case '--port': {
        const p = Number(value())
        if (!Number.isInteger(p) || p < 0 || p > 65535) throw new Error(`invalid --port\n${USAGE}`)
        args.port = p
        break
      }
      case '--socket':
        args.socketPath = value()
        break
      case '--quiet':
        args.quiet = true
        break
      case '--stop-on-stdin-end':
        args.stopOnStdinEnd = true
        break
      case '--help':
      case '-h':
        process.stdout.write(`${USAGE}\n`)
        process.exit(0)
        break
      default:
        throw new Error(`unknown argument ${a}\n${USAGE}`)
    }
  }
  if (args.socketPath !== undefined && argv.some((a) => a === '--port' || a.startsWith('--port=')))
    throw new Error(`--port and --socket cannot be used together\n${USAGE}`)
  return args
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2))
  const server = await startEmbeddedMongo({
    ...(args.dbPath ? { dbPath: args.dbPath } : {}),
    port: args.port,
    ...(args.socketPath ? { socketPath: args.socketPath } : {}),
    log: (level, message) => {
      if (args.quiet && level !== 'error') return
      if (level === 'debug') return
      process.stderr.write(`[cunwu-mongo] ${level}: ${message}\n`)
    },
  })
  let stopping = false
  const stop = (): void => {
    if (stopping) return
    stopping = true
    server.stop().then(
      () => process.exit(0),
      (err: unknown) => {
        process.stderr.write(`[cunwu-mongo] error while stopping: ${String(err)}\n`)
        process.exit(1)
      },
    )
  }
  process.on('SIGTERM', stop)
  if (args.stopOnStdinEnd) {
    // Started by a server (the BFF's process entry): a terminal's Ctrl-C reaches the whole process group, and the
    // server still needs its database while it drains; it stops this process (input closed, or SIGTERM) once done.
    process.on('SIGINT', () => undefined)
    process.stdin.on('end', stop)
    process.stdin.on('error', stop)
    process.stdin.resume()
  } else {
    process.on('SIGINT', stop)
  }
  // Announced only once the signals are handled: whoever waits for this line may signal at once.
  process.stdout.write(
    `cunwu-mongo listening on ${server.uri} (${args.dbPath ? `dbPath ${args.dbPath}` : 'in memory, not durable'})\n`,
  )
}

main().catch((err: unknown) => {
  process.stderr.write(`[cunwu-mongo] ${err instanceof Error ? err.message : String(err)}\n`)
  process.exit(1)
})
