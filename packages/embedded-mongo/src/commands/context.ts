/** What a command handler receives, and helpers to read its arguments. */
import { calculateObjectSize, deserialize, serialize } from 'bson'
import type { Engine } from '../engine/engine'
import { ErrorCodes, mongoError, notSupported } from '../errors'
import { isPlainObject, toQueryView, type Doc } from '../query/values'
import { keyString } from '../query/value-order'
import { MAX_BSON_OBJECT_SIZE, ProtocolError } from '../wire/protocol'
import { rawArrayDocuments, splitDocumentArray } from '../wire/raw-elements'

const NO_NAMES: string[] = []

/** One element of an array argument (`documents`, `updates`, `deletes`). */
export interface ArrayItem {
  /**
   * Decoded for matching (numbers as JS numbers). An insert's documents are decoded on each read
   * (read it once): a document is then garbage as soon as it is stored, not when the command ends.
   */
  readonly view: Doc
  /** Decoded with exact BSON numeric types. */
  exact(): Doc
  /** The element's BSON bytes as the client sent them (a view into the message: copy to keep). */
  raw: Buffer | undefined
}

/** A command being executed. */
export class CommandContext {
  readonly engine: Engine
  readonly name: string
  /** The command document decoded for matching. */
  readonly body: Doc
  readonly db: string
  readonly connectionId: number
  /** The storage's write mark when the command began: its flush answers for the writes queued after it. */
  readonly #writeMark: number
  readonly #rawBody: Buffer
  readonly #sequences: Map<string, Buffer[]>
  /** An insert's documents taken out of the body before decoding it (see splitDocumentArray). */
  readonly #bodyDocuments: Buffer[] | undefined
  #exactBody: Doc | undefined

  constructor(
    engine: Engine,
    rawBody: Buffer,
    sequences: Map<string, Buffer[]>,
    connectionId: number,
    dbOverride?: string,
  ) {
    this.engine = engine
    this.#writeMark = engine.store.mark()
    this.#rawBody = rawBody
    this.#sequences = sequences
    this.connectionId = connectionId
    const split = isInsert(rawBody) ? splitDocumentArray(rawBody, 'documents') : undefined
    if (split) {
      this.body = decodeCommand(split.rest)
      this.#bodyDocuments = split.docs
      // Still there for whoever reads it (decoded then); field checks see it where it was sent.
      const docs = split.docs
      let decoded: Doc[] | undefined
      Object.defineProperty(this.body, 'documents', {
        get: () => (decoded ??= docs.map(decodeDocument)),
        enumerable: true,
        configurable: true,
      })
    } else {
      this.body = decodeCommand(rawBody)
    }
    this.name = Object.keys(this.body)[0] ?? ''
    const db = dbOverride ?? this.body.$db
    if (typeof db !== 'string')
      throw mongoError(ErrorCodes.BadValue, 'OP_MSG requests require a $db argument')
    this.db = db
  }

