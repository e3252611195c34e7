import type { Connection } from 'mongoose'
import { deriveOpenid } from '@cunwu/wechat-sim'
import type { Services } from '../services'
import { seedDemo } from '../services/seed.service'

/** The documents the demo seed wrote, by collection. */
type DemoDocuments = Map<string, Record<string, unknown>[]>

/**
 * Demo data seeded once per test worker (per WeChat app id, since openids derive from it) and copied into each
 * later test database: the seed writes a document at a time (about a hundred round trips), a copy one insert
 * per collection. The copy holds the same documents, ids and timestamps as the first seed in the worker.
 */
const templates = new Map<string, Promise<DemoDocuments>>()

async function idsByCollection(conn: Connection): Promise<Map<string, Set<string>>> {
  const db = conn.db
  if (!db) throw new Error('test database not connected')
  const ids = new Map<string, Set<string>>()
  for (const { name } of await db.listCollections({}, { nameOnly: true }).toArray()) {
    const docs = await db
      .collection(name)
      .find({}, { projection: { _id: 1 } })
      .toArray()
    ids.set(name, new Set(docs.map((d) => String(d._id))))
  }
  return ids
}

/** Seeds for real into this database and returns what the seed added. */
async function seedAndCapture(conn: Connection, services: Services, appid: string): Promise<DemoDocuments> {
  const db = conn.db
  if (!db) throw new Error('test database not connected')
  const before = await idsByCollection(conn)
  await seedDemo(services.models, services.audit, (key) => deriveOpenid(appid, key))
  const added: DemoDocuments = new Map()
  for (const { name } of await db.listCollections({}, { nameOnly: true }).toArray()) {
    const existing = before.get(name) ?? new Set<string>()
    const docs = (await db.collection(name).find({}).toArray()).filter((d) => !existing.has(String(d._id)))
    if (docs.length > 0) added.set(name, docs)
  }
  return added
}

/** Puts the demo regions, households, people and memberships into a fresh test database. */
export async function seedDemoFromTemplate(
  conn: Connection,
  services: Services,
  appid: string,
): Promise<void> {
  const db = conn.db
  if (!db) throw new Error('test database not connected')
  const template = templates.get(appid)
  if (!template) {
    const capture = seedAndCapture(conn, services, appid)
    templates.set(appid, capture)
    // A failed capture must not poison the next test file.
    capture.catch(() => templates.delete(appid))
    await capture
    return
  }
  // The driver only reads these documents (each has its _id), so the same objects can go into every database.
  for (const [name, docs] of await template) await db.collection(name).insertMany(docs)
}
