/** Durable storage: restart persistence, the data-directory lock, the CLI, and the test helper. */
import { spawn, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { Double, Long, MongoClient } from 'mongodb'
import { afterAll, describe, expect, it } from 'vitest'
import { DataDirLockedError, startEmbeddedMongo } from '../../src/index'
import { createTestDatabase, stopTestServer, withDatabase } from '../../src/testing'

const BIN = path.join(import.meta.dirname, '..', '..', 'bin', 'cunwu-mongo.mjs')
const dirs: string[] = []
function tempDir(): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'cunwu-durable-'))
  dirs.push(d)
  return d
}
afterAll(() => {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true })
})

describe('persistence', () => {
  it('should keep documents, types, indexes and drops across a restart', async () => {
    const dbPath = tempDir()
    let server = await startEmbeddedMongo({ dbPath, log: false })
    let client = await MongoClient.connect(server.uri)
    const c = client.db('app').collection('things')
    await c.createIndex({ email: 1 }, { unique: true })
    await c.insertMany([
      { _id: 1, email: 'a', d: new Double(2), l: Long.fromNumber(7) },
      { _id: 2, email: 'b' },
    ] as never[])
    await c.updateOne({ _id: 2 } as never, { $set: { x: 1 } })
    await c.deleteOne({ _id: 1 } as never)
    await c.insertOne({ _id: 3, email: 'c', d: new Double(2) } as never)
    await client.db('app').collection('gone').insertOne({ a: 1 })
    await client.db('app').collection('gone').drop()
    await client.close()
    await server.stop()

    server = await startEmbeddedMongo({ dbPath, log: false })
    client = await MongoClient.connect(server.uri)
    try {
      const again = client.db('app').collection('things')
      expect(await again.find({}, { sort: { _id: 1 } }).toArray()).toEqual([
        { _id: 2, email: 'b', x: 1 },
        { _id: 3, email: 'c', d: 2 },
      ])
      expect((await again.findOne({ _id: 3 } as never, { promoteValues: false }))?.d).toBeInstanceOf(Double)
      expect((await again.listIndexes().toArray()).map((i) => i.name)).toEqual(['_id_', 'email_1'])
      await expect(again.insertOne({ email: 'b' })).rejects.toMatchObject({ code: 11000 })
      const names = (await client.db('app').listCollections().toArray()).map((x) => x.name)
      expect(names).toEqual(['things'])
    } finally {
      await client.close()
      await server.stop()
    }
  })
})

describe('data directory names', () => {
  it('should use a directory whose last name contains a dot, through the CLI, across a restart', async () => {
    const dbPath = path.join(tempDir(), 'my.data')
    let { child, uri } = await startCli(['--dbpath', dbPath, '--port', '0', '--quiet'])
    let client = await MongoClient.connect(uri)
    await client
      .db('dotted')
      .collection('c')
      .insertOne({ _id: 1, kept: true } as never)
    await client.close()
    let done = exited(child)
    child.kill('SIGTERM')
    expect(await done).toBe(0)
    expect(fs.statSync(dbPath).isDirectory()).toBe(true)
    ;({ child, uri } = await startCli(['--dbpath', dbPath, '--port', '0', '--quiet']))
    client = await MongoClient.connect(uri)
    try {
      expect(
        await client
          .db('dotted')
          .collection('c')
          .findOne({ _id: 1 } as never),
      ).toEqual({ _id: 1, kept: true })
    } finally {
      await client.close()
      done = exited(child)
      child.kill('SIGTERM')
      expect(await done).toBe(0)
    }
  })

  it('should open an existing directory named like a file (x.db)', async () => {
    const dbPath = path.join(tempDir(), 'x.db')
    fs.mkdirSync(dbPath)
    let server = await startEmbeddedMongo({ dbPath, log: false })
    let client = await MongoClient.connect(server.uri)
    await client
      .db('app')
      .collection('c')
      .insertOne({ _id: 'a' } as never)
    await client.close()
    await server.stop()
    server = await startEmbeddedMongo({ dbPath, log: false })
    client = await MongoClient.connect(server.uri)
    try {
      expect(await client.db('app').collection('c').countDocuments()).toBe(1)
    } finally {
      await client.close()
      await server.stop()
    }
  })
})

