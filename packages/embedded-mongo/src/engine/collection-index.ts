/**
 * One index of a collection: key extraction (compound, multikey, sparse, partial), the sorted
 * entries, unique-constraint checks with MongoDB's E11000 errors, and bounded scans.
 */
import { ErrorCodes, mongoError } from '../errors'
import { compileFilter, type Matcher } from '../query/mingo'
import { getPartsValues, getPathValues, type Doc } from '../query/values'
import { compareValues, keyString, typeOrder } from '../query/value-order'
import { SortedList } from './sorted-list'
import type { DocRecord } from './record'
import { formatKeyValue } from './format'
import { NO_ARRAY, SHARED_ARRAY, allFields, checkArrays, holdsKey } from './multikey'

/**
 * One entry: the key values of one document, then its record (at position `fields.length`); several
 * per document when multikey. One array per entry and no wrapper object: the index holds an entry
 * per document for every index, so each object saved is one less for the garbage collector to trace.
 */
export type IndexEntry = unknown[]

/** A range on one index field, in value space. */
export interface FieldRange {
  lower?: { value: unknown; inclusive: boolean }
  upper?: { value: unknown; inclusive: boolean }
  /** The type bracket both bounds belong to (ranges never cross BSON types). */
  bracket: number
}

/** An index of a collection. */
export class CollectionIndex {
  readonly spec: Doc
  readonly name: string
  readonly fields: string[]
  readonly dirs: (1 | -1)[]
  readonly unique: boolean
  readonly sparse: boolean
  readonly partial: Matcher | undefined
  readonly expireAfterSeconds: number | undefined
  /** Becomes true once a document put an array into an indexed path. */
  multikey = false
  readonly entries: SortedList<IndexEntry>
  readonly #paths: string[][]
  /** Whether keysOf must follow the paths for arrays (compound or dotted). */
  readonly #walkPaths: boolean
  /** The field names when every indexed path is a top-level field (keysOf reads them directly). */
  readonly #topLevel: string[] | undefined
  /** Becomes true once two indexed paths went through the same array of one document. */
  #sharedArrays = false

  constructor(spec: Doc) {
    this.spec = spec
    this.name = String(spec.name)
    const key = spec.key as Doc
    this.fields = Object.keys(key)
    this.#paths = this.fields.map((f) => f.split('.'))
    this.#walkPaths = this.#paths.length > 1 || this.#paths.some((p) => p.length > 1)
    this.#topLevel = this.#paths.every((p) => p.length === 1) ? this.fields : undefined
    this.dirs = this.fields.map((f) => (typeof key[f] === 'number' && (key[f] as number) < 0 ? -1 : 1))
    this.unique = spec.unique === true || this.name === '_id_'
    this.sparse = spec.sparse === true
    this.partial = spec.partialFilterExpression ? compileFilter(spec.partialFilterExpression) : undefined
    this.expireAfterSeconds =
      typeof spec.expireAfterSeconds === 'number' ? spec.expireAfterSeconds : undefined
    const dirs = this.dirs
    const d0 = dirs[0] as number
    const n = dirs.length
    this.entries = new SortedList<IndexEntry>(
      n === 1
        ? (a, b) => compareValues(a[0], b[0]) * d0 || compareIds(a[1] as DocRecord, b[1] as DocRecord)
        : (a, b) => {
            for (let i = 0; i < n; i++) {
              const c = compareValues(a[i], b[i])
              if (c !== 0) return c * (dirs[i] as number)
            }
            return compareIds(a[n] as DocRecord, b[n] as DocRecord)
          },
    )
  }

  /** True for indexes that hold every document (usable for full ordered traversal). */
  get complete(): boolean {
    return !this.sparse && !this.partial
  }

  /**
   * The indexed field names when every one is a top-level field and there is no partial filter: then
   * the index keys of a document need nothing but those fields' values (see keysOf).
   */
  get topLevelFields(): readonly string[] | undefined {
    return this.partial ? undefined : this.#topLevel
  }

