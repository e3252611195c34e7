/**
 * The paths of an operator update as MongoDB reads them: a tree of the paths (its conflicts, with
 * MongoDB's code 40 and wording), and, per document, the positional segments (`$`, `$[]`,
 * `$[<id>]`) turned into the array indexes they stand for, so that mingo applies plain paths.
 * Several positional paths may go through one array, as in MongoDB (server
 * `src/mongo/db/update/update_object_node.cpp`, `update_array_node.cpp`, `update_node.cpp`).
 */
import { ErrorCodes, mongoError } from '../errors'
import { formatKeyValue } from '../engine/format'
import { compileFilter, type Matcher } from './mingo'
import { isPositional } from './update-exact'
import { isPlainObject, type Doc } from './values'

/** One path of one operator, where the update's value for it is found. */
interface Leaf {
  kind: 'leaf'
  op: string
  path: string
}
/** A document level: children by field name, and the positional `$` child apart. */
interface ObjectNode {
  kind: 'object'
  children: Map<string, PathNode>
  positional?: PathNode
}
/** An array level reached through `$[]` (key '') or `$[<id>]` (key: the identifier). */
interface ArrayNode {
  kind: 'array'
  children: Map<string, PathNode>
}
type PathNode = Leaf | ObjectNode | ArrayNode

/** The parsed paths of one operator update. */
export interface UpdatePaths {
  root: ObjectNode
  /** True when a path has a `$`, `$[]` or `$[<id>]` segment. */
  positional: boolean
  arrayFilters: Map<string, Matcher>
}

/** A leaf resolved in one document: the operator's path as written and the concrete path it updates. */
export interface ResolvedPath {
  op: string
  path: string
  target: string
}

const conflict = (message: string) => mongoError(ErrorCodes.ConflictingUpdateOperators, message)

function isFilterSegment(seg: string | undefined): boolean {
  return seg !== undefined && seg.length >= 3 && seg.startsWith('$[') && seg.endsWith(']')
}

/** The identifier an array filter is about (its single top-level field name). */
function filterIdentifier(filter: Doc): string {
  let found: string | undefined
  const visit = (f: Doc): void => {
    for (const [k, v] of Object.entries(f)) {
      if (k === '$and' || k === '$or' || k === '$nor') {
        if (Array.isArray(v)) for (const sub of v) if (isPlainObject(sub)) visit(sub)
        continue
      }
      if (k.startsWith('$')) continue
      const top = k.split('.')[0] as string
      if (found !== undefined && found !== top) {
        throw mongoError(
          ErrorCodes.FailedToParse,
          `Error parsing array filter :: caused by :: Expected a single top-level field name, found '${found}' and '${top}'`,
        )
      }
      found = top
    }
  }
  visit(filter)
  if (found === undefined) {
    throw mongoError(
      ErrorCodes.FailedToParse,
      'Cannot use an expression without a top-level field name in arrayFilters',
    )
  }
  if (!/^[a-z][a-zA-Z0-9]*$/.test(found)) {
    throw mongoError(
      ErrorCodes.BadValue,
      `Error parsing array filter :: caused by :: The top-level field name must be an alphanumeric string beginning with a lowercase letter, found '${found}'`,
    )
  }
  return found
}

function parseArrayFilters(
  arrayFilters: Doc[] | undefined,
  variables: Doc | undefined,
): Map<string, Matcher> {
  const out = new Map<string, Matcher>()
  for (const filter of arrayFilters ?? []) {
    const id = filterIdentifier(filter)
    if (out.has(id)) {
      throw mongoError(
        ErrorCodes.FailedToParse,
        `Found multiple array filters with the same top-level field name ${id}`,
      )
    }
    out.set(id, compileFilter(filter, variables))
  }
  return out
}

function childOf(node: ObjectNode | ArrayNode, name: string): PathNode | undefined {
  return node.kind === 'object' && name === '$' ? node.positional : node.children.get(name)
}

function setChild(node: ObjectNode | ArrayNode, name: string, child: PathNode): void {
  if (node.kind === 'object' && name === '$') node.positional = child
  else node.children.set(name, child)
}

function checkPathSyntax(path: string, op: string, isInsert: boolean): void {
  const segs = path.split('.')
  if (path === '' || segs.some((s) => s === '')) {
    throw mongoError(
      ErrorCodes.EmptyFieldName,
      `The update path '${path}' contains an empty field name, which is not allowed.`,
    )
  }
  const dollar = segs.find((s) => s.startsWith('$') && s !== '$' && !s.startsWith('$['))
  if (dollar && !isInsert && op !== '$unset') {
    throw mongoError(
      ErrorCodes.DollarPrefixedFieldName,
      `The dollar ($) prefixed field '${dollar}' in '${path}' is not valid for storage.`,
    )
  }
}

/**
 * The paths of an operator update in the order MongoDB reads them (a `$rename` gives its source and its
 * destination), each checked on its own: empty or `$`-prefixed field names, a positional `$rename`.
 * `$setOnInsert` counts only when the update inserts.
 */
