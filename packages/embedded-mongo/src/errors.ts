/** MongoDB error codes and code names used by the engine (subset of src/mongo/base/error_codes.yml). */
export const ErrorCodes = {
  InternalError: 1,
  BadValue: 2,
  NoSuchKey: 4,
  FailedToParse: 9,
  TypeMismatch: 14,
  IllegalOperation: 20,
  NamespaceNotFound: 26,
  IndexNotFound: 27,
  PathNotViable: 28,
  ConflictingUpdateOperators: 40,
  CursorNotFound: 43,
  NamespaceExists: 48,
  DollarPrefixedFieldName: 52,
  InvalidIdField: 53,
  CommandNotFound: 59,
  ImmutableField: 66,
  CannotCreateIndex: 67,
  IndexAlreadyExists: 68,
  InvalidOptions: 72,
  InvalidIndexSpecificationOption: 197,
  EmptyFieldName: 56,
  InvalidNamespace: 73,
  IndexOptionsConflict: 85,
  IndexKeySpecsConflict: 86,
  NotImplemented: 238,
  CannotIndexParallelArrays: 171,
  Location16755: 16755,
  BSONObjectTooLarge: 10334,
  DuplicateKey: 11000,
  OutOfDiskSpace: 14031,
  InvalidPipelineOperator: 168,
  QueryFeatureNotAllowed: 224,
  Location40324: 40324,
  Location40414: 40414,
  IDLUnknownField: 40415,
  IDLUnknownFieldPossibleMongocryptd: 4662500,
  Location4738901: 4738901,
  Location4890500: 4890500,
  Location17276: 17276,
} as const

const CODE_NAMES: Record<number, string> = Object.fromEntries(
  Object.entries(ErrorCodes).map(([name, code]) => [code, name]),
)

/** An error the engine sends back to the client as `{ ok: 0, errmsg, code, codeName }` or a write error. */
export class MongoCommandError extends Error {
  readonly code: number
  readonly codeName: string
  /** Extra fields merged into the error reply (keyPattern, keyValue, ...). */
  readonly extra: Record<string, unknown>

  constructor(code: number, message: string, extra: Record<string, unknown> = {}) {
    super(message)
    this.code = code
    this.codeName = CODE_NAMES[code] ?? 'UnknownError'
    this.extra = extra
  }

  /** The `{ ok: 0, ... }` command reply for this error. */
  toReply(): Record<string, unknown> {
    return { ok: 0, errmsg: this.message, code: this.code, codeName: this.codeName, ...this.extra }
  }

  /** The entry for a `writeErrors` array. */
  toWriteError(index: number): Record<string, unknown> {
    return { index, code: this.code, errmsg: this.message, ...this.extra }
  }
}

/** Shorthand factory for a MongoCommandError. */
export function mongoError(
  code: number,
  message: string,
  extra?: Record<string, unknown>,
): MongoCommandError {
  return new MongoCommandError(code, message, extra)
}

/** An error for a feature the engine does not implement, naming the feature. */
export function notSupported(feature: string): MongoCommandError {
  return new MongoCommandError(
    ErrorCodes.NotImplemented,
    `${feature} is not supported by the embedded engine (@cunwu/embedded-mongo)`,
  )
}

/** Converts anything thrown while running a command into a MongoCommandError. */
export function toMongoError(err: unknown): MongoCommandError {
  if (err instanceof MongoCommandError) return err
  const message = err instanceof Error ? err.message : String(err)
  // mingo raises plain Errors for invalid queries/pipelines: these are the user's bad input.
  // MongoDB's own code for a `$$name` that nothing defines is 17276 (same message).
  if (message.startsWith('Use of undefined variable: '))
    return new MongoCommandError(ErrorCodes.Location17276, message)
  return new MongoCommandError(ErrorCodes.BadValue, message)
}
