/**
 * MongoDB wire protocol framing: parsing OP_MSG / OP_QUERY requests and encoding OP_MSG / OP_REPLY replies.
 * See https://www.mongodb.com/docs/manual/reference/mongodb-wire-protocol/.
 */
import { serialize } from 'bson'

export const OP_REPLY = 1
export const OP_QUERY = 2004
export const OP_COMPRESSED = 2012
export const OP_MSG = 2013

/** Largest message the server accepts (advertised as maxMessageSizeBytes). */
export const MAX_MESSAGE_SIZE = 48_000_000
/** Largest document the server stores (advertised as maxBsonObjectSize). */
export const MAX_BSON_OBJECT_SIZE = 16 * 1024 * 1024

const FLAG_CHECKSUM_PRESENT = 1
const FLAG_MORE_TO_COME = 2

/** A protocol violation: the connection is closed with this reason. */
export class ProtocolError extends Error {}

/** A parsed OP_MSG request. */
export interface MsgRequest {
  kind: 'msg'
  requestId: number
  /** Raw bytes of the kind-0 body document. */
  body: Buffer
  /** Kind-1 document sequences by identifier, each document as its raw bytes. */
  sequences: Map<string, Buffer[]>
  moreToCome: boolean
}

/** A parsed legacy OP_QUERY request (only used for the handshake and `$cmd` queries). */
export interface QueryRequest {
  kind: 'query'
  requestId: number
  fullCollectionName: string
  query: Buffer
}

export type Request = MsgRequest | QueryRequest

function readCString(buf: Buffer, offset: number, end: number): [string, number] {
  const zero = buf.indexOf(0, offset)
  if (zero === -1 || zero >= end) throw new ProtocolError('unterminated C string')
  return [buf.toString('utf8', offset, zero), zero + 1]
}

/** Checks that `buf[offset..]` starts a well-framed BSON document inside `end` and returns its end offset. */
function documentEnd(buf: Buffer, offset: number, end: number): number {
  if (offset + 5 > end) throw new ProtocolError('truncated BSON document')
  const size = buf.readInt32LE(offset)
  if (size < 5 || offset + size > end) throw new ProtocolError(`invalid BSON document length ${size}`)
  if (buf[offset + size - 1] !== 0) throw new ProtocolError('BSON document not terminated by a zero byte')
  return offset + size
}

/** Parses one complete message (header included). Throws ProtocolError on malformed input. */
export function parseMessage(msg: Buffer): Request {
  if (msg.length < 16) throw new ProtocolError('message shorter than its header')
  const requestId = msg.readInt32LE(4)
  const opCode = msg.readInt32LE(12)
  if (opCode === OP_MSG) return parseOpMsg(msg, requestId)
  if (opCode === OP_QUERY) return parseOpQuery(msg, requestId)
  if (opCode === OP_COMPRESSED)
    throw new ProtocolError('OP_COMPRESSED received but compression was not negotiated')
  throw new ProtocolError(`unsupported opCode ${opCode}`)
}

function parseOpMsg(msg: Buffer, requestId: number): MsgRequest {
  if (msg.length < 21) throw new ProtocolError('OP_MSG too short')
  const flags = msg.readUInt32LE(16)
  // Bits 0-15 are required: unknown required bits must make the server error out.
  if ((flags & 0xffff & ~(FLAG_CHECKSUM_PRESENT | FLAG_MORE_TO_COME)) !== 0) {
    throw new ProtocolError(`unsupported required OP_MSG flag bits 0x${flags.toString(16)}`)
  }
  const end = flags & FLAG_CHECKSUM_PRESENT ? msg.length - 4 : msg.length
  let offset = 20
  let body: Buffer | undefined
  const sequences = new Map<string, Buffer[]>()
  while (offset < end) {
    const kind = msg[offset]
    offset++
    if (kind === 0) {
      if (body) throw new ProtocolError('OP_MSG with more than one body section')
      const docEnd = documentEnd(msg, offset, end)
      body = msg.subarray(offset, docEnd)
      offset = docEnd
    } else if (kind === 1) {
      if (offset + 4 > end) throw new ProtocolError('truncated document sequence')
      const size = msg.readInt32LE(offset)
      const seqEnd = offset + size
      if (size < 5 || seqEnd > end) throw new ProtocolError(`invalid document sequence length ${size}`)
      const [identifier, docsStart] = readCString(msg, offset + 4, seqEnd)
      const docs: Buffer[] = []
      let p = docsStart
      while (p < seqEnd) {
        const docEnd = documentEnd(msg, p, seqEnd)
        docs.push(msg.subarray(p, docEnd))
        p = docEnd
      }
      sequences.set(identifier, docs)
      offset = seqEnd
    } else {
      throw new ProtocolError(`unknown OP_MSG section kind ${String(kind)}`)
    }
  }
  if (!body) throw new ProtocolError('OP_MSG without a body section')
  return { kind: 'msg', requestId, body, sequences, moreToCome: (flags & FLAG_MORE_TO_COME) !== 0 }
}

function parseOpQuery(msg: Buffer, requestId: number): QueryRequest {
  const [fullCollectionName, afterName] = readCString(msg, 20, msg.length)
  const queryStart = afterName + 8
  const queryEnd = documentEnd(msg, queryStart, msg.length)
  return { kind: 'query', requestId, fullCollectionName, query: msg.subarray(queryStart, queryEnd) }
}

let nextResponseId = 1

function header(length: number, responseTo: number, opCode: number): Buffer {
  const h = Buffer.allocUnsafe(16)
  h.writeInt32LE(length, 0)
  h.writeInt32LE(nextResponseId++ & 0x7fffffff, 4)
  h.writeInt32LE(responseTo, 8)
  h.writeInt32LE(opCode, 12)
  return h
}

/** Encodes an OP_MSG reply whose body is the given (already serialized) document. */
export function encodeMsgReply(responseTo: number, body: Buffer): Buffer[] {
  const prefix = Buffer.allocUnsafe(5)
  prefix.writeUInt32LE(0, 0)
  prefix[4] = 0
  return [header(16 + 5 + body.length, responseTo, OP_MSG), prefix, body]
}

/** Encodes an OP_REPLY with a single document (the reply to an OP_QUERY command). */
export function encodeOpReply(responseTo: number, doc: Record<string, unknown>): Buffer[] {
  const body = Buffer.from(serialize(doc))
  const fields = Buffer.alloc(20)
  fields.writeInt32LE(0, 0) // responseFlags
  fields.writeBigInt64LE(0n, 4) // cursorID
  fields.writeInt32LE(0, 12) // startingFrom
  fields.writeInt32LE(1, 16) // numberReturned
  return [header(16 + 20 + body.length, responseTo, OP_REPLY), fields, body]
}

/** Reads the `messageLength` of a header, validating it against the size limit. */
export function messageLength(headerBytes: Buffer): number {
  const len = headerBytes.readInt32LE(0)
  if (len < 16) throw new ProtocolError(`invalid message length ${len}`)
  if (len > MAX_MESSAGE_SIZE) throw new ProtocolError(`message of ${len} bytes exceeds maxMessageSizeBytes`)
  return len
}
