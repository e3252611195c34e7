/**
 * Cross-village checks bench (docs/cross-checks.md): a county of 700 villages × 3 roster items (低保, 特困, 耕地地力
 * 保护补贴) with about 300,000 rows and one planted case of each finding.
 *   pure     runCrossChecks over all rows in memory: time and RSS growth (max RSS), against a baseline of one
 *            Map insert + lookup per row measured in the same process (the machine is shared: the ratio travels);
 *   service  the BFF's full run (CrossCheckRunsService.execute: read every list from the embedded engine, check,
 *            write findings and link keys) and the incremental re-check after one village's corrected list
 *            (recheckVillage), on the embedded engine in this process.
 * usage (from the repo root): npx tsx bff/bench/cross-checks.bench.ts [--quick] [--only=pure|service]
 */
import mongoose, { Types } from 'mongoose'
import { startEmbeddedMongo } from '@cunwu/embedded-mongo'
import {
  buildScenario,
  DIBAO_ROSTER_ITEM,
  runCrossChecks,
  SCENARIO_PERIOD,
  type Scenario,
} from '@cunwu/alignment'
import { createModels, syncIndexes } from '../src/models'
import { AuditService, SYSTEM_ACTOR } from '../src/services/audit.service'
import { CrossCheckRunsService } from '../src/services/cross-check-runs.service'

const quick = process.argv.includes('--quick')
const only = process.argv.find((a) => a.startsWith('--only='))?.slice(7)
const VILLAGES = quick ? 70 : 700
const ROWS_PER_LIST = 143
const MB = 1024 * 1024
const COUNTY = '360999000000'

const maxRssMb = () => process.resourceUsage().maxRSS / 1024
const rssMb = () => process.memoryUsage().rss / MB
const fmt = (n: number) => n.toFixed(0)

function baseline(s: Scenario): number {
  const t = performance.now()
  const m = new Map<string, number>()
  for (const l of s.lists) for (const r of l.rows) m.set(String(r.id_number), 1)
  for (const l of s.lists) for (const r of l.rows) m.get(String(r.id_number))
  return performance.now() - t
}

function pure(s: Scenario, rows: number) {
  const base = baseline(s)
  const rssBefore = rssMb()
  const maxBefore = maxRssMb()
  const times: number[] = []
  let found = 0
  for (let i = 0; i < 3; i += 1) {
    const t = performance.now()
    found = runCrossChecks(s).length
    times.push(performance.now() - t)
  }
  const growth = Math.max(0, maxRssMb() - Math.max(maxBefore, rssBefore))
  const best = Math.min(...times)
  console.log(
    `| pure: full check, ${rows.toLocaleString('en')} rows | ${times.map(fmt).join(' / ')} ms (best ${fmt(best)}) | max RSS +${fmt(growth)} MB | ${found} findings | ${(best / base).toFixed(1)}x the Map baseline (${fmt(base)} ms) |`,
  )
}

