import fs from 'node:fs'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import {
  checkSocketPath,
  defaultSocketPath,
  inspectSocketPath,
  MAX_SOCKET_PATH_BYTES,
  SOCKET_FILE_NAME,
  SocketPathError,
} from '@cunwu/embedded-mongo/socket'

/**
 * Checks the process entry makes before it starts anything (the database, seeding, the workers): a port already in
 * use, a data folder it cannot write or a database socket it cannot use safely ends the start with one plain line,
 * not a stack after the demo data was seeded.
 */

/** Why the BFF could not listen on HOST:PORT, in one line; null when it can (the port is free). */
export async function portProblem(host: string, port: number): Promise<string | null> {
  if (port === 0) return null
  const probe = net.createServer()
  const error = await new Promise<NodeJS.ErrnoException | null>((resolve) => {
    probe.once('error', resolve)
    probe.listen({ host, port, exclusive: true }, () => resolve(null))
  })
  if (!error) {
    await new Promise<void>((resolve) => probe.close(() => resolve()))
    return null
  }
  const where = `${host.includes(':') ? `[${host}]` : host}:${port}`
  switch (error.code) {
    case 'EADDRINUSE':
      return `端口 ${port} 已被占用（${where}，EADDRINUSE）：请先停止占用它的程序，或用 PORT 换一个端口`
    case 'EACCES':
      return `没有权限使用端口 ${port}（${where}，EACCES）：请用 1024 以上的端口，或用 PORT 换一个端口`
    case 'EADDRNOTAVAIL':
      return `本机没有地址 ${host}（${where}，EADDRNOTAVAIL）：请检查 HOST`
    default:
      return `无法使用端口 ${port}（${where}，${error.code ?? error.message}）`
  }
}

const REASONS: Record<string, string> = {
  EROFS: '只读文件系统',
  EACCES: '没有写入权限',
  EPERM: '没有写入权限',
  ENOSPC: '磁盘已满',
  ENOTDIR: '路径中有一段不是文件夹',
}

/**
 * Why the folder `dir` (created if missing) cannot be written, in one line naming the path and the system's code;
 * null when it can. A read-only disk used to surface as ENOENT from a recursive mkdir, with a stack.
 */
export function dataDirProblem(dir: string): string | null {
  const absolute = path.resolve(dir)
  try {
    let existing = absolute
    while (!fs.existsSync(existing)) existing = path.dirname(existing)
    if (!fs.statSync(existing).isDirectory())
      throw Object.assign(new Error('not a folder'), { code: 'ENOTDIR' })
    fs.accessSync(existing, fs.constants.W_OK)
    fs.mkdirSync(absolute, { recursive: true })
    // Root passes access() on any mode; a probe file answers for everyone.
    const probe = path.join(absolute, `.write-check-${process.pid}`)
    fs.writeFileSync(probe, '')
    fs.rmSync(probe)
    return null
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'error'
    return `数据目录不可写：${absolute}（${code}${REASONS[code] ? `，${REASONS[code]}` : ''}）：请检查 DATA_DIR 和它所在的磁盘`
  }
}

/**
 * Why the embedded engine on `dbPath` cannot listen on its Unix domain socket (database-process.ts), in one line; null
 * when it can. A socket left by a killed engine is no problem (the engine replaces it); one a running engine answers
 * on is.
 */
export async function databaseSocketProblem(dbPath: string): Promise<string | null> {
  let socketPath = path.join(path.resolve(dbPath), SOCKET_FILE_NAME)
  try {
    socketPath = defaultSocketPath(dbPath).socketPath
    checkSocketPath(socketPath)
    if ((await inspectSocketPath(socketPath)) !== 'live') return null
    return `数据库套接字 ${socketPath} 正被另一个运行中的数据库使用：请先停止它，或用 DATA_DIR 换一个数据目录`
  } catch (err) {
    if (!(err instanceof SocketPathError)) {
      const code = (err as NodeJS.ErrnoException).code ?? 'error'
      return `无法使用数据库套接字 ${socketPath}（${code}${REASONS[code] ? `，${REASONS[code]}` : ''}）：请检查 DATA_DIR 和它所在的磁盘`
    }
    const where = err.socketPath
    switch (err.problem) {
      case 'too_long':
        return `数据目录的路径太长：数据库套接字的路径最多 ${MAX_SOCKET_PATH_BYTES} 个字节，${path.resolve(dbPath)} 里放不下，临时文件夹 ${os.tmpdir()} 里也放不下（${where}）：请用 DATA_DIR 换一个路径较短的数据目录`
      case 'unsafe_folder':
        return `数据库套接字所在的文件夹 ${path.dirname(where)} 不安全（不是本用户的文件夹，或其他用户可以写入）：请改为只有运行村务通的用户能写（如 chmod 700），或用 DATA_DIR 换一个数据目录`
      case 'not_socket':
        return `${where} 已经存在，但不是数据库套接字：请确认没有用处后删去它，或用 DATA_DIR 换一个数据目录`
      default:
        return `无法使用数据库套接字 ${where}：请用 DATA_DIR 换一个数据目录`
    }
  }
}

/** The embedded engine's lock file in its data folder (`lockDataDir`, packages/embedded-mongo/src/storage/lock.ts). */
const ENGINE_LOCK_FILE = 'mongod.lock'

/**
 * Why the embedded engine cannot open `dbPath`, in one line: another running process holds the folder's lock (an
 * engine started by another `npm start` on the same DATA_DIR, listening on a TCP port, DATABASE_PORT, which the
 * socket check does not see); null when none does. A lock left by a process that has ended is no problem (the
 * engine takes it over).
 */
export function dataDirLockProblem(dbPath: string): string | null {
  let pid: number
  try {
    pid = Number.parseInt(fs.readFileSync(path.join(dbPath, ENGINE_LOCK_FILE), 'utf8').trim(), 10)
  } catch {
    return null
  }
  if (!Number.isInteger(pid) || pid <= 0 || pid === process.pid) return null
  try {
    process.kill(pid, 0)
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EPERM') return null
  }
  return `数据目录 ${path.resolve(dbPath)} 正被另一个运行中的数据库（进程 ${pid}）使用：请先停止它，或用 DATA_DIR 换一个数据目录`
}