export function updatePathEntries(update: Doc, isInsert: boolean): Array<[op: string, path: string]> {
  const entries: Array<[string, string]> = []
  for (const [op, arg] of Object.entries(update)) {
    for (const path of Object.keys(arg as Doc)) {
      if (op === '$setOnInsert' && !isInsert) continue
      checkPathSyntax(path, op, isInsert)
      entries.push([op, path])
      if (op !== '$rename') continue
      const to = (arg as Doc)[path]
      if (typeof to !== 'string') {
        throw mongoError(
          ErrorCodes.BadValue,
          `The 'to' field for $rename must be a string: ${path}: ${formatKeyValue(to)}`,
        )
      }
      for (const [end, p] of [
        ['source', path],
        ['destination', to],
      ] as const) {
        if (isPositional(p))
          throw mongoError(ErrorCodes.BadValue, `The ${end} field for $rename may not be dynamic: ${p}`)
      }
      checkPathSyntax(to, op, isInsert)
      entries.push([op, to])
    }
  }
  return entries
}

/**
 * Reads the update's paths into a tree, refusing what MongoDB refuses before it reads a document:
 * two paths where one is a prefix of the other or the same array reached both through `$[…]` and
 * otherwise (code 40), a second `$` or one in first position, an identifier no array filter names,
 * and an array filter no path uses.
 */
export function parseUpdatePaths(
  entries: Array<[op: string, path: string]>,
  update: Doc,
  arrayFilters: Doc[] | undefined,
  variables: Doc | undefined,
): UpdatePaths {
  const filters = parseArrayFilters(arrayFilters, variables)
  const used = new Set<string>()
  const root: ObjectNode = { kind: 'object', children: new Map() }
  let positional = false
  for (const [op, path] of entries) {
    const parts = path.split('.')
    const dollars = parts.filter((p) => p === '$').length
    if (dollars > 1) {
      throw mongoError(ErrorCodes.BadValue, `Too many positional (i.e. '$') elements found in path '${path}'`)
    }
    if (parts[0] === '$') {
      throw mongoError(
        ErrorCodes.BadValue,
        `Cannot have positional (i.e. '$') element in the first position in path '${path}'`,
      )
    }
    const nameAt = (i: number): string => {
      const seg = parts[i] as string
      if (!isFilterSegment(seg)) return seg
      if (i === 0) {
        throw mongoError(
          ErrorCodes.BadValue,
          `Cannot have array filter identifier (i.e. '$[<id>]') element in the first position in path '${path}'`,
        )
      }
      const id = seg.slice(2, -1)
      if (id !== '' && !filters.has(id)) {
        throw mongoError(
          ErrorCodes.BadValue,
          `No array filter found for identifier '${id}' in path '${path}'`,
        )
      }
      if (id !== '') used.add(id)
      return id
    }
    if (dollars > 0 || parts.some(isFilterSegment)) positional = true
    let current: ObjectNode | ArrayNode = root
    for (let i = 0; i < parts.length - 1; i++) {
      const name = nameAt(i)
      const kind = isFilterSegment(parts[i + 1]) ? 'array' : 'object'
      let child = childOf(current, name)
      if (child && child.kind !== kind) {
        throw conflict(
          `Updating the path '${path}' would create a conflict at '${parts.slice(0, i + 1).join('.')}'`,
        )
      }
      if (!child) {
        const created: ObjectNode | ArrayNode =
          kind === 'array' ? { kind, children: new Map() } : { kind, children: new Map() }
        setChild(current, name, created)
        child = created
      }
      current = child as ObjectNode | ArrayNode
    }
    const last = nameAt(parts.length - 1)
    if (childOf(current, last))
      throw conflict(`Updating the path '${path}' would create a conflict at '${path}'`)
    setChild(current, last, { kind: 'leaf', op, path })
  }
  for (const id of filters.keys()) {
    if (!used.has(id)) {
      throw mongoError(
        ErrorCodes.FailedToParse,
        `The array filter for identifier '${id}' was not used in the update ${formatKeyValue(update)}`,
      )
    }
  }
  return { root, positional, arrayFilters: filters }
}

/** MongoDB's merge of two updates that reach the same element; two that change the same field conflict. */
function merge(a: PathNode | undefined, b: PathNode | undefined, at: string[]): PathNode | undefined {
  if (!a || !b) return a ?? b
  if (a.kind === 'object' && b.kind === 'object') {
    const children = new Map<string, PathNode>()
    for (const k of new Set([...a.children.keys(), ...b.children.keys()])) {
      children.set(k, merge(a.children.get(k), b.children.get(k), [...at, k]) as PathNode)
    }
    const positional = merge(a.positional, b.positional, [...at, '$'])
    return { kind: 'object', children, ...(positional ? { positional } : {}) }
  }
  if (a.kind === 'array' && b.kind === 'array') {
    const children = new Map<string, PathNode>()
    for (const k of new Set([...a.children.keys(), ...b.children.keys()])) {
      children.set(k, merge(a.children.get(k), b.children.get(k), [...at, `$[${k}]`]) as PathNode)
    }
    return { kind: 'array', children }
  }
  throw conflict(`Update created a conflict at '${at.join('.')}'`)
}

