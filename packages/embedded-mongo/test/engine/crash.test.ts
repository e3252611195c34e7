/**
 * Crash test: a child process writes (1,000 concurrent acknowledged inserts and updates per round),
 * is killed with SIGKILL at a random moment, and the engine restarts on the same data directory:
 * every acknowledged write must be there, and the data must be consistent.
 */
import { spawn } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { MongoClient } from 'mongodb'
import { afterAll, describe, expect, it } from 'vitest'
import { startEmbeddedMongo } from '../../src/index'

const CHILD = path.join(import.meta.dirname, 'crash-child.ts')
const dirs: string[] = []

afterAll(() => {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true })
})

interface Acks {
  inserts: number[]
  updates: Map<number, number>
}

/** Runs the child until a random moment after it is ready, then kills it with SIGKILL. */
function runAndKill(dbPath: string, offset: number, killAfterMs: number): Promise<Acks> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, dbPath, String(offset)], {
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    const acks: Acks = { inserts: [], updates: new Map() }
    let buffered = ''
    let stderr = ''
    let ready = false
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString()
    })
    child.stdout.on('data', (d: Buffer) => {
      buffered += d.toString()
      const lines = buffered.split('\n')
      buffered = lines.pop() ?? ''
      for (const line of lines) {
        const [kind, a, b] = line.split(' ')
        if (kind === 'READY' && !ready) {
          ready = true
          setTimeout(() => child.kill('SIGKILL'), killAfterMs)
        } else if (kind === 'I') {
          acks.inserts.push(Number(a))
        } else if (kind === 'U') {
          const id = Number(a)
          acks.updates.set(id, Math.max(acks.updates.get(id) ?? 0, Number(b)))
        }
      }
    })
    child.on('exit', (code, signal) => {
      if (signal === 'SIGKILL') resolve(acks)
      else reject(new Error(`child exited with ${String(code)} before being killed: ${stderr}`))
    })
  })
}

describe('crash safety', () => {
  it('should keep every acknowledged write across SIGKILL', async () => {
    const dbPath = fs.mkdtempSync(path.join(os.tmpdir(), 'cunwu-crash-'))
    dirs.push(dbPath)
    const allInserts = new Set<number>()
    const lastVersion = new Map<number, number>()
    for (let cycle = 0; cycle < 3; cycle++) {
      const killAfter = 100 + Math.floor(Math.random() * 1400)
      const acks = await runAndKill(dbPath, cycle * 10_000_000, killAfter)
      for (const id of acks.inserts) allInserts.add(id)
      for (const [id, v] of acks.updates) lastVersion.set(id, Math.max(lastVersion.get(id) ?? 0, v))
      expect(acks.inserts.length).toBeGreaterThan(0)
      console.log(
        `cycle ${cycle}: killed after ${killAfter} ms, ${acks.inserts.length} inserts, ${acks.updates.size} updated docs acknowledged`,
      )

      const server = await startEmbeddedMongo({ dbPath, log: false })
      const client = await MongoClient.connect(server.uri)
      try {
        const c = client.db('crash').collection<{ _id: number; u: string; v: number; pad: string }>('docs')
        const docs = await c.find({}).toArray()
        const byId = new Map(docs.map((d) => [d._id, d]))
        const missing = [...allInserts].filter((id) => !byId.has(id))
        expect(missing).toEqual([])
        const stale = [...lastVersion].filter(([id, v]) => (byId.get(id)?.v ?? -1) < v)
        expect(stale).toEqual([])
        for (const d of docs) {
          expect(d.u).toBe(`u${d._id}`)
          expect(d.pad).toHaveLength(200)
        }
        // The unique index was rebuilt from the stored documents and still answers lookups.
        const indexes = (await c.listIndexes().toArray()).map((i) => i.name)
        expect(indexes).toEqual(['_id_', 'u_1'])
        const sample = docs[Math.floor(docs.length / 2)]
        if (sample) expect((await c.findOne({ u: sample.u }))?._id).toBe(sample._id)
        expect(await c.countDocuments()).toBe(docs.length)
      } finally {
        await client.close()
        await server.stop()
      }
    }
  }, 120_000)
})