  /** Waits until the command's writes are durable; MongoDB's OutOfDiskSpace (14031) when one was not committed. */
  flush(): Promise<void> {
    return this.engine.flush(this.#writeMark)
  }

  /** The command document decoded with exact BSON types (Int32, Double, Long, Decimal128 wrappers). */
  get exactBody(): Doc {
    this.#exactBody ??= deserialize(this.#rawBody, { promoteValues: false }) as Doc
    return this.#exactBody
  }

  /** Key identifying the command's logical session (for cursor cleanup on endSessions). */
  get sessionKey(): string | undefined {
    const lsid = this.body.lsid
    return isPlainObject(lsid) ? keyString(lsid.id) : undefined
  }

  /** The collection named by the command's first field. */
  get collectionName(): string {
    const v = this.body[this.name]
    if (typeof v !== 'string') {
      throw mongoError(
        ErrorCodes.InvalidNamespace,
        `collection name has invalid type ${v === null ? 'null' : typeof v}`,
      )
    }
    return v
  }

  /** Names of the document sequences (OP_MSG kind-1 sections) that came with the command. */
  get sequenceNames(): string[] {
    return this.#sequences.size ? Array.from(this.#sequences.keys()) : NO_NAMES
  }

  /** Whether an array argument was sent (in the body, whatever its type, or as a document sequence). */
  hasArrayArg(name: string): boolean {
    if (this.#sequences.has(name)) return true
    if (name === 'documents' && this.#bodyDocuments) return true
    return this.body[name] !== undefined
  }

  /** An array argument, from the body or from a document sequence of the same name. */
  arrayArg(name: string): ArrayItem[] {
    const seq = this.#sequences.get(name)
    if (seq && name === 'documents') {
      // An insert's documents as the driver sends them: decoded only when read, like the body's below.
      return seq.map((raw) => new InsertedDocument(raw))
    }
    if (seq) {
      return seq.map((raw) => {
        let exact: Doc | undefined
        return {
          raw,
          view: decodeCommand(raw),
          exact: () => (exact ??= deserialize(raw, { promoteValues: false }) as Doc),
        }
      })
    }
    if (name === 'documents' && this.#bodyDocuments) {
      return this.#bodyDocuments.map((raw) => new InsertedDocument(raw))
    }
    const arr = this.body[name]
    if (arr === undefined) return []
    if (!Array.isArray(arr))
      throw mongoError(
        ErrorCodes.TypeMismatch,
        `BSON field '${this.name}.${name}' is the wrong type, expected type 'array'`,
      )
    // The elements' own bytes inside the command (inserts store them as they are).
    const raws = rawArrayDocuments(this.#rawBody, name)
    return arr.map((view, i) => {
      if (!isPlainObject(view)) {
        throw mongoError(
          ErrorCodes.TypeMismatch,
          `BSON field '${this.name}.${name}.${i}' is the wrong type, expected type 'object'`,
        )
      }
      return {
        raw: raws?.[i],
        view,
        exact: () => {
          const all = this.exactBody[name]
          return (Array.isArray(all) ? all[i] : view) as Doc
        },
      }
    })
  }

  /** Optional boolean argument. */
  bool(name: string, dflt: boolean): boolean {
    const v = this.body[name]
    if (v === undefined || v === null) return dflt
    return Boolean(v)
  }

  /** Optional non-negative integer argument. */
  int(name: string, dflt: number): number {
    const v = this.body[name]
    if (v === undefined || v === null) return dflt
    if (typeof v !== 'number' || !Number.isFinite(v)) {
      throw mongoError(
        ErrorCodes.TypeMismatch,
        `BSON field '${this.name}.${name}' is the wrong type, expected a number`,
      )
    }
    return Math.trunc(v)
  }

  /** Optional object argument. */
  obj(name: string): Doc | undefined {
    const v = this.body[name]
    if (v === undefined || v === null) return undefined
    if (!isPlainObject(v)) {
      throw mongoError(
        ErrorCodes.TypeMismatch,
        `BSON field '${this.name}.${name}' is the wrong type, expected type 'object'`,
      )
    }
    return v
  }

  /** Refuses collations other than the simple one (the engine compares by code point only). */
  checkCollation(collation: unknown = this.body.collation): void {
    if (collation === undefined || collation === null) return
    if (isPlainObject(collation) && collation.locale === 'simple') return
    throw notSupported('collation')
  }
}

/**
 * One of an insert's documents, decoded on each read of `view` (see ArrayItem). A class, not an object
 * literal with a getter and a closure: thousands are made per command.
 */
class InsertedDocument implements ArrayItem {
  readonly raw: Buffer
  constructor(raw: Buffer) {
    this.raw = raw
  }
  get view(): Doc {
    return decodeDocument(this.raw)
  }
  exact(): Doc {
    return exactDocument(this.raw)
  }
}

/** Whether a command document's first element is named `insert` (read from its bytes). */
function isInsert(raw: Buffer): boolean {
  return raw.length > 12 && raw[4] === 0x02 && raw.toString('latin1', 5, 12) === 'insert\0'
}

/**
 * One of an insert's documents decoded (see splitDocumentArray): bytes that do not decode are a
 * malformed message, and the connection is closed as when the whole command does not decode.
 */
function decodeDocument(raw: Buffer): Doc {
  try {
    return decodeCommand(raw)
  } catch (err) {
    throw new ProtocolError(err instanceof Error ? err.message : String(err))
  }
}

function exactDocument(raw: Buffer): Doc {
  try {
    return deserialize(raw, { promoteValues: false }) as Doc
  } catch (err) {
    throw new ProtocolError(err instanceof Error ? err.message : String(err))
  }
}

/** Decodes a BSON document into the query view. */
export function decodeCommand(raw: Buffer): Doc {
  return toQueryView(
    deserialize(raw, { promoteValues: true, promoteLongs: true, promoteBuffers: false }) as Doc,
  )
}

/** Serializes a document, refusing documents over 16 MiB the way mongod does. */
export function serializeDoc(doc: Doc, what: 'insert' | 'update'): Buffer {
  // bson's serializer works in a 17 MiB buffer: measure first so large documents get MongoDB's error.
  const size = calculateObjectSize(doc)
  if (size > MAX_BSON_OBJECT_SIZE) throw tooLarge(size, what)
  const raw = serialize(doc)
  return Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength)
}

/** MongoDB's error for a document over the 16 MiB limit. */
export function tooLarge(size: number, what: 'insert' | 'update'): Error {
  return what === 'insert'
    ? mongoError(
        ErrorCodes.BadValue,
        `object to insert too large. size in bytes: ${size}, max size: ${MAX_BSON_OBJECT_SIZE}`,
      )
    : mongoError(
        ErrorCodes.BSONObjectTooLarge,
        `Resulting document after update is larger than ${MAX_BSON_OBJECT_SIZE}`,
      )
}
