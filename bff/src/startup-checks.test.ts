/**
 * The process entry refuses to start, with one plain line and before it starts the database or seeds anything, on a
 * port already in use, on a data folder it cannot write, on a data folder whose path is too long for the database's
 * socket (even in the temporary folder), on a database socket another running database answers on and on a data
 * folder another running database holds (on a TCP port, DATABASE_PORT, it has no socket to see).
 */
import { spawn } from 'node:child_process'
import fs from 'node:fs'
import net from 'node:net'
import type { AddressInfo } from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'

const ENTRY = path.join(import.meta.dirname, 'index.ts')
const dirs: string[] = []
afterAll(() => {
  for (const d of dirs) {
    fs.chmodSync(d, 0o755)
    fs.rmSync(d, { recursive: true, force: true })
  }
})

function tempDir(): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'cunwu-start-'))
  dirs.push(d)
  return d
}

const AS_ROOT = process.getuid?.() === 0

/** Whether uid 65534 can reach the sources: every folder above them searchable by others (a 0700 clone is not). */
function othersCanReach(file: string): boolean {
  for (let dir = path.dirname(file); ; dir = path.dirname(dir)) {
    if ((fs.statSync(dir).mode & 0o001) === 0) return false
    if (dir === path.dirname(dir)) return true
  }
}

/**
 * Runs the entry to its end. Root cannot be refused by file modes, so `asNobody` runs it as nobody (uid 65534) when
 * this process is root.
 */
function runEntry(
  env: Record<string, string>,
  options: { asNobody?: boolean } = {},
): Promise<{ code: number | null; output: string }> {
  const asNobody = options.asNobody && AS_ROOT ? { uid: 65534, gid: 65534 } : {}
  const child = spawn(process.execPath, ['--import', 'tsx', ENTRY], {
    env: {
      PATH: process.env.PATH,
      HOST: '127.0.0.1',
      STATIC_DIR: '',
      LOG_LEVEL: 'info',
      SEED_DEMO: 'true',
      MAINTENANCE_INTERVAL_MS: '0',
      NOTIFICATIONS_WORKER: 'false',
      PAY_WORKER: 'false',
      NODE_ENV: 'development',
      ...env,
    },
    ...asNobody,
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  child.stdout.on('data', (d: Buffer) => (output += d.toString()))
  child.stderr.on('data', (d: Buffer) => (output += d.toString()))
  return new Promise((resolve) => child.on('exit', (code) => resolve({ code, output })))
}

describe('start-up checks', () => {
  it('ends with one line naming the port when it is in use, before seeding anything', async () => {
    const holder = net.createServer()
    await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve))
    const port = (holder.address() as AddressInfo).port
    const dataDir = tempDir()
    try {
      const { code, output } = await runEntry({ PORT: String(port), DATA_DIR: dataDir })
      expect(code).toBe(1)
      expect(output.trim()).toBe(
        `端口 ${port} 已被占用（127.0.0.1:${port}，EADDRINUSE）：请先停止占用它的程序，或用 PORT 换一个端口`,
      )
      // Nothing was started: no database folder.
      expect(fs.existsSync(path.join(dataDir, 'db'))).toBe(false)
    } finally {
      holder.close()
    }
  }, 60_000)

  // As root the folder's mode refuses nobody but root: the entry runs as nobody, who must be able to read the sources.
  it.skipIf(AS_ROOT && !othersCanReach(ENTRY))(
    'ends with one line naming the folder and the reason when the data folder cannot be written',
    async () => {
      const dataDir = tempDir()
      fs.chmodSync(dataDir, 0o555)
      const { code, output } = await runEntry({ PORT: '0', DATA_DIR: dataDir }, { asNobody: true })
      expect(code).toBe(1)
      expect(output.trim()).toBe(
        `数据目录不可写：${path.join(dataDir, 'db')}（EACCES，没有写入权限）：请检查 DATA_DIR 和它所在的磁盘`,
      )
    },
    60_000,
  )

  it('ends with one line when the database socket fits neither in the data folder nor in the temporary folder', async () => {
    const base = tempDir()
    const dataDir = path.join(base, 'd'.repeat(100))
    const tmp = path.join(base, 't'.repeat(100))
    fs.mkdirSync(tmp, { recursive: true })
    const { code, output } = await runEntry({ PORT: '0', DATA_DIR: dataDir, TMPDIR: tmp })
    expect(code).toBe(1)
    const socketPath = path.join(tmp, `cunwu-mongo-${process.getuid?.() ?? 0}`)
    expect(output.trim()).toMatch(
      new RegExp(
        `^数据目录的路径太长：数据库套接字的路径最多 107 个字节，${path.join(dataDir, 'db')} 里放不下，临时文件夹 ${tmp} 里也放不下（${socketPath}/[0-9a-f]{16}\\.sock）：请用 DATA_DIR 换一个路径较短的数据目录$`,
      ),
    )
  }, 60_000)

  it('ends with one line when another running database answers on the socket, and leaves it alone', async () => {
    const dataDir = tempDir()
    const socketPath = path.join(dataDir, 'db', 'cunwu-mongo.sock')
    fs.mkdirSync(path.dirname(socketPath), { mode: 0o700 })
    const holder = net.createServer((socket) => socket.end())
    await new Promise<void>((resolve) => holder.listen(socketPath, resolve))
    try {
      const { code, output } = await runEntry({ PORT: '0', DATA_DIR: dataDir })
      expect(code).toBe(1)
      expect(output.trim()).toBe(
        `数据库套接字 ${socketPath} 正被另一个运行中的数据库使用：请先停止它，或用 DATA_DIR 换一个数据目录`,
      )
      expect(fs.lstatSync(socketPath).isSocket()).toBe(true)
    } finally {
      holder.close()
    }
  }, 60_000)

  it('ends with one line when another running database holds the data folder, on a TCP port too', async () => {
    const dataDir = tempDir()
    fs.mkdirSync(path.join(dataDir, 'db'), { mode: 0o700 })
    // The lock an engine takes on its folder, held by a running process (this one).
    fs.writeFileSync(path.join(dataDir, 'db', 'mongod.lock'), String(process.pid))
    for (const env of [{ DATABASE_PORT: '0' }, {}] as Record<string, string>[]) {
      const { code, output } = await runEntry({ PORT: '0', DATA_DIR: dataDir, ...env })
      expect(code).toBe(1)
      expect(output.trim()).toBe(
        `数据目录 ${path.join(dataDir, 'db')} 正被另一个运行中的数据库（进程 ${process.pid}）使用：请先停止它，或用 DATA_DIR 换一个数据目录`,
      )
    }
    expect(fs.readFileSync(path.join(dataDir, 'db', 'mongod.lock'), 'utf8')).toBe(String(process.pid))
  }, 60_000)
})