  /** True when the index has entries for this document (a sparse or partial index skips some). */
  holds(view: Doc): boolean {
    if (this.partial && !this.partial.test(view)) return false
    if (this.sparse) return this.fields.some((f) => getPathValues(view, f).length > 0)
    return true
  }

  /** The record of an entry. */
  recOf(entry: IndexEntry): DocRecord {
    return entry[this.dirs.length] as DocRecord
  }

  /**
   * The entry of one of `rec`'s key tuples (from keysOf): the tuple itself, its last slot set to the
   * record, when keysOf left that slot; else a copy with the record added.
   */
  entryOf(key: unknown[], rec: DocRecord): IndexEntry {
    const n = this.dirs.length
    if (key.length === n + 1) {
      key[n] = rec
      return key
    }
    const entry = key.slice(0, n)
    entry.push(rec)
    return entry
  }

  /**
   * The key tuples of a document, or an empty list when the document is not indexed
   * (sparse with all fields missing, or outside the partial filter). A tuple's values are at
   * positions 0 to fields.length - 1; the usual tuple has one more slot, where entryOf puts the record.
   */
  keysOf(view: Doc): unknown[][] {
    if (this.partial && !this.partial.test(view)) return []
    const names = this.#topLevel
    if (names) {
      // Top-level fields without arrays (the usual document): one tuple, read directly. The same
      // values as the general walk below: a missing field is null, one present as undefined stays so.
      const tuple = new Array<unknown>(names.length + 1)
      let anyPresent = false
      for (let i = 0; i < names.length; i++) {
        const name = names[i] as string
        const v = view[name]
        if (Array.isArray(v)) return this.#walkKeys(view)
        if (v === undefined && !(name in view)) tuple[i] = null
        else {
          tuple[i] = v
          anyPresent = true
        }
      }
      return this.sparse && !anyPresent ? [] : [tuple]
    }
    return this.#walkKeys(view)
  }

