/**
 * The fields MongoDB 7.0 accepts in each CRUD command and in its update and delete statements.
 * MongoDB parses these commands strictly: any other field is refused with code 40415
 * (IDLUnknownField), "BSON field 'find.bogus' is an unknown field.", before anything runs; the
 * generic arguments (sessions, read and write concern, comment, …) are accepted by every command.
 * Sources and the list of what was checked: docs/embedded-mongo-conformance.md, "Strict commands".
 */
import { ErrorCodes, mongoError } from '../errors'
import type { Doc } from '../query/values'
import type { ArrayItem, CommandContext } from './context'

/** Arguments every command accepts (MongoDB's generic_argument.idl). */
const GENERIC_ARGUMENTS = new Set([
  'apiVersion',
  'apiStrict',
  'apiDeprecationErrors',
  '$db',
  'maxTimeMS',
  'readConcern',
  'writeConcern',
  'lsid',
  'clientOperationKey',
  'txnNumber',
  'autocommit',
  'startTransaction',
  'stmtId',
  'comment',
  '$readPreference',
  '$clusterTime',
  '$audit',
  '$client',
  '$configServerState',
  'allowImplicitCollectionCreation',
  '$oplogQueryData',
  '$queryOptions',
  '$replData',
  'databaseVersion',
  'shardVersion',
  'tracking_info',
  'coordinator',
  'maxTimeMSOpOnly',
  '$configTime',
  '$topologyTime',
  'txnRetryCounter',
  'mayBypassWriteBlocking',
  '$tenant',
  'expectPrefix',
])

/** Fields shared by insert, update and delete (WriteCommandRequestBase). */
const WRITE_BASE = [
  'bypassDocumentValidation',
  'ordered',
  'stmtIds',
  'isTimeseriesNamespace',
  'collectionUUID',
  'encryptionInformation',
]

/** Each command's own fields, besides its first field (the collection) and the generic arguments. */
const COMMAND_FIELDS: Record<string, readonly string[]> = {
  find: [
    'filter',
    'projection',
    'sort',
    'hint',
    'collation',
    'skip',
    'limit',
    'batchSize',
    'ntoreturn',
    'singleBatch',
    'allowDiskUse',
    'min',
    'max',
    'returnKey',
    'showRecordId',
    'tailable',
    'oplogReplay',
    'noCursorTimeout',
    'awaitData',
    'allowPartialResults',
    'let',
    'options',
    'term',
    'readOnce',
    'allowSpeculativeMajorityRead',
    '$_requestResumeToken',
    '$_resumeAfter',
    'runtimeConstants',
    'collectionUUID',
    'encryptionInformation',
  ],
  insert: [...WRITE_BASE, 'documents'],
  update: [...WRITE_BASE, 'updates', 'let', 'runtimeConstants'],
  delete: [...WRITE_BASE, 'deletes', 'let', 'runtimeConstants'],
  findAndModify: [
    'query',
    'fields',
    'sort',
    'batchSize',
    'singleBatch',
    'hint',
    'collation',
    'arrayFilters',
    'remove',
    'update',
    'upsert',
    'new',
    'bypassDocumentValidation',
    'let',
    'runtimeConstants',
    'encryptionInformation',
    'mirrored',
    'sampleId',
    '$_allowShardKeyUpdatesWithoutFullShardKeyInQuery',
  ],
  aggregate: [
    'pipeline',
    'explain',
    'allowDiskUse',
    'cursor',
    'bypassDocumentValidation',
    'collation',
    'hint',
    'let',
    'needsMerge',
    'fromMongos',
    'exchange',
    'runtimeConstants',
    'isMapReduceCommand',
    'collectionUUID',
    '$_passthroughToShard',
    'encryptionInformation',
    '$_requestReshardingResumeToken',
    '$_generateV2ResumeTokens',
    '$_isClusterQueryWithoutShardKeyCmd',
    'sampleId',
  ],
  count: [
    'query',
    'limit',
    'skip',
    'hint',
    'collation',
    'fields',
    'encryptionInformation',
    'mirrored',
    'sampleId',
  ],
  distinct: ['key', 'query', 'collation', 'mirrored', 'sampleId'],
  getMore: ['collection', 'batchSize', 'term', 'lastKnownCommittedOpTime'],
  killCursors: ['cursors'],
}

