/**
 * The server (on a Unix domain socket, or TCP on 127.0.0.1): frames wire-protocol messages per connection, runs them
 * in order through the command table, and closes (with a logged reason) any connection that sends a malformed message.
 */
import fs from 'node:fs'
import net from 'node:net'
import { BSONError, deserialize, serialize } from 'bson'
import { helloReply } from './commands/admin'
import { CommandContext } from './commands/context'
import { COMMANDS } from './commands/index'
import { dispatch } from './commands/registry'
import { Engine } from './engine/engine'
import { MongoCommandError } from './errors'
import { createLogger, type Logger, type LogSink } from './log'
import { listenOnSocket, socketUri } from './socket'
import { LmdbStore } from './storage/lmdb-store'
import { lockDataDir } from './storage/lock'
import { MemoryStore, type Store } from './storage/store'
import {
  encodeMsgReply,
  encodeOpReply,
  messageLength,
  parseMessage,
  ProtocolError,
  type Request,
} from './wire/protocol'

/** Options of startEmbeddedMongo. */
export interface EmbeddedMongoOptions {
  /** Data directory; omitted means a purely in-memory engine (for tests). */
  dbPath?: string
  /** TCP port on 127.0.0.1; 0 or omitted picks a free port. Ignored when `socketPath` is given. */
  port?: number
  /**
   * Listen on this Unix domain socket (ending in `.sock`) instead of TCP: mode 0600, in a folder no other user may
   * write; a socket left by a killed engine is replaced, a live one refused (`src/socket.ts`).
   */
  socketPath?: string
  /** Where log lines go; false silences them. @default warnings and errors to stderr */
  log?: LogSink | false
  /** How often expired TTL documents are deleted. @default 60000 (as mongod) */
  ttlMonitorIntervalMs?: number
  /** Let the process exit while the server is still listening (used by the test helper). @default false */
  unref?: boolean
  /** Connections open at once; one more is closed as it arrives (logged). @default 2000 */
  maxConnections?: number
  /**
   * Bytes held for messages not yet whole, over every connection; a connection whose data would pass it is closed
   * (logged), so slow or half-sent large messages cannot take the process's memory. @default 256 MiB
   */
  maxBufferedBytes?: number
}

/** The bytes every connection holds for partial messages, against one limit. */
interface BufferBudget {
  used: number
  readonly max: number
}

/** A running engine. */
export interface EmbeddedMongo {
  /** `mongodb://127.0.0.1:<port>/`, or `mongodb://%2Fpath%2Fto%2Fcunwu-mongo.sock/` on a socket */
  uri: string
  /** The TCP port; 0 on a socket. */
  port: number
  /** The socket listened on, if any. */
  socketPath?: string
  /** Stops accepting connections, closes open ones and the storage, and releases the data directory. */
  stop(): Promise<void>
}

const LEGACY_HELLO = new Set(['ismaster', 'isMaster', 'hello'])

class Connection {
  readonly #socket: net.Socket
  readonly #engine: Engine
  readonly #log: Logger
  readonly id: number
  #chunks: Buffer[] = []
  #buffered = 0
  #chain: Promise<void> = Promise.resolve()
  #closed = false

  readonly #budget: BufferBudget

  constructor(socket: net.Socket, engine: Engine, log: Logger, id: number, budget: BufferBudget) {
    this.#socket = socket
    this.#engine = engine
    this.#log = log
    this.id = id
    this.#budget = budget
    socket.setNoDelay(true)
    socket.on('data', (chunk: Buffer) => this.#onData(chunk))
    socket.on('error', (err) => log.debug(`connection ${id}: ${err.message}`))
    socket.on('close', () => {
      this.#closed = true
      this.#release()
    })
  }

  /** Drops the partial message held (its bytes go back to the budget). */
  #release(): void {
    this.#budget.used -= this.#buffered
    this.#chunks = []
    this.#buffered = 0
  }

  #close(reason: string): void {
    if (this.#closed) return
    this.#closed = true
    this.#log.warn(`closing connection ${this.id}: ${reason}`)
    this.#release()
    this.#socket.destroy()
  }

