/**
 * Listening on a Unix domain socket instead of TCP: only the user the engine runs as (and root) can connect, which a
 * TCP port on 127.0.0.1 cannot give (any local user reaches it; the engine has no authentication). The socket file is
 * created with mode 0600 in a folder that no other user may write (who could write the folder could replace the
 * socket with their own); a socket left by a killed engine is replaced, one a running server answers on is not.
 *
 * This module loads nothing of the engine (the BFF's process entry checks the path before it starts the engine).
 */
import crypto from 'node:crypto'
import fs from 'node:fs'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'

/** The longest socket path the system takes (sun_path: 108 bytes on Linux, 104 elsewhere, with the final NUL). */
export const MAX_SOCKET_PATH_BYTES = process.platform === 'linux' ? 107 : 103

/** The socket's name in the data directory. The driver takes a host ending in `.sock` for a socket path. */
export const SOCKET_FILE_NAME = 'cunwu-mongo.sock'

/** Why a socket path cannot be listened on. */
export type SocketPathProblem = 'too_long' | 'not_sock' | 'unsafe_folder' | 'not_socket' | 'in_use'

/** Raised when the engine cannot listen on a socket path safely; `problem` says why, `socketPath` where. */
export class SocketPathError extends Error {
  constructor(
    readonly problem: SocketPathProblem,
    readonly socketPath: string,
    message: string,
  ) {
    super(message)
    this.name = 'SocketPathError'
  }
}

/** The connection string of a socket: `mongodb://%2Fpath%2Fto%2Fcunwu-mongo.sock/`. */
export function socketUri(socketPath: string): string {
  return `mongodb://${encodeURIComponent(socketPath)}/`
}

/**
 * Where the engine on `dbPath` listens by default: `<dbPath>/cunwu-mongo.sock`. When that path is too long for the
 * system, `<tmpdir>/cunwu-mongo-<uid>/<hash of dbPath>.sock` (a folder of this user's only, checked when the engine
 * listens); when even that is too long, throws SocketPathError `too_long`.
 */
export function defaultSocketPath(dbPath: string): { socketPath: string; fallback: boolean } {
  const inData = path.join(path.resolve(dbPath), SOCKET_FILE_NAME)
  if (Buffer.byteLength(inData) <= MAX_SOCKET_PATH_BYTES) return { socketPath: inData, fallback: false }
  const hash = crypto.createHash('sha256').update(path.resolve(dbPath)).digest('hex').slice(0, 16)
  const uid = process.getuid?.() ?? 0
  const fallback = path.join(os.tmpdir(), `cunwu-mongo-${uid}`, `${hash}.sock`)
  checkLength(fallback)
  return { socketPath: fallback, fallback: true }
}

function checkLength(socketPath: string): void {
  const bytes = Buffer.byteLength(socketPath)
  if (bytes > MAX_SOCKET_PATH_BYTES)
    throw new SocketPathError(
      'too_long',
      socketPath,
      `socket path ${socketPath} is ${bytes} bytes; the system allows at most ${MAX_SOCKET_PATH_BYTES}`,
    )
}

/**
 * Checks `socketPath` before listening: short enough, named `*.sock`, in a folder (created with mode 0700 when
 * missing) that is a real folder owned by this user or root and not writable by group or others.
 */
export function checkSocketPath(socketPath: string): void {
  checkLength(socketPath)
  if (!socketPath.endsWith('.sock'))
    throw new SocketPathError('not_sock', socketPath, `socket path ${socketPath} must end with .sock`)
  const folder = path.dirname(path.resolve(socketPath))
  fs.mkdirSync(folder, { recursive: true, mode: 0o700 })
  const stat = fs.lstatSync(folder)
  const uid = process.getuid?.()
  const unsafe = !stat.isDirectory()
    ? 'is not a folder (or is a symbolic link)'
    : uid !== undefined && stat.uid !== uid && stat.uid !== 0
      ? `belongs to another user (uid ${stat.uid})`
      : (stat.mode & 0o022) !== 0
        ? `is writable by other users (mode ${(stat.mode & 0o7777).toString(8)})`
        : null
  if (unsafe)
    throw new SocketPathError(
      'unsafe_folder',
      socketPath,
      `the socket's folder ${folder} ${unsafe}: another user could replace the socket`,
    )
}

/** What is at `socketPath`: nothing, a socket no server answers on (left by a killed one), or a live server's. */
export async function inspectSocketPath(socketPath: string): Promise<'free' | 'stale' | 'live'> {
  let stat: fs.Stats
  try {
    stat = fs.lstatSync(socketPath)
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return 'free'
    throw err
  }
  if (!stat.isSocket())
    throw new SocketPathError(
      'not_socket',
      socketPath,
      `${socketPath} exists and is not a socket; remove it or choose another path`,
    )
  return new Promise((resolve, reject) => {
    const probe = net.connect(socketPath)
    probe.once('connect', () => {
      probe.destroy()
      resolve('live')
    })
    probe.once('error', (err: NodeJS.ErrnoException) => {
      probe.destroy()
      if (err.code === 'ECONNREFUSED' || err.code === 'ENOENT') resolve('stale')
      else reject(err)
    })
  })
}

/**
 * Makes `server` listen on `socketPath` with mode 0600: checks the path, replaces a stale socket, refuses a live one
 * (SocketPathError `in_use`), and creates the socket under umask 0177 so it is never open to others, even briefly.
 */
export async function listenOnSocket(server: net.Server, socketPath: string): Promise<void> {
  checkSocketPath(socketPath)
  const found = await inspectSocketPath(socketPath)
  if (found === 'live')
    throw new SocketPathError(
      'in_use',
      socketPath,
      `${socketPath} is in use by a running server; stop it or choose another path`,
    )
  if (found === 'stale') fs.rmSync(socketPath, { force: true })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    // Outside a worker thread (where umask cannot be set) the socket is bound, synchronously, under this mask.
    let previous: number | undefined
    try {
      previous = process.umask(0o177)
    } catch {
      previous = undefined
    }
    try {
      server.listen({ path: socketPath, exclusive: true }, () => {
        server.off('error', reject)
        resolve()
      })
    } finally {
      if (previous !== undefined) process.umask(previous)
    }
  })
  fs.chmodSync(socketPath, 0o600)
}