async function service(s: Scenario, rows: number) {
  const server = await startEmbeddedMongo({ log: false })
  const conn = await mongoose.createConnection(server.uri, { dbName: 'bench' }).asPromise()
  const models = createModels(conn)
  await syncIndexes(models)
  const author = new Types.ObjectId()
  const now = new Date()
  const t0 = performance.now()
  const docs = s.lists.map((l) => ({
    _id: new Types.ObjectId(),
    regionCode: l.villageCode,
    catalogItemId: l.catalogItemId,
    catalogVersion: 'bench',
    domainId: l.catalogItemId.split('.')[0],
    period: l.period,
    seriesKey: `${l.villageCode}|${l.catalogItemId}|${l.period}`,
    version: 1,
    openKey: null,
    status: 'published',
    title: '名单',
    body: '',
    rows: l.rows,
    authorId: author,
    publishedAt: now,
    createdAt: now,
    updatedAt: now,
  }))
  for (let i = 0; i < docs.length; i += 50)
    await models.Disclosure.collection.insertMany(docs.slice(i, i + 50))
  await models.GovernmentItem.collection.insertOne({
    regionCode: COUNTY,
    level: 'county',
    catalogItemId: DIBAO_ROSTER_ITEM,
    period: SCENARIO_PERIOD,
    status: 'published',
    figures: [{ name: '低保标准', value: 680, unit: '元/人/月' }],
  })
  console.log(
    `| service: load ${docs.length} lists into the embedded engine | ${fmt(performance.now() - t0)} ms | | | |`,
  )
  // The person whose membership the secretary ended with 去世.
  for (const x of s.exits) {
    await models.Membership.collection.insertOne({
      userId: new Types.ObjectId(),
      villageCode: x.villageCode,
      name: x.name,
      householdNo: x.householdNo,
      status: 'ended',
      via: 'application',
      appliedAt: new Date('2025-01-01'),
      reason: '本人已去世',
      endedAt: new Date(`${x.endedOn}T10:00:00+08:00`),
    })
  }
  const runs = new CrossCheckRunsService({ models, audit: new AuditService(models) })
  const run = {
    _id: new Types.ObjectId(),
    regionCode: COUNTY,
    catalogItemId: null,
    period: SCENARIO_PERIOD,
  } as Parameters<CrossCheckRunsService['execute']>[0]
  const rssBefore = rssMb()
  const maxBefore = maxRssMb()
  let t = performance.now()
  const counts = await runs.execute(run, SYSTEM_ACTOR)
  const full = performance.now() - t
  const growth = Math.max(0, maxRssMb() - Math.max(maxBefore, rssBefore))
  console.log(
    `| service: first full run, ${rows.toLocaleString('en')} rows (read, check, write findings and every list's link keys) | ${fmt(full)} ms | max RSS +${fmt(growth)} MB | ${counts.found} findings | |`,
  )
  t = performance.now()
  const again = await runs.execute({ ...run, _id: new Types.ObjectId() }, SYSTEM_ACTOR)
  const repeat = performance.now() - t
  const growth2 = Math.max(0, maxRssMb() - Math.max(maxBefore, rssBefore))
  console.log(
    `| service: repeated full run (link keys already stored, as after publishing) | ${fmt(repeat)} ms | max RSS +${fmt(growth2)} MB | ${again.found} findings (${(await models.CrossCheckFinding.distinct('kind')).join(', ')}), ${again.opened} new | |`,
  )
  // Village 0 corrects its 低保 list (the amount above the standard): a new published version replaces the old.
  const old = docs[0]
  if (!old) throw new Error('no lists')
  const fixedRows = (old.rows as Record<string, unknown>[]).map((r, i) =>
    i === 1 ? { ...r, amount: 680 * Number(r.household_size) * 100 } : r,
  )
  await models.Disclosure.collection.updateOne({ _id: old._id }, { $set: { status: 'superseded' } })
  await models.Disclosure.collection.insertOne({
    ...old,
    _id: new Types.ObjectId(),
    version: 2,
    rows: fixedRows,
  })
  const times: number[] = []
  for (let i = 0; i < 5; i += 1) {
    t = performance.now()
    const c = await runs.recheckVillage(old.regionCode, SCENARIO_PERIOD, SYSTEM_ACTOR)
    times.push(performance.now() - t)
    if (i === 0) console.log(`|   (first re-check closed ${c.closed}, found ${c.found}) | | | | |`)
  }
  console.log(
    `| service: incremental re-check after one village's correction | ${times.map(fmt).join(' / ')} ms (best ${fmt(Math.min(...times))}) | | | ${((Math.min(...times) / full) * 100).toFixed(1)} % of the full run |`,
  )
  await conn.close()
  await server.stop()
}

async function main() {
  const s = buildScenario({ villages: VILLAGES, rowsPerList: ROWS_PER_LIST, plant: true })
  const rows = s.lists.reduce((n, l) => n + l.rows.length, 0)
  const os = await import('node:os')
  console.log(
    `load average ${os
      .loadavg()
      .map((x) => x.toFixed(1))
      .join(' ')} on ${os.cpus().length} cores; ${VILLAGES} villages × 3 items\n`,
  )
  console.log('| step | time | memory | result | ratio |\n| --- | --- | --- | --- | --- |')
  if (only !== 'service') pure(s, rows)
  if (only !== 'pure') await service(s, rows)
}

main().catch((err) => {
  console.error(err)
  process.exit(1)
})
