/**
 * Crash test: a child process runs the outbox sender (and the durable embedded database) and is killed with
 * SIGKILL mid fan-out; a restarted worker on the same data directory finishes the queue. Every
 * recipient must have received the message exactly once.
 */
import { spawn } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import mongoose from 'mongoose'
import { afterAll, describe, expect, it } from 'vitest'
import { startEmbeddedMongo } from '@cunwu/embedded-mongo'
import { DEFAULT_APP, startWechatSim } from '@cunwu/wechat-sim'
import type { WechatSim } from '@cunwu/wechat-sim'
import { createSimDeliveryChecker, createSubscribeClient } from '../clients/wechat-subscribe.client'
import { createTokenManager } from '../clients/wechat-token'
import { buildConfig } from '../config'
import { createLogger } from '../logger'
import { createModels, syncIndexes } from '../models'
import { NotificationsService } from '../services/notifications.service'
import { buildVillagers } from '../testing/notifications'
import { createOutboxSender } from './outbox-sender.job'

const CHILD = path.join(import.meta.dirname, 'outbox-sender.crash-child.ts')
const VILLAGE = '360999001001'
const dirs: string[] = []

afterAll(() => {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true })
})

/** Runs the worker in a child and SIGKILLs it once the simulator has received `killAt` messages in total. */
export function runAndKill(
  dbPath: string,
  sim: WechatSim,
  killAt: number,
  expandPageSize = 20,
): Promise<number> {
  return new Promise((resolve, reject) => {
    const args = ['--import', 'tsx', CHILD, dbPath, sim.baseUrl, '1000', String(expandPageSize)]
    const child = spawn(process.execPath, args, { stdio: ['pipe', 'pipe', 'pipe'] })
    let stderr = ''
    let timer: NodeJS.Timeout | undefined
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString()
    })
    child.stdout.on('data', (d: Buffer) => {
      if (!d.toString().includes('READY') || timer) return
      timer = setInterval(() => {
        const sent = sim.control.sentMessages({}).length
        if (sent >= killAt) {
          clearInterval(timer)
          child.kill('SIGKILL')
        }
      }, 2)
    })
    child.on('exit', (code, signal) => {
      clearInterval(timer)
      if (signal === 'SIGKILL') resolve(sim.control.sentMessages({}).length)
      else reject(new Error(`worker exited with ${String(code)} before being killed: ${stderr}`))
    })
  })
}

describe('outbox sender crash safety', () => {
  it('should send every message exactly once across SIGKILLs of the worker', async () => {
    const dbPath = fs.mkdtempSync(path.join(os.tmpdir(), 'cunwu-outbox-crash-'))
    dirs.push(dbPath)
    const sim = await startWechatSim({ port: 0 })
    // Every send spends a few ms in the simulator, so a kill usually lands while requests are in flight.
    sim.control.setLatency({ match: '/cgi-bin/message/subscribe/send', ms: 8 })
    const n = 300
    const open = async () => {
      const server = await startEmbeddedMongo({ dbPath, log: false })
      const conn = await mongoose.createConnection(server.uri, { dbName: 'crash' }).asPromise()
      return { server, conn, models: createModels(conn) }
    }
    try {
      let db = await open()
      await syncIndexes(db.models)
      const { userKeys } = await buildVillagers(db.models, sim, 'crash', n, { villageCode: VILLAGE })
      const notifications = new NotificationsService({ models: db.models, config: buildConfig() })
      const published = await notifications.publishEvent({
        id: 'disclosure.published:crash:v1',
        type: 'disclosure.published',
        villageCode: VILLAGE,
        title: '低保名单',
        disclosureId: 'c'.repeat(24),
        category: 'social-assistance',
        itemId: 'social-assistance.dibao',
      })
      // One event record: the worker writes the 300 messages as it goes, 20 followers per round.
      expect(published).toMatchObject({ delivery: 'followers', recorded: true })
      expect(await db.models.Outbox.countDocuments({})).toBe(0)
      await db.conn.close()
      await db.server.stop()

      const atKill = await runAndKill(dbPath, sim, n / 3)
      expect(atKill).toBeLessThan(n)

      db = await open()
      const inflight = await db.models.Outbox.countDocuments({ inflight: true })
      const written = await db.models.Outbox.countDocuments({})
      const walk = await db.models.NotificationEvent.findOne({ key: 'disclosure.published:crash:v1' }).lean()
      // Killed mid fan-out: part of the followers' messages were written, the walk's checkpoint is mid-way.
      expect(walk?.expansion.state).toBe('pending')
      expect(written).toBeLessThan(n)
      const tokens = createTokenManager({
        baseUrl: sim.baseUrl,
        appid: DEFAULT_APP.appid,
        secret: DEFAULT_APP.secret,
      })
      const results = new Map<string, number>()
      const sender = createOutboxSender({
        models: db.models,
        client: createSubscribeClient({ baseUrl: sim.baseUrl, tokens }),
        logger: createLogger({ LOG_LEVEL: 'silent' }),
        ratePerSecond: 1000,
        concurrency: 8,
        ambiguity: 'verify_sim',
        checkDelivery: createSimDeliveryChecker(sim.baseUrl),
        miniprogramState: 'formal',
        onProcessed: (_id, r) => results.set(r, (results.get(r) ?? 0) + 1),
      })
      const deadline = Date.now() + 30_000
      const busy = async () =>
        (await db.models.Outbox.countDocuments({ status: 'pending' })) > 0 ||
        (await db.models.NotificationEvent.countDocuments({ 'expansion.state': 'pending' })) > 0
      while (await busy()) {
        if (Date.now() > deadline) throw new Error('queue did not drain after restart')
        await sender.drain()
        await new Promise((r) => setTimeout(r, 50))
      }
      const perUser = userKeys.map((k) => sim.control.sentMessages({ userKey: k }).length)
      console.log(
        `killed with ${atKill} of ${n} sent, ${written} messages written; ${inflight} in flight at the kill; after restart: ${JSON.stringify(Object.fromEntries(results))}`,
      )
      expect(perUser.filter((c) => c !== 1)).toEqual([])
      expect(await db.models.Outbox.countDocuments({ status: 'sent' })).toBe(n)
      expect(await db.models.Outbox.countDocuments({})).toBe(n)
      await db.conn.close()
      await db.server.stop()
    } finally {
      await sim.stop()
    }
  }, 120_000)
})
