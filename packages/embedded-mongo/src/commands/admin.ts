/** Handshake, diagnostics and session commands. */
import { compileFilter } from '../query/mingo'
import { isPlainObject, type Doc } from '../query/values'
import { keyString } from '../query/value-order'
import { MAX_BSON_OBJECT_SIZE, MAX_MESSAGE_SIZE } from '../wire/protocol'
import { ErrorCodes, mongoError } from '../errors'
import type { CommandContext } from './context'
import { cursorFromDocs } from './cursor-reply'
import type { CommandTable } from './registry'

/** Version this engine reports: MongoDB 7.0 (wire version 21). */
export const SERVER_VERSION = '7.0.0'
const MAX_WIRE_VERSION = 21
const startedAt = Date.now()

/** The hello / isMaster reply of a standalone server with sessions. */
export function helloReply(connectionId: number, legacy: boolean): Doc {
  // No topologyVersion (the driver would stream heartbeats) and no compression (no OP_COMPRESSED).
  return {
    helloOk: true,
    ...(legacy ? { ismaster: true } : { isWritablePrimary: true }),
    maxBsonObjectSize: MAX_BSON_OBJECT_SIZE,
    maxMessageSizeBytes: MAX_MESSAGE_SIZE,
    maxWriteBatchSize: 100000,
    localTime: new Date(),
    logicalSessionTimeoutMinutes: 30,
    connectionId,
    minWireVersion: 0,
    maxWireVersion: MAX_WIRE_VERSION,
    readOnly: false,
    ok: 1,
  }
}

function buildInfo(): Doc {
  return {
    version: SERVER_VERSION,
    gitVersion: 'cunwu-embedded-mongo',
    versionArray: [7, 0, 0, 0],
    bits: 64,
    debug: false,
    maxBsonObjectSize: MAX_BSON_OBJECT_SIZE,
    storageEngines: ['embedded'],
    javascriptEngine: 'none',
    modules: [],
    ok: 1,
  }
}

function listDatabases(ctx: CommandContext): Doc {
  const engine = ctx.engine
  let dbs: Doc[] = engine.databaseNames().map((name) => {
    const colls = engine.collections(name)
    let size = 0
    for (const c of colls) for (const r of c.docs.values()) size += r.raw.length
    return { name, sizeOnDisk: size, empty: colls.every((c) => c.docs.size === 0) }
  })
  const filter = ctx.obj('filter')
  if (filter) {
    const m = compileFilter(filter)
    dbs = dbs.filter((d) => m.test(d))
  }
  if (ctx.bool('nameOnly', false)) return { databases: dbs.map((d) => ({ name: d.name })), ok: 1 }
  const totalSize = dbs.reduce((n, d) => n + (d.sizeOnDisk as number), 0)
  return { databases: dbs, totalSize, totalSizeMb: Math.round(totalSize / 1048576), ok: 1 }
}

function listCollections(ctx: CommandContext): Buffer {
  const nameOnly = ctx.bool('nameOnly', false)
  let infos: Doc[] = ctx.engine.collections(ctx.db).map((c) =>
    nameOnly
      ? { name: c.name, type: 'collection' }
      : {
          name: c.name,
          type: 'collection',
          options: c.options,
          info: { readOnly: false },
          idIndex: { v: 2, key: { _id: 1 }, name: '_id_' },
        },
  )
  const filter = ctx.obj('filter')
  if (filter) {
    const m = compileFilter(filter)
    infos = infos.filter((d) => m.test(d))
  }
  infos.sort((a, b) => String(a.name).localeCompare(String(b.name)))
  return cursorFromDocs(ctx, `${ctx.db}.$cmd.listCollections`, infos)
}

function getParameter(ctx: CommandContext): Doc {
  const known: Doc = {
    featureCompatibilityVersion: { version: '7.0' },
    authenticationMechanisms: [],
    maxBSONDepth: 100,
  }
  const out: Doc = {}
  if (
    ctx.body.getParameter === '*' ||
    (isPlainObject(ctx.body.getParameter) && ctx.body.getParameter.allParameters)
  ) {
    Object.assign(out, known)
  } else {
    for (const k of Object.keys(ctx.body)) if (k in known) out[k] = known[k]
  }
  return { ...out, ok: 1 }
}

function serverStatus(ctx: CommandContext): Doc {
  const mem = process.memoryUsage()
  return {
    host: '127.0.0.1',
    version: SERVER_VERSION,
    process: 'cunwu-embedded-mongo',
    pid: process.pid,
    uptime: Math.floor((Date.now() - startedAt) / 1000),
    uptimeMillis: Date.now() - startedAt,
    localTime: new Date(),
    connections: { current: 0, available: 1000 },
    mem: { bits: 64, resident: Math.round(mem.rss / 1048576), virtual: 0 },
    metrics: { cursor: { open: { total: ctx.engine.cursors.size } } },
    storageEngine: {
      name: ctx.engine.store.durable ? 'lmdb' : 'inMemory',
      persistent: ctx.engine.store.durable,
    },
    ok: 1,
  }
}

function endSessions(ctx: CommandContext): Doc {
  const ids = ctx.body.endSessions
  if (Array.isArray(ids)) {
    for (const lsid of ids) {
      if (isPlainObject(lsid)) ctx.engine.cursors.killSession(keyString(lsid.id))
    }
  }
  return { ok: 1 }
}

function dbStats(ctx: CommandContext): Doc {
  const colls = ctx.engine.collections(ctx.db)
  let objects = 0
  let dataSize = 0
  let indexes = 0
  for (const c of colls) {
    objects += c.docs.size
    indexes += c.indexes.size
    for (const r of c.docs.values()) dataSize += r.raw.length
  }
  return {
    db: ctx.db,
    collections: colls.length,
    views: 0,
    objects,
    avgObjSize: objects ? dataSize / objects : 0,
    dataSize,
    storageSize: dataSize,
    indexes,
    ok: 1,
  }
}

function refuseAuth(): never {
  throw mongoError(
    ErrorCodes.CommandNotFound,
    'authentication is not supported by the embedded engine (@cunwu/embedded-mongo): connect without credentials',
  )
}

/** The admin and diagnostic commands. */
export const adminCommands: CommandTable = {
  hello: (ctx) => helloReply(ctx.connectionId, false),
  isMaster: (ctx) => helloReply(ctx.connectionId, true),
  ismaster: (ctx) => helloReply(ctx.connectionId, true),
  ping: () => ({ ok: 1 }),
  buildInfo,
  buildinfo: buildInfo,
  getParameter,
  serverStatus,
  listDatabases,
  listCollections,
  endSessions,
  dbStats,
  hostInfo: () => ({ system: { hostname: '127.0.0.1', numCores: 1 }, os: { type: process.platform }, ok: 1 }),
  whatsmyuri: () => ({ you: '127.0.0.1', ok: 1 }),
  connectionStatus: () => ({ authInfo: { authenticatedUsers: [], authenticatedUserRoles: [] }, ok: 1 }),
  getCmdLineOpts: () => ({ argv: ['cunwu-mongo'], parsed: {}, ok: 1 }),
  getLog: () => ({ totalLinesWritten: 0, log: [], ok: 1 }),
  killAllSessions: () => ({ ok: 1 }),
  refreshSessions: () => ({ ok: 1 }),
  saslStart: refuseAuth,
  authenticate: refuseAuth,
}