/** The value one step down (a field of a document, an index of an array), or undefined. */
function step(value: unknown, name: string): unknown {
  if (Array.isArray(value)) return /^\d+$/.test(name) ? value[Number(name)] : undefined
  if (isPlainObject(value)) return value[name]
  return undefined
}

function nest(parts: string[], leaf: unknown): Doc {
  let out: unknown = leaf
  for (let i = parts.length - 1; i >= 0; i--) out = { [parts[i] as string]: out }
  return out as Doc
}

/**
 * The index `$` stands for in the array at `path` (the path as written, before `$`): the first element that
 * meets every condition the filter puts on that array, as the manual says ("the first element that matches
 * the query document"). Only the filter's top-level fields are read.
 */
function matchedIndex(array: unknown, prefix: string, filter: Doc): number {
  const queryPath = prefix
    .split('.')
    .filter((s) => s !== '$' && !isFilterSegment(s))
    .join('.')
  const conditions = Object.keys(filter).filter((k) => k === queryPath || k.startsWith(`${queryPath}.`))
  if (Array.isArray(array) && conditions.length > 0) {
    const matcher = compileFilter(Object.fromEntries(conditions.map((k) => [k, filter[k]])))
    const parts = queryPath.split('.')
    const i = array.findIndex((e) => matcher.test(nest(parts, [e])))
    if (i >= 0) return i
  }
  throw mongoError(
    ErrorCodes.BadValue,
    'The positional operator did not find the match needed from the query.',
  )
}

/**
 * The concrete paths the update changes in `doc`: every `$[]` and `$[<id>]` stands for each element it selects
 * (array filters tested on the elements as they are before the update), `$` for the element the filter matched.
 * Raises MongoDB's errors: an array update on a missing path or on a value that is not an array, and two paths
 * that reach the same field of one element.
 */
export function resolvePositional(paths: UpdatePaths, doc: Doc, filter: Doc): ResolvedPath[] {
  const out: ResolvedPath[] = []
  const visit = (node: PathNode, value: unknown, taken: string[], toCreate: string[]): void => {
    if (node.kind === 'leaf') {
      out.push({ op: node.op, path: node.path, target: [...taken, ...toCreate].join('.') })
      return
    }
    if (node.kind === 'array') {
      if (toCreate.length > 0) {
        throw mongoError(
          ErrorCodes.BadValue,
          `The path '${[...taken, ...toCreate].join('.')}' must exist in the document in order to apply array updates.`,
        )
      }
      if (!Array.isArray(value)) {
        throw mongoError(
          ErrorCodes.BadValue,
          `Cannot apply array updates to non-array element ${taken[taken.length - 1]}: ${formatKeyValue(value)}`,
        )
      }
      const ids = [...node.children.keys()].sort()
      value.forEach((element, i) => {
        const at = [...taken, String(i)]
        let merged: PathNode | undefined
        for (const id of ids) {
          if (id !== '' && !paths.arrayFilters.get(id)?.test({ [id]: element })) continue
          merged = merge(merged, node.children.get(id), at)
        }
        if (merged) visit(merged, element, at, [])
      })
      return
    }
    const into = (child: PathNode, name: string): void => {
      if (toCreate.length > 0) return visit(child, undefined, taken, [...toCreate, name])
      const next = step(value, name)
      if (next === undefined) visit(child, undefined, taken, [name])
      else visit(child, next, [...taken, name], [])
    }
    let positionalName: string | undefined
    if (node.positional) {
      const leafPath = firstLeafPath(node.positional)
      const prefix = leafPath
        .split('.')
        .slice(0, taken.length + toCreate.length)
        .join('.')
      positionalName = String(matchedIndex(toCreate.length ? undefined : value, prefix, filter))
    }
    let positional = node.positional
    for (const name of [...node.children.keys()].sort()) {
      const child = node.children.get(name) as PathNode
      if (positional && positionalName === name) {
        into(merge(child, positional, [...taken, ...toCreate, name]) as PathNode, name)
        positional = undefined
        continue
      }
      if (positional && positionalName !== undefined && positionalName < name) {
        into(positional, positionalName)
        positional = undefined
      }
      into(child, name)
    }
    if (positional && positionalName !== undefined) into(positional, positionalName)
  }
  visit(paths.root, doc, [], [])
  return out
}

/** A leaf's path under a node (the `$` of a node stands at the same depth in each). */
function firstLeafPath(node: PathNode): string {
  if (node.kind === 'leaf') return node.path
  const first =
    node.kind === 'object' && node.positional ? node.positional : node.children.values().next().value
  return firstLeafPath(first as PathNode)
}
