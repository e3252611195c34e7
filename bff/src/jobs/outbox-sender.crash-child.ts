/**
 * Child process of the outbox crash test and bench: opens the durable embedded database on <dbPath>, runs
 * the outbox sender against the WeChat simulator at <simBaseUrl> until it is killed, and prints READY first.
 * usage: node --import tsx outbox-sender.crash-child.ts <dbPath> <simBaseUrl> [ratePerSecond] [expandPageSize]
 */
import mongoose from 'mongoose'
import { DEFAULT_APP } from '@cunwu/wechat-sim'
import { startEmbeddedMongo } from '@cunwu/embedded-mongo'
import { createSimDeliveryChecker, createSubscribeClient } from '../clients/wechat-subscribe.client'
import { createTokenManager } from '../clients/wechat-token'
import { createLogger } from '../logger'
import { createModels } from '../models'
import { createOutboxSender } from './outbox-sender.job'

const [dbPath, simBaseUrl, rateArg, pageArg] = process.argv.slice(2)
if (!dbPath || !simBaseUrl)
  throw new Error('usage: outbox-sender.crash-child.ts <dbPath> <simBaseUrl> [ratePerSecond]')
const server = await startEmbeddedMongo({ dbPath, log: false })
const conn = await mongoose.createConnection(server.uri, { dbName: 'crash' }).asPromise()
const models = createModels(conn)
const tokens = createTokenManager({
  baseUrl: simBaseUrl,
  appid: DEFAULT_APP.appid,
  secret: DEFAULT_APP.secret,
})
const sender = createOutboxSender({
  models,
  client: createSubscribeClient({ baseUrl: simBaseUrl, tokens, timeoutMs: 2000 }),
  logger: createLogger({ LOG_LEVEL: 'silent' }),
  ratePerSecond: Number(rateArg ?? 1000),
  concurrency: 8,
  // Short leases so the restarted worker can take over the killed worker's claims quickly.
  leaseSeconds: 2,
  backoffMs: 5,
  ambiguity: 'verify_sim',
  checkDelivery: createSimDeliveryChecker(simBaseUrl),
  settleMs: 50,
  miniprogramState: 'formal',
  // Small pages interleave writing messages with sending them, so a kill can land mid-walk.
  expandPageSize: Number(pageArg ?? 2000),
})
// Exit with the parent: stdin is a pipe from it, closed when it dies (a timed-out test leaves no orphan).
process.stdin.resume()
process.stdin.on('end', () => process.exit(1))
await tokens.get()
process.stdout.write('READY\n')
sender.start()
