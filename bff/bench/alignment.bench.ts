/**
 * Alignment dashboard bench: the compliance dashboard of a county of 700 villages × 40 catalog items,
 * read from the embedded engine (per-village summaries and per-line rows, as the idempotent steps maintain them),
 * plus one recompute of a 300-household roster pair. Prints a markdown table.
 * usage (from the repo root): npx tsx bff/bench/alignment.bench.ts [--quick]
 */
import mongoose, { Types } from 'mongoose'
import { startEmbeddedMongo } from '@cunwu/embedded-mongo'
import { listCatalogItems } from '@cunwu/domain'
import { compareTables, comparisonFingerprint } from '@cunwu/alignment'
import { getWorkingCalendar } from '../src/lib/calendar/working-calendar'
import { createModels, syncIndexes } from '../src/models'
import { ComplianceService } from '../src/services/compliance.service'
import { ComplianceExportService } from '../src/services/compliance-export.service'

const quick = process.argv.includes('--quick')
const TOWNSHIPS = 20
const VILLAGES_PER_TOWNSHIP = 35
const ITEMS = 40
const PERIOD = '2026-Q2'
const RUNS = quick ? 10 : 40
const COUNTY = '360999000000'

function stats(ms: number[]) {
  const s = [...ms].sort((a, b) => a - b)
  const at = (q: number) => s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? 0
  return { median: at(0.5), p95: at(0.95), max: s[s.length - 1] ?? 0 }
}

