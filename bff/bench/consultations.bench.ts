/**
 * Consultations bench: announcing a consultation to a village's eligible followers (inbox entry and outbox message
 * each), answers sent at once (distinct voters, and the same voter many times: one record each), and freezing the
 * tally. Prints a markdown table. usage (from the repo root): npx tsx bff/bench/consultations.bench.ts [--quick]
 */
import mongoose, { Types } from 'mongoose'
import { startEmbeddedMongo } from '@cunwu/embedded-mongo'
import { buildConfig } from '../src/config'
import { createModels, syncIndexes } from '../src/models'
import type { Models } from '../src/models'
import type { User } from '../src/models/User.model'
import { membershipPersonKey } from '../src/models/Membership.model'
import { subscriptionActiveKey } from '../src/models/Subscription.model'
import { AuditService, SYSTEM_ACTOR } from '../src/services/audit.service'
import { ClockService } from '../src/services/clock.service'
import { ConsultationNoticesService } from '../src/services/consultation-notices.service'
import { ConsultationTalliesService } from '../src/services/consultation-tallies.service'
import { consultationCommentKey } from '../src/services/consultation-comments.service'
import { ConsultationsService } from '../src/services/consultations.service'
import { NotificationsService } from '../src/services/notifications.service'

const quick = process.argv.includes('--quick')
const VILLAGE = '360999001001'
const rows: string[][] = []

/** A village of `n` households, each head a verified member following 村务. */
async function seedVillage(models: Models, n: number): Promise<User[]> {
  const now = new Date(Date.now() - 1000)
  const users: User[] = []
  await models.Region.collection.insertOne({
    _id: VILLAGE as unknown as Types.ObjectId,
    name: '测试村',
    level: 'village',
    parentCode: '360999001000',
    year: 2023,
  })
  for (let i = 0; i < n; i += 5000) {
    const size = Math.min(5000, n - i)
    const chunk = Array.from({ length: size }, (_, j) => {
      const no = String(i + j + 1).padStart(5, '0')
      return { _id: new Types.ObjectId(), no, name: `村民${no}` }
    })
    await models.Household.collection.insertMany(
      chunk.map((c) => ({ villageCode: VILLAGE, householdNo: c.no, headName: c.name, memberNames: [] })),
    )
    const grants = [{ role: 'villager', regionCode: VILLAGE, grantedBy: null, grantedAt: now }]
    const docs = chunk.map((c) => ({ _id: c._id, openid: `o-${c.no}`, displayName: c.name, roles: grants }))
    await models.User.collection.insertMany(docs)
    users.push(...(docs as unknown as User[]))
    await models.Membership.collection.insertMany(
      chunk.map((c) => ({
        userId: c._id,
        villageCode: VILLAGE,
        name: c.name,
        householdNo: c.no,
        status: 'approved',
        via: 'application',
        appliedAt: now,
        // Approved members hold their roster person (docs/households.md).
        personKey: membershipPersonKey({ villageCode: VILLAGE, householdNo: c.no, name: c.name }),
      })),
    )
    await models.Subscription.collection.insertMany(
      chunk.map((c) => {
        const s = {
          userId: c._id,
          villageCode: VILLAGE,
          kind: 'category' as const,
          targetId: 'village-affairs',
        }
        return { ...s, createdAt: now, endedAt: null, activeKey: subscriptionActiveKey(s) }
      }),
    )
  }
  return users
}

async function bench(n: number): Promise<void> {
  const server = await startEmbeddedMongo({ log: false })
  const conn = await mongoose.createConnection(server.uri, { dbName: 'consult' }).asPromise()
  try {
    const models = createModels(conn)
    await syncIndexes(models)
    const users = await seedVillage(models, n)
    const clock = new ClockService()
    const audit = new AuditService(models)
    const notifications = new NotificationsService({ models, config: buildConfig() })
    const tallies = new ConsultationTalliesService({ models, clock })
    const notices = new ConsultationNoticesService({ models, clock, notifications, tallies })
    const consultations = new ConsultationsService({
      models,
      audit,
      clock,
      tallies,
      contentSecurity: null,
      commentKey: consultationCommentKey('bench-secret'),
    })
    const secretary = {
      ...users[0],
      roles: [{ role: 'secretary', regionCode: VILLAGE, grantedBy: null, grantedAt: new Date() }],
    } as User
    const c = await consultations.open(
      VILLAGE,
      {
        title: '村道硬化征求意见',
        draft: '拟硬化村东主路。',
        questions: [{ kind: 'single', text: '是否同意？', options: ['同意', '不同意'] }],
        deadline: new Date(Date.now() + 3 * 86_400_000).toISOString(),
        unit: 'household',
        ballot: 'secret',
      },
      secretary,
      SYSTEM_ACTOR,
    )
    const t0 = performance.now()
    const inboxed = await notices.announce(c)
    const announceMs = performance.now() - t0
    const t1 = performance.now()
    const again = await notices.announce(c)
    const againMs = performance.now() - t1

    // Up to 1,000 households answer once, 50 at a time (each answer is ~8 round trips: reading is the same per
    // answer whatever the village's size); then one household sends 19 more answers at once.
    const voters = users.slice(0, Math.min(n, quick ? 500 : 1000))
    const t2 = performance.now()
    for (let i = 0; i < voters.length; i += 50) {
      await Promise.all(
        voters
          .slice(i, i + 50)
          .map((u, j) =>
            consultations.answer(
              c._id.toHexString(),
              { responses: [{ options: [(i + j) % 3 === 0 ? 1 : 0] }], comment: '' },
              u,
              SYSTEM_ACTOR,
            ),
          ),
      )
    }
    const answerMs = performance.now() - t2
    const same = users[0]
    if (!same) throw new Error('no villager')
    await Promise.all(
      Array.from({ length: 19 }, (_, k) =>
        consultations.answer(
          c._id.toHexString(),
          { responses: [{ options: [k % 2] }], comment: '' },
          same,
          SYSTEM_ACTOR,
        ),
      ),
    )
    const stored = await models.ConsultationAnswer.countDocuments({ consultationId: c._id })

    clock.advanceDays(4)
    const t3 = performance.now()
    const closed = await tallies.withTally(c)
    const tallyMs = performance.now() - t3
    const tally = closed.tally
    rows.push([
      `${n.toLocaleString('en')} households, all following 村务`,
      `announce: **${announceMs.toFixed(0)} ms** for ${inboxed.toLocaleString('en')} inbox entries and outbox messages (${((announceMs / Math.max(1, inboxed)) * 1000).toFixed(0)} µs each); again: ${againMs.toFixed(0)} ms, ${again} added`,
      `${voters.length.toLocaleString('en')} answers, 50 at a time: ${(answerMs / 1000).toFixed(2)} s (${Math.round(voters.length / (answerMs / 1000))}/s); +19 at once from one household: ${stored.toLocaleString('en')} records for ${voters.length.toLocaleString('en')} households`,
      `tally frozen in **${tallyMs.toFixed(0)} ms**: ${tally?.answered ?? '?'} of ${tally?.eligible ?? '?'}`,
    ])
  } finally {
    await conn.close()
    await server.stop()
  }
}

for (const n of quick ? [500] : [1_000, 5_000]) await bench(n)
console.log('| village | announcement | answers | tally |')
console.log('| --- | --- | --- | --- |')
for (const r of rows) console.log(`| ${r.join(' | ')} |`)