describe('data directory lock', () => {
  it('should refuse a second server on the same dbPath in this process', async () => {
    const dbPath = tempDir()
    const server = await startEmbeddedMongo({ dbPath, log: false })
    try {
      await expect(startEmbeddedMongo({ dbPath, log: false })).rejects.toBeInstanceOf(DataDirLockedError)
    } finally {
      await server.stop()
    }
    const again = await startEmbeddedMongo({ dbPath, log: false })
    await again.stop()
  })

  it('should refuse a second process on the same dbPath with a clear error', async () => {
    const dbPath = tempDir()
    const server = await startEmbeddedMongo({ dbPath, log: false })
    try {
      const result = await runCli(['--dbpath', dbPath, '--port', '0'])
      expect(result.code).toBe(1)
      expect(result.stderr).toContain(`is locked by process ${process.pid}`)
    } finally {
      await server.stop()
    }
  })
})

function runCli(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()))
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
    child.on('exit', (code) => resolve({ code, stdout, stderr }))
  })
}

function startCli(
  args: string[],
  stdin: 'ignore' | 'pipe' = 'ignore',
): Promise<{ child: ChildProcess; uri: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { stdio: [stdin, 'pipe', 'pipe'] })
    let out = ''
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString()
      const m = /listening on (mongodb:\/\/\S+)/.exec(out)
      if (m?.[1]) resolve({ child, uri: m[1] })
    })
    child.on('exit', (code) => reject(new Error(`cli exited with ${String(code)}: ${out}`)))
  })
}

function exited(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => child.on('exit', (code) => resolve(code)))
}

describe('CLI', () => {
  it('should serve a data directory and stop cleanly on SIGTERM', async () => {
    const dbPath = tempDir()
    let { child, uri } = await startCli(['--dbpath', dbPath, '--port', '0', '--quiet'])
    let client = await MongoClient.connect(uri)
    await client.db('cli').collection('c').insertOne({ hello: 'world' })
    await client.close()
    let done = exited(child)
    child.kill('SIGTERM')
    expect(await done).toBe(0)
    expect(fs.existsSync(path.join(dbPath, 'mongod.lock'))).toBe(false)
    ;({ child, uri } = await startCli([`--dbpath=${dbPath}`, '--port=0', '--quiet']))
    client = await MongoClient.connect(uri)
    expect(
      await client
        .db('cli')
        .collection('c')
        .findOne({}, { projection: { _id: 0 } }),
    ).toEqual({ hello: 'world' })
    await client.close()
    done = exited(child)
    child.kill('SIGINT')
    expect(await done).toBe(0)
  })

  it('should leave Ctrl-C to the server that started it with --stop-on-stdin-end, and stop when its input ends', async () => {
    const { child, uri } = await startCli(['--port', '0', '--quiet', '--stop-on-stdin-end'], 'pipe')
    const done = exited(child)
    // A terminal's Ctrl-C reaches the whole process group: the server draining its requests still needs the engine.
    child.kill('SIGINT')
    await new Promise((r) => setTimeout(r, 300))
    const client = await MongoClient.connect(uri)
    await client.db('cli').collection('c').insertOne({ after: 'ctrl-c' })
    expect(await client.db('cli').collection('c').countDocuments()).toBe(1)
    await client.close()
    child.stdin?.end()
    expect(await done).toBe(0)
  })

  it('should reject unknown arguments', async () => {
    const r = await runCli(['--nope'])
    expect(r.code).toBe(1)
    expect(r.stderr).toContain('usage: cunwu-mongo')
  })
})

describe('test helper', () => {
  it('should give each call its own database and drop it', async () => {
    const a = await createTestDatabase()
    const b = await createTestDatabase()
    expect(a.dbName).not.toBe(b.dbName)
    const client = await MongoClient.connect(a.uri)
    try {
      await client.db().collection('x').insertOne({ a: 1 })
      expect(client.db().databaseName).toBe(a.dbName)
      await a.drop()
      const dbs = (await client.db('admin').admin().listDatabases()).databases.map((d) => d.name)
      expect(dbs).not.toContain(a.dbName)
    } finally {
      await client.close()
      await b.drop()
    }
  })

  it('should put the database name into any connection string', () => {
    expect(withDatabase('mongodb://127.0.0.1:1/', 'x')).toBe('mongodb://127.0.0.1:1/x')
    expect(withDatabase('mongodb://h1:1,h2:2/old?replicaSet=rs', 'x')).toBe(
      'mongodb://h1:1,h2:2/x?replicaSet=rs',
    )
    expect(withDatabase('mongodb+srv://u:p@c.example.net', 'x')).toBe('mongodb+srv://u:p@c.example.net/x')
  })

  it('should stop the shared server', async () => {
    await createTestDatabase()
    await stopTestServer()
    await stopTestServer()
  })
})
