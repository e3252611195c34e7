/** Command dispatch: finds the handler, applies the rules shared by every command, shapes errors. */
import { serialize } from 'bson'
import { ErrorCodes, mongoError, toMongoError } from '../errors'
import type { Doc } from '../query/values'
import { ProtocolError } from '../wire/protocol'
import type { CommandContext } from './context'
import { checkCommandFields } from './fields'

/** A command handler: returns a reply document, or reply bytes already serialized. */
export type CommandHandler = (ctx: CommandContext) => Doc | Buffer | Promise<Doc | Buffer>

/** Handlers by command name. */
export type CommandTable = Record<string, CommandHandler>

/** Commands that never take a transaction number, even inside a session. */
const SESSIONLESS = new Set([
  'hello',
  'isMaster',
  'ismaster',
  'endSessions',
  'ping',
  'buildInfo',
  'buildinfo',
])

/** Commands that write: refused while the engine recovers from a failed commit (Engine.assertWritable). */
const WRITES = new Set([
  'insert',
  'update',
  'delete',
  'findAndModify',
  'findandmodify',
  'create',
  'drop',
  'dropDatabase',
  'createIndexes',
  'dropIndexes',
  'deleteIndexes',
])

/** Runs one command and returns the serialized reply (errors become `{ ok: 0, ... }`). */
export async function dispatch(table: CommandTable, ctx: CommandContext): Promise<Buffer> {
  let reply: Doc | Buffer
  try {
    const handler = Object.prototype.hasOwnProperty.call(table, ctx.name) ? table[ctx.name] : undefined
    if (!handler) {
      throw mongoError(ErrorCodes.CommandNotFound, `no such command: '${ctx.name}'`)
    }
    if (ctx.body.txnNumber !== undefined && !SESSIONLESS.has(ctx.name)) {
      // This engine is a standalone server: like mongod, it refuses transactions and retryable writes.
      throw mongoError(
        ErrorCodes.IllegalOperation,
        'Transaction numbers are only allowed on a replica set member or mongos',
      )
    }
    checkCommandFields(ctx)
    if (WRITES.has(ctx.name)) ctx.engine.assertWritable()
    reply = await handler(ctx)
  } catch (err) {
    // A message found malformed while the command ran (an insert's document that does not decode):
    // the connection is closed, as for a command that does not decode at all.
    if (err instanceof ProtocolError) throw err
    if (err instanceof TypeError || err instanceof RangeError || err instanceof ReferenceError) {
      // A bug in the engine, not bad input: report it as InternalError and log the stack.
      ctx.engine.log.error(`command ${ctx.name} failed: ${err.stack ?? err.message}`)
      reply = mongoError(ErrorCodes.InternalError, `internal error in ${ctx.name}: ${err.message}`).toReply()
    } else {
      reply = toMongoError(err).toReply()
    }
  }
  if (Buffer.isBuffer(reply)) return reply
  const bytes = serialize(reply)
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
}
