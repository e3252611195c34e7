/**
 * Test helper: a fresh database per call, on MONGODB_URI when set, otherwise on one in-memory
 * engine started lazily per process (per vitest worker).
 */
import fs from 'node:fs'
import { startEmbeddedMongo, type EmbeddedMongo } from './server'

/** A database reserved for one test file. */
export interface TestDatabase {
  /** Connection string that selects the database (pass it to mongoose.connect). */
  uri: string
  dbName: string
  /** Drops the database. */
  drop(): Promise<void>
}

const GLOBAL_KEY = Symbol.for('@cunwu/embedded-mongo/test-server')
type Holder = { [GLOBAL_KEY]?: Promise<EmbeddedMongo> }
let counter = 0

function externalUri(): string | undefined {
  // The one place this package reads the environment: tests may target a real MongoDB.
  // eslint-disable-next-line no-restricted-properties
  const uri = process.env.MONGODB_URI
  return uri && uri.trim() !== '' ? uri.trim() : undefined
}

function testServer(): Promise<EmbeddedMongo> {
  const holder = globalThis as Holder
  holder[GLOBAL_KEY] ??= startEmbeddedMongo({ log: false, unref: true })
  return holder[GLOBAL_KEY]
}

/** Replaces the database path of a MongoDB connection string, keeping hosts and options. */
export function withDatabase(uri: string, dbName: string): string {
  const q = uri.indexOf('?')
  const main = q === -1 ? uri : uri.slice(0, q)
  const query = q === -1 ? '' : uri.slice(q)
  const schemeEnd = main.indexOf('://') + 3
  const slash = main.indexOf('/', schemeEnd)
  const hosts = slash === -1 ? main : main.slice(0, slash)
  return `${hosts}/${dbName}${query}`
}

async function dropDatabase(uri: string, dbName: string): Promise<void> {
  const { MongoClient } = await import('mongodb')
  const client = new MongoClient(uri, { serverSelectionTimeoutMS: 10_000 })
  try {
    await client.connect()
    await client.db(dbName).dropDatabase()
  } finally {
    await client.close()
  }
}

/** Reserves a fresh, uniquely named database for a test file. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const base = externalUri() ?? (await testServer()).uri
  const dbName = `test_${process.pid}_${Date.now().toString(36)}_${++counter}_${Math.random().toString(36).slice(2, 8)}`
  const uri = withDatabase(base, dbName)
  return { uri, dbName, drop: () => dropDatabase(uri, dbName) }
}

/** Stops the in-memory engine started by createTestDatabase (no-op when none was started). */
export async function stopTestServer(): Promise<void> {
  const holder = globalThis as Holder
  const pending = holder[GLOBAL_KEY]
  if (!pending) return
  delete holder[GLOBAL_KEY]
  const server = await pending
  await server.stop()
}

/**
 * The TCP ports the process `pid` listens on (Linux: its sockets' inodes matched against /proc/net/tcp and tcp6), to
 * check that an engine opened none.
 */
export function listeningTcpPorts(pid: number): number[] {
  const inodes = new Set(
    fs
      .readdirSync(`/proc/${pid}/fd`)
      .map((fd) => {
        try {
          return /^socket:\[(\d+)\]$/.exec(fs.readlinkSync(`/proc/${pid}/fd/${fd}`))?.[1]
        } catch {
          return undefined
        }
      })
      .filter((inode): inode is string => inode !== undefined),
  )
  const ports: number[] = []
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    if (!fs.existsSync(table)) continue
    for (const line of fs.readFileSync(table, 'utf8').split('\n').slice(1)) {
      const cols = line.trim().split(/\s+/)
      if (cols[3] === '0A' && inodes.has(cols[9] ?? ''))
        ports.push(Number.parseInt(cols[1]?.split(':')[1] ?? '', 16))
    }
  }
  return ports
}
