/**
 * Command-level `let` (find, aggregate, update, delete, findAndModify): each value is an aggregation
 * expression evaluated once, before any document is read, and becomes the variable `$$name` for
 * `$expr` in filters and for the stages of pipeline updates (see docs/embedded-mongo-conformance.md, "let").
 */
import { evalExpr } from 'mingo/core'
import type { Options } from 'mingo/types'
import { ErrorCodes, mongoError, toMongoError } from '../errors'
import { mingoOptions } from './mingo'
import { isPlainObject, type Doc } from './values'

/** System variables a client may not set through `let` (MongoDB answers 4738901). */
const INTERNAL_CONSTANTS = new Set(['NOW', 'CLUSTER_TIME', 'IS_MR', 'JS_SCOPE', 'USER_ROLES'])

function isLowerAscii(c: string): boolean {
  return c >= 'a' && c <= 'z'
}

/** MongoDB's rule for user variable names: a lowercase ASCII letter or a non-ASCII character first, then letters, digits, `_` or non-ASCII. */
function checkName(name: string): void {
  if (INTERNAL_CONSTANTS.has(name))
    throw mongoError(ErrorCodes.Location4738901, `Attempt to set internal constant: ${name}`)
  const invalid = (why: string): Error =>
    mongoError(ErrorCodes.FailedToParse, `Invalid 'let' parameter :: caused by :: ${why}`)
  if (name === 'CURRENT') return
  if (name === '') throw invalid('empty variable names are not allowed')
  const first = name[0] as string
  if (!isLowerAscii(first) && first.charCodeAt(0) < 0x80)
    throw invalid(`'${name}' starts with an invalid character for a user variable name`)
  for (const c of name.slice(1)) {
    const ok = /[A-Za-z0-9_]/.test(c) || c.charCodeAt(0) >= 0x80
    if (!ok) throw invalid(`'${name}' contains an invalid character for a variable name: '${c}'`)
  }
}

/** True when an expression reads the current document (a field path, `$$ROOT` or `$$CURRENT`). */
function readsDocument(expr: unknown): boolean {
  if (typeof expr === 'string') {
    if (!expr.startsWith('$')) return false
    if (!expr.startsWith('$$')) return true
    const name = expr.slice(2).split('.')[0]
    return name === 'ROOT' || name === 'CURRENT'
  }
  if (Array.isArray(expr)) return expr.some(readsDocument)
  if (isPlainObject(expr)) {
    return Object.entries(expr).some(([k, v]) => k !== '$literal' && readsDocument(v))
  }
  return false
}

/**
 * Evaluates a command's `let` document into variable values. Undefined when there is none.
 * A value that reads a field is refused, as MongoDB does, with code 4890500.
 */
export function evaluateLet(letDoc: unknown, field = 'let'): Doc | undefined {
  if (letDoc === undefined || letDoc === null) return undefined
  if (!isPlainObject(letDoc))
    throw mongoError(
      ErrorCodes.TypeMismatch,
      `BSON field '${field}' is the wrong type, expected type 'object'`,
    )
  const entries = Object.entries(letDoc)
  if (entries.length === 0) return undefined
  const out: Doc = {}
  for (const [name, expr] of entries) {
    checkName(name)
    if (readsDocument(expr)) {
      // MongoDB's message, missing space included.
      throw mongoError(
        ErrorCodes.Location4890500,
        'Command let Expression tried to access a field, but this is not allowed because' +
          'Command let Expressions run before the query examines any documents.',
      )
    }
    try {
      // A value may use the variables defined before it, as in MongoDB.
      out[name] = evalExpr({}, expr, mingoOptions({ variables: { ...out } }) as Options)
    } catch (err) {
      throw toMongoError(err)
    }
  }
  return out
}

/** The variables of one statement: the command's `let`, then the statement's constants `c` (which win). */
export function statementVariables(letVars: Doc | undefined, constants: unknown): Doc | undefined {
  if (constants === undefined || constants === null) return letVars
  if (!isPlainObject(constants))
    throw mongoError(
      ErrorCodes.TypeMismatch,
      "BSON field 'update.updates.c' is the wrong type, expected type 'object'",
    )
  return { ...letVars, ...constants }
}