async function main() {
  const server = await startEmbeddedMongo({ log: false })
  const conn = await mongoose.createConnection(server.uri, { dbName: 'bench' }).asPromise()
  const models = createModels(conn)
  await syncIndexes(models)
  const items = listCatalogItems({ level: 'village' }).slice(0, ITEMS)
  const statuses = [
    'consistent',
    'inconsistent',
    'verified',
    'village_missing',
    'government_missing',
    null,
  ] as const
  const regions: {
    _id: string
    name: string
    level: string
    parentCode: string | null
    codeYear: number
    urbanRuralCode: string | null
  }[] = [
    { _id: COUNTY, name: '云溪县', level: 'county', parentCode: null, codeYear: 2024, urbanRuralCode: null },
  ]
  const lines: Record<string, unknown>[] = []
  const summaries = []
  const now = new Date()
  const t0 = performance.now()
  for (let t = 1; t <= TOWNSHIPS; t++) {
    const township = `360999${String(t).padStart(3, '0')}000`
    regions.push({
      _id: township,
      name: `第${t}镇`,
      level: 'township',
      parentCode: COUNTY,
      codeYear: 2024,
      urbanRuralCode: null,
    })
    for (let v = 1; v <= VILLAGES_PER_TOWNSHIP; v++) {
      const village = `${township.slice(0, 9)}${String(200 + v).padStart(3, '0')}`
      regions.push({
        _id: village,
        name: `第${t}镇${v}村`,
        level: 'village',
        parentCode: township,
        codeYear: 2024,
        urbanRuralCode: '220',
      })
      const counts = {
        consistent: 0,
        inconsistent: 0,
        verified: 0,
        village_missing: 0,
        government_missing: 0,
      }
      items.forEach((item, i) => {
        const status = statuses[(t + v + i) % statuses.length] ?? null
        if (status) counts[status]++
        lines.push({
          key: `${village}|${item.id}|${PERIOD}`,
          villageCode: village,
          townshipCode: township,
          countyCode: COUNTY,
          catalogItemId: item.id,
          period: PERIOD,
          disclosureId: new Types.ObjectId(),
          publishedOn: '2026-05-10',
          dueDate: null,
          alignmentId: status ? new Types.ObjectId() : null,
          alignmentStatus: status,
          discrepancyCount: status === 'inconsistent' ? 2 : 0,
          explanations:
            status === 'inconsistent'
              ? [
                  '王建国（户号003）：村里公示的补贴金额为 1,234.50 元，县里名单为 1,324.50 元，相差 90.00 元。',
                ]
              : [],
          verifiedBy: null,
          verifiedAt: null,
          updatedAt: now,
        })
      })
      summaries.push({
        key: `${village}|${PERIOD}`,
        villageCode: village,
        townshipCode: township,
        countyCode: COUNTY,
        period: PERIOD,
        published: ITEMS,
        onTime: 0,
        late: 0,
        publishedPeriodic: [],
        aligned:
          counts.consistent +
          counts.inconsistent +
          counts.verified +
          counts.village_missing +
          counts.government_missing,
        consistent: counts.consistent,
        inconsistent: counts.inconsistent,
        villageMissing: counts.village_missing,
        governmentMissing: counts.government_missing,
        verified: counts.verified,
        discrepancies: counts.inconsistent * 2,
        updatedAt: now,
      })
    }
  }
  await models.Region.insertMany(regions)
  for (let i = 0; i < lines.length; i += 5000) await models.ComplianceRow.insertMany(lines.slice(i, i + 5000))
  await models.VillageCompliance.insertMany(summaries)
  const seedMs = performance.now() - t0
  const compliance = new ComplianceService({ models, calendar: getWorkingCalendar })
  const exporter = new ComplianceExportService({ models, compliance })
  const firstTownship = `360999001000`
  const firstVillage = `360999001201`
  const out: string[] = []
  out.push(
    `Seeded ${regions.length - 1} regions, ${lines.length} compliance lines, ${summaries.length} village summaries in ${(seedMs / 1000).toFixed(1)} s.`,
    '',
  )
  out.push('| request | runs | median ms | p95 ms | max ms |', '|---|---|---|---|---|')
  for (const [label, code] of [
    ['county (700 villages, per-township counts)', COUNTY],
    ['township (35 villages, per-village counts)', firstTownship],
    ['village (40 item lines)', firstVillage],
  ] as const) {
    await compliance.dashboard(code, PERIOD, now) // warm-up
    const ms: number[] = []
    for (let i = 0; i < RUNS; i++) {
      const s = performance.now()
      await compliance.dashboard(code, PERIOD, now)
      ms.push(performance.now() - s)
    }
    const r = stats(ms)
    out.push(
      `| dashboard: ${label} | ${RUNS} | ${r.median.toFixed(1)} | ${r.p95.toFixed(1)} | ${r.max.toFixed(1)} |`,
    )
  }
  {
    const ms: number[] = []
    for (let i = 0; i < (quick ? 2 : 5); i++) {
      const s = performance.now()
      await exporter.workbook(firstTownship, PERIOD, now)
      ms.push(performance.now() - s)
    }
    const r = stats(ms)
    out.push(
      `| export .xlsx: township (1,400 lines + owed periodic items) | ${ms.length} | ${r.median.toFixed(1)} | ${r.p95.toFixed(1)} | ${r.max.toFixed(1)} |`,
    )
  }
  {
    const schema =
      items.find((i) => i.id === 'agricultural-subsidies.cultivated-land-protection')?.table ??
      listCatalogItems({ level: 'village' }).find((i) => i.table)?.table
    if (schema) {
      const rows = Array.from({ length: 300 }, (_, i) => ({
        name: `户主${i}`,
        area_mu: 3 + (i % 5),
        amount: 10_000 + i,
        household_no: String(i + 1).padStart(3, '0'),
      }))
      const gov = rows.map((r, i) => (i === 7 ? { ...r, amount: r.amount + 100 } : r))
      const ms: number[] = []
      for (let i = 0; i < RUNS; i++) {
        const s = performance.now()
        comparisonFingerprint(compareTables({ schema, village: rows, government: gov }))
        ms.push(performance.now() - s)
      }
      const r = stats(ms)
      out.push(
        `| compare + fingerprint: 300-household roster, 1 difference | ${RUNS} | ${r.median.toFixed(1)} | ${r.p95.toFixed(1)} | ${r.max.toFixed(1)} |`,
      )
    }
  }
  console.log(out.join('\n'))
  await conn.close()
  await server.stop()
}

await main()
