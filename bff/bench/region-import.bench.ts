/**
 * Region import bench (导入行政区划, BENCHMARKS.md "Sixteenth session: region import"): a county file of `--rows`
 * regions (province, city, county, townships, villages; 4,000 by default) imported through the regions service as
 * the setup command and `POST /regions/import` run it, into an empty database (every region new), then the same file
 * with every name changed and a newer code year (every region changed). Each import writes one audit record per
 * region. Embedded engine in this process on a durable data folder (LMDB) in a temporary directory.
 * usage (from the repo root): npx tsx bff/bench/region-import.bench.ts [--rows=4000]
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import mongoose from 'mongoose'
import { startEmbeddedMongo } from '@cunwu/embedded-mongo'
import { createModels, syncIndexes } from '../src/models'
import { AuditService, SYSTEM_ACTOR } from '../src/services/audit.service'
import { RegionsService } from '../src/services/regions.service'

const arg = (name: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1]
const ROWS = Number(arg('rows') ?? 4000)
const COUNTY = '360999000000'

/** The file: province, city, county, 20 townships and villages spread over them up to `rows` lines. */
function regionCsv(rows: number, codeYear: number, suffix: string): string {
  const lines = [
    'code,name,codeYear,urbanRuralCode',
    `360000000000,江西省${suffix},${codeYear},`,
    `360900000000,宜春市${suffix},${codeYear},`,
    `${COUNTY},云溪县${suffix},${codeYear},`,
  ]
  const townships = 20
  for (let t = 1; t <= townships; t++)
    lines.push(`360999${String(t).padStart(3, '0')}000,第${t}镇${suffix},${codeYear},`)
  for (let i = 0; lines.length - 1 < rows; i++) {
    const t = (i % townships) + 1
    const v = Math.floor(i / townships) + 1
    const code = `360999${String(t).padStart(3, '0')}${String(v).padStart(3, '0')}`
    lines.push(`${code},第${t}镇${v}村委会${suffix},${codeYear},220`)
  }
  return lines.join('\n')
}

async function main() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cunwu-region-bench-'))
  const server = await startEmbeddedMongo({ dbPath: dir, log: false })
  const conn = await mongoose.createConnection(server.uri, { dbName: 'bench' }).asPromise()
  try {
    const models = createModels(conn)
    await syncIndexes(models)
    const regions = new RegionsService({ models, audit: new AuditService(models) })
    const options = { allowOlderCodeYear: false, olderYearHint: '' }
    const results: { step: string; seconds: number; audit: number }[] = []
    for (const [step, csv, expected] of [
      ['new regions', regionCsv(ROWS, 2024, ''), 'added'],
      ['every region renamed', regionCsv(ROWS, 2025, '甲'), 'updated'],
    ] as const) {
      const before = await models.AuditEvent.countDocuments({ action: 'region.import' })
      const start = performance.now()
      const counts = await regions.importCsvBySetup(csv, SYSTEM_ACTOR, options)
      const seconds = (performance.now() - start) / 1000
      const audit = (await models.AuditEvent.countDocuments({ action: 'region.import' })) - before
      // The answer says what the import did (added / updated / unchanged): every row is new, then every row renamed.
      if (counts[expected] !== ROWS || audit !== ROWS) {
        throw new Error(`${expected} ${counts[expected]} of ${ROWS}, audited ${audit}`)
      }
      results.push({ step, seconds, audit })
    }
    console.log(`| import (${ROWS} rows, durable) | seconds | audit records |`)
    console.log('| --- | ---: | ---: |')
    for (const r of results) console.log(`| ${r.step} | ${r.seconds.toFixed(2)} | ${r.audit} |`)
  } finally {
    await conn.close()
    await server.stop()
    fs.rmSync(dir, { recursive: true, force: true })
  }
}

await main()