/** The fields of one update or delete statement (UpdateOpEntry, DeleteOpEntry). */
const STATEMENT_FIELDS: Record<string, readonly string[]> = {
  updates: [
    'q',
    'u',
    'c',
    'arrayFilters',
    'hint',
    'multi',
    'upsert',
    'upsertSupplied',
    'collation',
    'sampleId',
    '$_allowShardKeyUpdatesWithoutFullShardKeyInQuery',
  ],
  deletes: ['q', 'limit', 'hint', 'collation', 'sampleId'],
}

/** Fields a statement must have. */
const STATEMENT_REQUIRED: Record<string, readonly string[]> = { updates: ['q', 'u'], deletes: ['q', 'limit'] }

/** The array argument each write command must have (in the body or as a document sequence). */
const REQUIRED_ARRAY: Record<string, string> = { insert: 'documents', update: 'updates', delete: 'deletes' }

/** Arguments meant for mongocryptd, which MongoDB names in its error (code 4662500). */
const MONGOCRYPTD_ARGUMENTS = new Set(['jsonSchema', 'isRemoteSchema'])

const ALLOWED = new Map(Object.entries(COMMAND_FIELDS).map(([name, fields]) => [name, new Set(fields)]))
const STATEMENT_ALLOWED = new Map(
  Object.entries(STATEMENT_FIELDS).map(([name, fields]) => [name, new Set(fields)]),
)

/** The name MongoDB's parser gives the command in its messages (the alias `findandmodify` included). */
function parserName(command: string): string {
  return command === 'findandmodify' ? 'findAndModify' : command
}

function unknownField(path: string, field: string): Error {
  if (MONGOCRYPTD_ARGUMENTS.has(field)) {
    return mongoError(
      ErrorCodes.IDLUnknownFieldPossibleMongocryptd,
      `BSON field '${path}' is an unknown field. This command may be meant for a mongocryptd process.`,
    )
  }
  return mongoError(ErrorCodes.IDLUnknownField, `BSON field '${path}' is an unknown field.`)
}

function missingField(path: string): Error {
  return mongoError(ErrorCodes.Location40414, `BSON field '${path}' is missing but a required field`)
}

/** Refuses fields the command does not define (CRUD commands only; others are not checked). */
export function checkCommandFields(ctx: CommandContext): void {
  const name = parserName(ctx.name)
  const allowed = ALLOWED.get(name)
  if (!allowed) return
  const check = (field: string): void => {
    if (!allowed.has(field) && !GENERIC_ARGUMENTS.has(field)) throw unknownField(`${name}.${field}`, field)
  }
  let first = true
  for (const field in ctx.body) {
    if (first) first = false
    else check(field)
  }
  const sequences = ctx.sequenceNames
  sequences.forEach(check)
  const array = REQUIRED_ARRAY[name]
  if (array && !ctx.hasArrayArg(array)) {
    throw missingField(`${name}.${array}`)
  }
}

/** Refuses unknown or missing fields in any statement of `updates`/`deletes`, before one runs. */
export function checkStatementFields(
  command: string,
  array: 'updates' | 'deletes',
  items: ArrayItem[],
): void {
  const allowed = STATEMENT_ALLOWED.get(array) as Set<string>
  const required = STATEMENT_REQUIRED[array] as readonly string[]
  for (const item of items) {
    const statement: Doc = item.view
    for (const field of Object.keys(statement)) {
      if (!allowed.has(field)) throw unknownField(`${command}.${array}.${field}`, field)
    }
    for (const field of required) {
      if (statement[field] === undefined) throw missingField(`${command}.${array}.${field}`)
    }
  }
}
