/**
 * A full disk, for real: the engine runs as its own process under a file-size limit (`prlimit --fsize`, the
 * `ulimit -f` of a shell), so LMDB's commit fails in the kernel (EFBIG) exactly where a full disk fails it (ENOSPC).
 * The process must stay up, the failing command must answer a write error, what it wrote must not be visible, reads
 * go on, and once the limit is lifted (space is back) the next write succeeds and survives a restart.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import readline from 'node:readline'
import { MongoClient } from 'mongodb'
import { afterAll, describe, expect, it } from 'vitest'

const BIN = path.join(import.meta.dirname, '..', '..', 'bin', 'cunwu-mongo.mjs')
const HAS_PRLIMIT = spawnSync('prlimit', ['--version']).status === 0
const children: ChildProcess[] = []
const dirs: string[] = []

afterAll(() => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL')
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true })
})

/** Starts the engine's command line, optionally under a file-size limit; resolves with its URI once it listens. */
async function startEngine(
  dbPath: string,
  fileSizeLimit?: number,
): Promise<{ child: ChildProcess; uri: string }> {
  const node = [process.execPath, BIN, '--dbpath', dbPath, '--port', '0']
  const child = fileSizeLimit
    ? spawn('prlimit', [`--fsize=${fileSizeLimit}:unlimited`, '--', ...node], {
        stdio: ['ignore', 'pipe', 'pipe'],
      })
    : spawn(node[0] as string, node.slice(1), { stdio: ['ignore', 'pipe', 'pipe'] })
  children.push(child)
  let stderr = ''
  child.stderr?.on('data', (b: Buffer) => (stderr += b.toString()))
  const uri = await new Promise<string>((resolve, reject) => {
    readline.createInterface({ input: child.stdout as NodeJS.ReadableStream }).on('line', (line) => {
      const m = /listening on (mongodb:\/\/\S+)/.exec(line)
      if (m?.[1]) resolve(m[1])
    })
    child.once('exit', (code) => reject(new Error(`engine exited ${code}: ${stderr}`)))
  })
  return { child, uri }
}

const blob = (kb: number, fill: string) => fill.repeat(kb * 1024)

describe.runIf(HAS_PRLIMIT)('a full disk', () => {
  it('answers the failing write with an error, stays up, shows nothing of it, and writes again once space is back', async () => {
    const dbPath = fs.mkdtempSync(path.join(os.tmpdir(), 'cunwu-full-'))
    dirs.push(dbPath)
    const { child, uri } = await startEngine(dbPath, 3 * 1024 * 1024)
    const client = await MongoClient.connect(uri, { serverSelectionTimeoutMS: 5000 })
    const docs = client.db('app').collection<{ _id: number; body: string }>('docs')
    let acknowledged = 0
    try {
      await docs.insertOne({ _id: 0, body: 'first' })
      // Fill the data file until its next growth would pass the limit.
      let failure: unknown
      for (let i = 1; i <= 40 && !failure; i++) {
        try {
          await docs.insertOne({ _id: i, body: blob(200, 'x') })
          acknowledged = i
        } catch (err) {
          failure = err
        }
      }
      expect(failure).toMatchObject({ code: 14031, codeName: 'OutOfDiskSpace' })
      expect(acknowledged).toBeGreaterThan(0)
      // The process is up and reads work; the refused document is not there, the acknowledged ones are.
      expect(child.exitCode).toBeNull()
      expect(await docs.findOne({ _id: acknowledged + 1 })).toBeNull()
      expect(await docs.countDocuments()).toBe(acknowledged + 1)
      // An update that does not fit either: the document keeps its stored version.
      await expect(docs.updateOne({ _id: 0 }, { $set: { body: blob(1024, 'y') } })).rejects.toMatchObject({
        code: 14031,
      })
      expect((await docs.findOne({ _id: 0 }))?.body).toBe('first')
      expect(child.exitCode).toBeNull()

      // Space is back.
      expect(spawnSync('prlimit', ['--pid', String(child.pid), '--fsize=unlimited:unlimited']).status).toBe(0)
      await docs.insertOne({ _id: 1000, body: blob(400, 'z') })
      await docs.updateOne({ _id: 0 }, { $set: { body: 'second' } })
      expect((await docs.findOne({ _id: 0 }))?.body).toBe('second')
    } finally {
      await client.close()
      child.kill('SIGTERM')
      await new Promise((resolve) => child.once('exit', resolve))
    }
    expect(child.exitCode).toBe(0)

    // What was acknowledged is on disk; what was refused is not.
    const again = await startEngine(dbPath)
    const client2 = await MongoClient.connect(again.uri)
    try {
      const c = client2.db('app').collection<{ _id: number; body: string }>('docs')
      expect((await c.findOne({ _id: 0 }))?.body).toBe('second')
      expect((await c.findOne({ _id: 1000 }))?.body.length).toBe(400 * 1024)
      const ids = (await c.find({}, { projection: { _id: 1 }, sort: { _id: 1 } }).toArray()).map((d) => d._id)
      expect(ids).toEqual(Array.from({ length: acknowledged + 1 }, (_, i) => i).concat(1000))
    } finally {
      await client2.close()
      again.child.kill('SIGTERM')
      await new Promise((resolve) => again.child.once('exit', resolve))
    }
  }, 60_000)
})