  /** keysOf following every path through arrays (multikey) and embedded documents. */
  #walkKeys(view: Doc): unknown[][] {
    const perField: unknown[][] = []
    // Throws 171 for parallel arrays; tells whether an array lies on an indexed path.
    const arrays = this.#walkPaths ? checkArrays(view, this.#paths) : NO_ARRAY
    if (arrays === SHARED_ARRAY) this.#sharedArrays = true
    let multikey = arrays !== NO_ARRAY
    let anyPresent = false
    for (const parts of this.#paths) {
      const raw = getPartsValues(view, parts)
      const values: unknown[] = []
      let isArray = raw.length > 1
      for (const v of raw) {
        if (Array.isArray(v)) {
          isArray = true
          if (v.length === 0) values.push(undefined)
          else values.push(...v)
        } else {
          values.push(v)
        }
      }
      if (raw.length > 0) anyPresent = true
      if (isArray) multikey = true
      perField.push(values.length > 0 ? dedupe(values) : [null])
    }
    if (this.sparse && !anyPresent) return []
    if (multikey) this.multikey = true
    if (!multikey) return [perField.map((values) => values[0])]
    // Fields reached through the same array take their values from any of its elements: the
    // cartesian product is a superset of MongoDB's per-element keys, and exactly the set an
    // equality query without $elemMatch can match (each condition may be met by another element).
    let tuples: unknown[][] = [[]]
    for (const values of perField) {
      const next: unknown[][] = []
      for (const t of tuples) for (const v of values) next.push([...t, v])
      tuples = next
    }
    return tuples
  }

  add(rec: DocRecord, keys = this.keysOf(rec.view)): void {
    for (const key of keys) this.entries.insert(this.entryOf(key, rec))
  }

  remove(rec: DocRecord): void {
    for (const key of this.keysOf(rec.view)) this.entries.remove(this.entryOf(key, rec))
  }

  /**
   * The first entry with exactly this key tuple that belongs to another document than `selfId`.
   * When paths share an array, the entries are a superset of MongoDB's keys, so both documents
   * are checked to really hold the key (one array element giving every value), as MongoDB would.
   */
  findConflict(key: unknown[], selfId: string, selfView?: Doc): DocRecord | undefined {
    const verify = this.#sharedArrays
    if (verify && selfView && !holdsKey(selfView, this.#paths, allFields(this.#paths), key)) return undefined
    if (!verify) {
      // Usually the first entry with this key settles it (unique keys have one entry).
      const first = this.entries.first((e) => (this.#compareKey(e, key) < 0 ? -1 : 1))
      if (!first || this.#compareKey(first, key) !== 0) return undefined
      const rec = this.recOf(first)
      if (rec.id !== selfId) return rec
    }
    for (const rec of this.scan(key)) {
      if (rec.id === selfId) continue
      if (verify && !holdsKey(rec.view, this.#paths, allFields(this.#paths), key)) continue
      return rec
    }
    return undefined
  }

  /**
   * Whether two documents that both produced `key` really both hold it (see findConflict): always
   * true unless indexed paths share an array.
   */
  bothHold(key: unknown[], a: Doc, b: Doc): boolean {
    if (!this.#sharedArrays) return true
    const fields = allFields(this.#paths)
    return holdsKey(a, this.#paths, fields, key) && holdsKey(b, this.#paths, fields, key)
  }

  /** Compares two key tuples in index order. */
  #compareKey(a: unknown[], b: unknown[]): number {
    const dirs = this.dirs
    for (let i = 0; i < dirs.length; i++) {
      const c = compareValues(a[i], b[i])
      if (c !== 0) return c * (dirs[i] as number)
    }
    return 0
  }

  /** The E11000 error for a duplicate `key` in this index. */
  duplicateError(ns: string, key: unknown[]): Error {
    const keyValue: Doc = {}
    this.fields.forEach((f, i) => {
      keyValue[f] = key[i] === undefined ? null : key[i]
    })
    const shown = this.fields.map((f, i) => `${f}: ${formatKeyValue(key[i])}`).join(', ')
    return mongoError(
      ErrorCodes.DuplicateKey,
      `E11000 duplicate key error collection: ${ns} index: ${this.name} dup key: { ${shown} }`,
      { keyPattern: this.spec.key, keyValue },
    )
  }

  /**
   * The records of the entries whose first `prefix.length` fields equal `prefix` and, when given,
   * whose next field lies in `range`; in index order, or reversed (a multikey document once per entry).
   */
  *scan(prefix: unknown[], range?: FieldRange, reverse = false): Generator<DocRecord> {
    const k = prefix.length
    const dirs = this.dirs
    const region = (e: IndexEntry): number => {
      for (let i = 0; i < k; i++) {
        const c = compareValues(e[i], prefix[i])
        if (c !== 0) return c * (dirs[i] as number)
      }
      if (!range) return 0
      return rangePosition(e[k], range) * (dirs[k] as number)
    }
    const iter = reverse
      ? this.entries.fromReverse((e) => (region(e) > 0 ? 1 : region(e) < 0 ? -1 : 0))
      : this.entries.from((e) => (region(e) < 0 ? -1 : 1))
    const n = dirs.length
    for (const e of iter) {
      if (region(e) !== 0) return
      yield e[n] as DocRecord
    }
  }
}

/** Records' order among entries with equal keys: insertion order. */
function compareIds(a: DocRecord, b: DocRecord): number {
  return a.seq - b.seq
}

/** Where a value lies relative to a range: -1 below, 0 inside, 1 above. */
function rangePosition(v: unknown, range: FieldRange): number {
  const t = typeOrder(v)
  if (t < range.bracket) return -1
  if (t > range.bracket) return 1
  if (range.lower) {
    const c = compareValues(v, range.lower.value)
    if (c < 0 || (c === 0 && !range.lower.inclusive)) return -1
  }
  if (range.upper) {
    const c = compareValues(v, range.upper.value)
    if (c > 0 || (c === 0 && !range.upper.inclusive)) return 1
  }
  return 0
}

function dedupe(values: unknown[]): unknown[] {
  if (values.length < 2) return values
  const seen = new Set<string>()
  const out: unknown[] = []
  for (const v of values) {
    const k = keyString(v)
    if (!seen.has(k)) {
      seen.add(k)
      out.push(v)
    }
  }
  return out
}