  #onData(chunk: Buffer): void {
    if (this.#closed) return
    if (this.#budget.used + chunk.length > this.#budget.max) {
      this.#close(`partial messages over every connection would hold more than ${this.#budget.max} bytes`)
      return
    }
    this.#chunks.push(chunk)
    this.#buffered += chunk.length
    this.#budget.used += chunk.length
    try {
      while (this.#buffered >= 4) {
        const len = messageLength(this.#peek(4))
        if (this.#buffered < len) break
        const msg = this.#take(len)
        this.#chain = this.#chain.then(() => this.#handle(msg))
      }
    } catch (err) {
      this.#close(err instanceof Error ? err.message : String(err))
    }
  }

  #peek(n: number): Buffer {
    const first = this.#chunks[0] as Buffer
    if (first.length >= n) return first.subarray(0, n)
    return Buffer.concat(this.#chunks).subarray(0, n)
  }

  #take(n: number): Buffer {
    const all = this.#chunks.length === 1 ? (this.#chunks[0] as Buffer) : Buffer.concat(this.#chunks)
    const msg = all.subarray(0, n)
    const rest = all.subarray(n)
    this.#chunks = rest.length ? [rest] : []
    this.#budget.used -= this.#buffered - rest.length
    this.#buffered = rest.length
    return msg
  }

  async #handle(msg: Buffer): Promise<void> {
    if (this.#closed) return
    let req: Request
    try {
      req = parseMessage(msg)
    } catch (err) {
      this.#close(err instanceof Error ? err.message : String(err))
      return
    }
    try {
      if (req.kind === 'query') {
        this.#write(encodeOpReply(req.requestId, this.#legacyCommand(req.fullCollectionName, req.query)))
        return
      }
      const ctx = new CommandContext(this.#engine, req.body, req.sequences, this.id)
      const reply = await dispatch(COMMANDS, ctx)
      if (!req.moreToCome) this.#write(encodeMsgReply(req.requestId, reply))
    } catch (err) {
      if (err instanceof BSONError || err instanceof ProtocolError || err instanceof RangeError) {
        this.#close(`malformed BSON: ${err.message}`)
        return
      }
      if (err instanceof MongoCommandError && req.kind === 'msg') {
        if (!req.moreToCome) this.#write(encodeMsgReply(req.requestId, serializeReply(err.toReply())))
        return
      }
      this.#close(`internal error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`)
    }
  }

  /** OP_QUERY is only accepted for the handshake, as in mongod 6+. */
  #legacyCommand(fullCollectionName: string, query: Buffer): Record<string, unknown> {
    let body = deserialize(query) as Record<string, unknown>
    if (typeof body.$query === 'object' && body.$query !== null) body = body.$query as Record<string, unknown>
    const name = Object.keys(body)[0] ?? ''
    if (!fullCollectionName.endsWith('.$cmd') || !LEGACY_HELLO.has(name)) {
      return {
        ok: 0,
        errmsg: `Unsupported OP_QUERY command: ${name}. The client driver may require an upgrade.`,
        code: 352,
        codeName: 'UnsupportedOpQueryCommand',
      }
    }
    return helloReply(this.id, true)
  }

  #write(parts: Buffer[]): void {
    if (this.#closed) return
    this.#socket.cork()
    for (const p of parts) this.#socket.write(p)
    this.#socket.uncork()
  }

  destroy(): void {
    this.#closed = true
    this.#release()
    this.#socket.destroy()
  }
}

function serializeReply(doc: Record<string, unknown>): Buffer {
  const b = serialize(doc)
  return Buffer.from(b.buffer, b.byteOffset, b.byteLength)
}

/** Starts an engine listening on a Unix domain socket (`socketPath`) or on 127.0.0.1. */
export async function startEmbeddedMongo(options: EmbeddedMongoOptions = {}): Promise<EmbeddedMongo> {
  const log = createLogger(options.log)
  const release = options.dbPath ? lockDataDir(prepareDir(options.dbPath)) : undefined
  let store: Store
  let engine: Engine
  try {
    store = options.dbPath ? new LmdbStore(options.dbPath) : new MemoryStore()
    engine = new Engine(store, log)
  } catch (err) {
    release?.()
    throw err
  }
  const connections = new Set<Connection>()
  let nextConnectionId = 1
  const budget: BufferBudget = { used: 0, max: options.maxBufferedBytes ?? 256 * 1024 * 1024 }
  const server = net.createServer((socket) => {
    if (options.unref) socket.unref()
    const conn = new Connection(socket, engine, log, nextConnectionId++, budget)
    connections.add(conn)
    socket.on('close', () => connections.delete(conn))
  })
  server.maxConnections = options.maxConnections ?? 2000
  server.on('drop', () => log.warn(`refused a connection: ${server.maxConnections} are open`))
  server.on('error', (err) => log.error(`server error: ${err.message}`))
  try {
    if (options.socketPath) await listenOnSocket(server, options.socketPath)
    else
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject)
        server.listen(options.port ?? 0, '127.0.0.1', () => {
          server.off('error', reject)
          resolve()
        })
      })
  } catch (err) {
    await engine.close()
    release?.()
    throw err
  }
  if (options.unref) server.unref()
  const address = server.address()
  const port =
    typeof address === 'object' && address ? address.port : options.socketPath ? 0 : (options.port ?? 0)
  const ttlTimer = setInterval(() => {
    try {
      const n = engine.expireTtl()
      if (n > 0) log.debug(`TTL monitor deleted ${n} documents`)
    } catch (err) {
      log.error(`TTL monitor failed: ${err instanceof Error ? err.message : String(err)}`)
    }
  }, options.ttlMonitorIntervalMs ?? 60_000)
  ttlTimer.unref()
  const reaper = setInterval(() => engine.cursors.reap(Date.now()), 60_000)
  reaper.unref()
  let stopped: Promise<void> | undefined
  const where = options.socketPath ?? `127.0.0.1:${port}`
  log.info(
    `embedded-mongo listening on ${where} (${options.dbPath ? `dbPath ${options.dbPath}` : 'in memory'})`,
  )
  return {
    uri: options.socketPath ? socketUri(options.socketPath) : `mongodb://127.0.0.1:${port}/`,
    port,
    ...(options.socketPath ? { socketPath: options.socketPath } : {}),
    stop() {
      stopped ??= (async () => {
        clearInterval(ttlTimer)
        clearInterval(reaper)
        const closed = new Promise<void>((resolve) => server.close(() => resolve()))
        for (const c of connections) c.destroy()
        await closed
        await engine.close()
        release?.()
      })()
      return stopped
    },
  }
}

/**
 * Creates the data directory with mode 0700, and takes group and others' access away from one this user owns: its
 * files hold every document, so no other user may read them (nor reach a socket kept there).
 */
function prepareDir(dbPath: string): string {
  fs.mkdirSync(dbPath, { recursive: true, mode: 0o700 })
  const stat = fs.statSync(dbPath)
  if ((stat.mode & 0o077) !== 0 && stat.uid === process.getuid?.()) fs.chmodSync(dbPath, stat.mode & 0o700)
  return dbPath
}
