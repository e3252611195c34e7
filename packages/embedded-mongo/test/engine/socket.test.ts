/**
 * Listening on a Unix domain socket (src/socket.ts): the socket has mode 0600 and the driver reaches the engine
 * through it; no TCP port is opened; a socket left by a killed engine is replaced, a live one is not taken; paths
 * too long for the system fall back to a folder of this user's own; unsafe folders and files that are not sockets
 * are refused. As root, a process of another user is refused at the socket.
 */
import { spawn, spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { MongoClient } from 'mongodb'
import { afterEach, describe, expect, it } from 'vitest'
import { defaultSocketPath, SocketPathError, startEmbeddedMongo, type EmbeddedMongo } from '../../src/index'
import { MAX_SOCKET_PATH_BYTES } from '../../src/socket'
import { listeningTcpPorts } from '../../src/testing'

const running: EmbeddedMongo[] = []
const folders: string[] = []

afterEach(async () => {
  for (const server of running.splice(0)) await server.stop()
  for (const dir of folders.splice(0)) fs.rmSync(dir, { recursive: true, force: true })
})

function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cunwu-sock-'))
  folders.push(dir)
  return dir
}

async function start(options: Parameters<typeof startEmbeddedMongo>[0]): Promise<EmbeddedMongo> {
  const server = await startEmbeddedMongo({ log: false, ...options })
  running.push(server)
  return server
}

async function roundTrip(uri: string): Promise<unknown> {
  const client = await MongoClient.connect(uri, { serverSelectionTimeoutMS: 3000 })
  try {
    await client
      .db('t')
      .collection('c')
      .insertOne({ _id: 1, a: 'x' } as never)
    return await client
      .db('t')
      .collection('c')
      .findOne({ _id: 1 } as never)
  } finally {
    await client.close()
  }
}

describe('the engine on a Unix domain socket', () => {
  it('should listen on a socket of mode 0600 that the driver reaches, with no TCP port open', async () => {
    const dbPath = path.join(tempDir(), 'db')
    const socketPath = path.join(dbPath, 'cunwu-mongo.sock')
    const before = listeningTcpPorts(process.pid)
    const server = await start({ dbPath, socketPath })
    expect(server.uri).toBe(`mongodb://${encodeURIComponent(socketPath)}/`)
    expect(server.port).toBe(0)
    const stat = fs.statSync(socketPath)
    expect(stat.isSocket()).toBe(true)
    expect(stat.mode & 0o777).toBe(0o600)
    // The data folder holds every document: only this user may enter it.
    expect(fs.statSync(dbPath).mode & 0o777).toBe(0o700)
    expect(await roundTrip(server.uri)).toEqual({ _id: 1, a: 'x' })
    if (process.platform === 'linux') expect(listeningTcpPorts(process.pid)).toEqual(before)
    await server.stop()
    expect(fs.existsSync(socketPath)).toBe(false)
  })

  it('should replace a socket left by a killed engine', async () => {
    const socketPath = path.join(tempDir(), 'left.sock')
    // A process listening on the path, killed outright: its socket file stays, with nobody behind it.
    const child = spawn(process.execPath, [
      '-e',
      `require('net').createServer().listen(${JSON.stringify(socketPath)}, () => console.log('up'))`,
    ])
    await new Promise<void>((resolve) => child.stdout.once('data', () => resolve()))
    child.kill('SIGKILL')
    await new Promise((resolve) => child.once('exit', resolve))
    expect(fs.lstatSync(socketPath).isSocket()).toBe(true)
    const server = await start({ socketPath })
    expect(await roundTrip(server.uri)).toEqual({ _id: 1, a: 'x' })
  })

  it('should refuse a socket a running engine answers on, and leave that engine serving', async () => {
    const socketPath = path.join(tempDir(), 'live.sock')
    const first = await start({ socketPath })
    const second = startEmbeddedMongo({ log: false, socketPath, dbPath: path.join(tempDir(), 'db') })
    await expect(second).rejects.toMatchObject({ name: 'SocketPathError', problem: 'in_use' })
    expect(await roundTrip(first.uri)).toEqual({ _id: 1, a: 'x' })
  })

  it('should refuse a path that is not a socket, and leave the file alone', async () => {
    const socketPath = path.join(tempDir(), 'file.sock')
    fs.writeFileSync(socketPath, 'not a socket')
    await expect(start({ socketPath })).rejects.toMatchObject({ problem: 'not_socket' })
    expect(fs.readFileSync(socketPath, 'utf8')).toBe('not a socket')
  })

  it('should refuse a folder other users may write', async () => {
    const folder = tempDir()
    fs.chmodSync(folder, 0o777)
    await expect(start({ socketPath: path.join(folder, 'open.sock') })).rejects.toMatchObject({
      problem: 'unsafe_folder',
    })
  })

  it('should refuse a socket path too long for the system', async () => {
    const socketPath = path.join(tempDir(), `${'a'.repeat(MAX_SOCKET_PATH_BYTES)}.sock`)
    await expect(start({ socketPath })).rejects.toBeInstanceOf(SocketPathError)
    await expect(start({ socketPath })).rejects.toMatchObject({ problem: 'too_long' })
  })

  it('should put the socket of a data folder with a long path in a folder of this user only', async () => {
    const short = defaultSocketPath('/srv/cunwu/data/db')
    expect(short).toEqual({ socketPath: '/srv/cunwu/data/db/cunwu-mongo.sock', fallback: false })
    const dbPath = path.join(tempDir(), 'd'.repeat(100), 'db')
    const { socketPath, fallback } = defaultSocketPath(dbPath)
    expect(fallback).toBe(true)
    expect(Buffer.byteLength(socketPath)).toBeLessThanOrEqual(MAX_SOCKET_PATH_BYTES)
    // Two data folders get two sockets.
    expect(defaultSocketPath(`${dbPath}2`).socketPath).not.toBe(socketPath)
    const server = await start({ dbPath, socketPath })
    expect(fs.statSync(path.dirname(socketPath)).mode & 0o777).toBe(0o700)
    expect(fs.statSync(socketPath).mode & 0o777).toBe(0o600)
    expect(await roundTrip(server.uri)).toEqual({ _id: 1, a: 'x' })
  })

  it.runIf(process.getuid?.() === 0 && process.platform === 'linux')(
    'should refuse a process of another user at the socket',
    async () => {
      const socketPath = path.join(tempDir(), 'private.sock')
      await start({ socketPath })
      // The folder mkdtemp made is 0700; open it so only the socket's own mode stands in the way.
      fs.chmodSync(path.dirname(socketPath), 0o755)
      const connect = [
        `require('net').connect(${JSON.stringify(socketPath)})`,
        `.on('connect', () => { console.log('connected'); process.exit(0) })`,
        `.on('error', (e) => { console.log(e.code); process.exit(0) })`,
      ].join('')
      const probe = spawnSync(process.execPath, ['-e', connect], {
        uid: 65534,
        gid: 65534,
        encoding: 'utf8',
        timeout: 10_000,
      })
      expect(probe.stdout.trim()).toBe('EACCES')
    },
  )
})
