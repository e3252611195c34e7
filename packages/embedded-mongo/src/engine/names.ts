/** Database and collection name rules, with MongoDB's InvalidNamespace errors. */
import { ErrorCodes, mongoError } from '../errors'

const INVALID_DB_CHARS = /[/\\. "$*<>:|?\0]/

/** Throws InvalidNamespace (73) for a database name MongoDB refuses. */
export function validateDbName(db: unknown): asserts db is string {
  if (typeof db !== 'string' || db === '' || INVALID_DB_CHARS.test(db) || Buffer.byteLength(db) > 63) {
    throw mongoError(ErrorCodes.InvalidNamespace, `Invalid database name: '${String(db)}'`)
  }
}

/** Throws InvalidNamespace (73) for a collection name MongoDB refuses. */
export function validateCollectionName(db: string, name: unknown): asserts name is string {
  if (typeof name !== 'string') {
    throw mongoError(ErrorCodes.InvalidNamespace, `collection name has invalid type ${typeof name}`)
  }
  const ns = `${db}.${name}`
  if (name === '') throw mongoError(ErrorCodes.InvalidNamespace, `Invalid namespace specified '${ns}'`)
  if (name.includes('$') || name.includes('\0') || name.startsWith('.')) {
    throw mongoError(ErrorCodes.InvalidNamespace, `Invalid collection name: ${name}`)
  }
  if (name.startsWith('system.') && !['system.js', 'system.views', 'system.profile'].includes(name)) {
    throw mongoError(ErrorCodes.InvalidNamespace, `Invalid system namespace: ${ns}`)
  }
  if (Buffer.byteLength(ns) > 255) {
    throw mongoError(
      ErrorCodes.InvalidNamespace,
      `Fully qualified namespace is too long. Namespace: ${ns} Max: 255`,
    )
  }
}
