/** Upserts: the document starts from the filter's equality fields, then the update runs on it as an insert. */
import { ObjectId } from 'bson'
import { applyReplacement, applyUpdate, classifyUpdate, type UpdatedDoc, type UpdateInput } from './update'
import { cloneValue, isPlainObject, type Doc } from './values'

/** The document an upsert starts from: the filter's equality conditions (`_id` included). */
export function upsertSeed(filter: Doc): Doc {
  const seed: Doc = {}
  const visit = (f: Doc): void => {
    for (const [k, v] of Object.entries(f)) {
      if (k === '$and' && Array.isArray(v)) {
        for (const sub of v) if (isPlainObject(sub)) visit(sub)
        continue
      }
      if (k.startsWith('$')) continue
      let value: unknown
      if (isPlainObject(v) && Object.keys(v).some((x) => x.startsWith('$'))) {
        if (!('$eq' in v)) continue
        value = v.$eq
      } else if (v instanceof RegExp) {
        continue
      } else {
        value = v
      }
      setSeedPath(seed, k, cloneValue(value))
    }
  }
  visit(filter)
  return seed
}

function setSeedPath(doc: Doc, path: string, value: unknown): void {
  const segs = path.split('.')
  let cur = doc
  for (let i = 0; i < segs.length - 1; i++) {
    const seg = segs[i] as string
    const next = cur[seg]
    if (!isPlainObject(next)) {
      if (next !== undefined) return
      cur[seg] = {}
    }
    cur = cur[seg] as Doc
  }
  cur[segs[segs.length - 1] as string] = value
}

/** Builds the document an upsert inserts: seed from the filter, then the update applied as an insert. */
export function buildUpsertDocument(input: Omit<UpdateInput, 'isInsert'>): UpdatedDoc {
  const kind = classifyUpdate(input.update)
  const seed = upsertSeed(input.filter)
  if (kind === 'replacement') {
    const replacement = input.update as Doc
    const base: Doc = '_id' in replacement ? {} : '_id' in seed ? { _id: seed._id } : { _id: new ObjectId() }
    return applyReplacement(base, undefined, { ...input, isInsert: true })
  }
  return applyUpdate(seed, undefined, { ...input, isInsert: true })
}
