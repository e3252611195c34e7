/** Formats values the way mongod prints them inside error messages (`dup key: { email: "a@x" }`). */
import { bsonClass, isPlainObject } from '../query/values'

/** A value rendered like mongod's BSON toString in error messages. */
export function formatKeyValue(v: unknown): string {
  if (v === undefined || v === null) return 'null'
  if (typeof v === 'string') return JSON.stringify(v)
  if (typeof v === 'number' || typeof v === 'boolean') return String(v)
  if (v instanceof Date) return `new Date(${v.getTime()})`
  if (Array.isArray(v)) return `[ ${v.map(formatKeyValue).join(', ')} ]`
  const cls = bsonClass(v)
  if (cls === 'ObjectId') return `ObjectId('${(v as { toHexString(): string }).toHexString()}')`
  if (cls !== undefined) return String(v)
  if (isPlainObject(v)) {
    const parts = Object.entries(v).map(([k, x]) => `${k}: ${formatKeyValue(x)}`)
    return parts.length ? `{ ${parts.join(', ')} }` : '{}'
  }
  return String(v)
}

/** A document rendered for error messages (`{ _id: ObjectId('…'), a: 1 }`). */
export function formatDoc(doc: Record<string, unknown>): string {
  return formatKeyValue(doc)
}
