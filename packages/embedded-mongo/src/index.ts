/** @cunwu/embedded-mongo: an embedded MongoDB-wire-compatible server for mongoose and the MongoDB driver. */
export { startEmbeddedMongo, type EmbeddedMongo, type EmbeddedMongoOptions } from './server'
export { DataDirLockedError } from './storage/lock'
export { defaultSocketPath, SocketPathError, socketUri } from './socket'
export type { LogLevel, LogSink } from './log'
