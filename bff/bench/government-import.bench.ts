/**
 * Government roster import bench: a county of 700 villages imports a 100,000-row 耕地地力保护补贴 roster
 * through the table-imports service, as the BFF runs it: parse the file (kept meanwhile) → validate every row
 * (village column resolved against the 700 villages) → save the rows as a staged roster → apply (one write points
 * the item at it). Then reads one village's rows and a page of the public view. Embedded engine in-process.
 * Prints markdown.
 * usage (from the repo root): npx tsx bff/bench/government-import.bench.ts [--quick] [--rows=N] [--format=csv|xlsx|both]
 */
import mongoose from 'mongoose'
import { startEmbeddedMongo } from '@cunwu/embedded-mongo'
import type { Column, TableRow } from '@cunwu/domain'
import { findCatalogItem, governmentTableOf } from '@cunwu/domain'
import { writeTableXlsx } from '@cunwu/tables'
import { createLogger } from '../src/logger'
import { createModels, syncIndexes } from '../src/models'
import type { User } from '../src/models/User.model'
import { AuditService, SYSTEM_ACTOR } from '../src/services/audit.service'
import { DisclosuresService } from '../src/services/disclosures.service'
import { createGovernmentItemsService } from '../src/services/government-items.service'
import { createGovernmentRowsService } from '../src/services/government-rows.service'
import { createTableImportsService } from '../src/services/table-imports.service'
import { buildIdNumber } from '../src/testing/factories'

const arg = (name: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1]
const quick = process.argv.includes('--quick')
const ROWS = Number(arg('rows') ?? (quick ? 20_000 : 100_000))
const FORMATS =
  (arg('format') ?? 'both') === 'both' ? (['csv', 'xlsx'] as const) : ([arg('format')] as ('csv' | 'xlsx')[])
const TOWNSHIPS = 20
const VILLAGES_PER_TOWNSHIP = 35
const COUNTY = '360999000000'
const ITEM = 'agricultural-subsidies.cultivated-land-protection'

function seconds(ms: number): string {
  return (ms / 1000).toFixed(2)
}

async function main() {
  const server = await startEmbeddedMongo({ log: false })
  const conn = await mongoose.createConnection(server.uri, { dbName: 'bench' }).asPromise()
  const models = createModels(conn)
  await syncIndexes(models)
  const audit = new AuditService(models)
  const rowsService = createGovernmentRowsService({ models })
  const governmentItems = createGovernmentItemsService({ models, audit, rows: rowsService })
  const imports = createTableImportsService({
    models,
    audit,
    disclosures: new DisclosuresService({ models, audit }),
    governmentItems,
    rows: rowsService,
    logger: createLogger({ LOG_LEVEL: 'silent' }),
  })

  type RegionSeed = {
    _id: string
    name: string
    level: string
    parentCode: string | null
    codeYear: number
    urbanRuralCode: string | null
  }
  const regions: RegionSeed[] = [
    { _id: COUNTY, name: '云溪县', level: 'county', parentCode: null, codeYear: 2024, urbanRuralCode: null },
  ]
  const villages: { code: string; name: string }[] = []
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
      const code = `${township.slice(0, 9)}${String(200 + v).padStart(3, '0')}`
      villages.push({ code, name: `第${t}镇${v}村` })
      regions.push({
        _id: code,
        name: `第${t}镇${v}村`,
        level: 'village',
        parentCode: township,
        codeYear: 2024,
        urbanRuralCode: '220',
      })
    }
  }
  await models.Region.insertMany(regions)
  const author: User = (
    await models.User.create({ openid: 'bench-county', displayName: '县农业农村局' })
  ).toObject()

  const item = findCatalogItem(ITEM)
  const table = item ? governmentTableOf(item) : null
  if (!table) throw new Error(`no table for ${ITEM}`)
  // A county export: 村名 (names for half the villages, codes for the others), then the roster's columns.
  const villageColumn: Column = {
    key: 'village',
    label: '村名',
    type: 'text',
    required: true,
    policy: 'public',
  }
  const fileColumns = [
    villageColumn,
    ...table.columns.filter((c) =>
      ['name', 'household_no', 'area_mu', 'amount', 'id_number', 'group'].includes(c.key),
    ),
  ]
  const rows: TableRow[] = Array.from({ length: ROWS }, (_, i) => {
    const v = villages[i % villages.length] ?? { code: '', name: '' }
    const area = 1 + (i % 12)
    const day = 1 + (Math.floor(i / 999) % 28)
    return {
      village: i % 2 ? v.code : v.name,
      name: `户主${i}`,
      household_no: String(Math.floor(i / villages.length) + 1).padStart(3, '0'),
      area_mu: area,
      amount: area * 12_500,
      id_number: buildIdNumber(
        `1965-${String(1 + (Math.floor(i / 27_972) % 12)).padStart(2, '0')}-${String(day).padStart(2, '0')}`,
        (i % 999) + 1,
      ),
      group: `第${1 + (i % 9)}组`,
    }
  })
  const csv = Buffer.from(
    [
      fileColumns.map((c) => c.label).join(','),
      ...rows.map((r) =>
        fileColumns
          .map((c) =>
            c.type === 'amount_fen' ? (Number(r[c.key]) / 100).toFixed(2) : String(r[c.key] ?? ''),
          )
          .join(','),
      ),
    ].join('\r\n'),
  )
  const files: Record<'csv' | 'xlsx', () => Promise<Buffer>> = {
    csv: async () => csv,
    xlsx: () =>
      writeTableXlsx({ ...table, columns: fileColumns }, rows, { title: '2026年耕地地力保护补贴发放名册' }),
  }

  const out: string[] = [
    `${ROWS.toLocaleString('en-US')} rows over ${villages.length} villages (20 townships × 35), ${fileColumns.length} columns; embedded engine in-process.`,
    '',
    '| file | size MB | parse s | validate s | save roster s | upload → ready s | apply s | total s | roster chunks | roster MB | item KB | one village ms (rows) | page of 500 rows ms |',
    '|---|---|---|---|---|---|---|---|---|---|---|---|---|',
  ]
  let period = 2026
  for (const format of FORMATS) {
    const data = await files[format]()
    const g = await governmentItems.create(
      COUNTY,
      {
        catalogItemId: ITEM,
        period: String(period++),
        title: '耕地地力保护补贴发放名册',
        body: '',
        figures: [],
        rows: null,
      },
      author,
      SYSTEM_ACTOR,
    )
    const t0 = performance.now()
    const started = await imports.start(
      { kind: 'government_item', governmentItemId: g._id.toHexString() },
      { filename: `名册.${format}`, contentType: format, data },
      author,
      SYSTEM_ACTOR,
    )
    let readMs = 0
    let checkedMs = 0
    let doc = started
    for (;;) {
      await new Promise((r) => setTimeout(r, 20))
      doc = await imports.load(started._id.toHexString())
      if (!readMs && doc.stage !== 'reading') readMs = performance.now() - t0
      if (!checkedMs && doc.stage !== 'reading' && doc.stage !== 'checking')
        checkedMs = performance.now() - t0
      if (doc.status !== 'processing') break
    }
    const readyMs = performance.now() - t0
    if (doc.status !== 'ready')
      throw new Error(`import ${doc.status}: ${doc.failure ?? JSON.stringify(doc.cellErrors.slice(0, 3))}`)
    const a0 = performance.now()
    const applied = await imports.apply(started._id.toHexString(), {}, SYSTEM_ACTOR)
    const applyMs = performance.now() - a0
    if (applied.kind !== 'government_item' || applied.governmentItem.rowCount !== ROWS)
      throw new Error('apply lost rows')
    const filled = applied.governmentItem
    const chunks = await models.GovernmentRow.find({ rosterId: filled.rosterId }).lean()
    const rosterBytes = chunks.reduce((s, c) => s + mongoose.mongo.BSON.calculateObjectSize(c), 0)
    const rawItem = await models.GovernmentItem.collection.findOne({ _id: filled._id })
    const itemBytes = rawItem ? mongoose.mongo.BSON.calculateObjectSize(rawItem) : 0
    const v0 = performance.now()
    const own = await rowsService.rowsOfVillage(filled, villages[0]?.code ?? '')
    const villageMs = performance.now() - v0
    const p0 = performance.now()
    await rowsService.page(filled, { offset: Math.floor(ROWS / 2), limit: 500 })
    const pageMs = performance.now() - p0
    out.push(
      `| ${format} | ${(data.length / 1e6).toFixed(1)} | ${seconds(readMs)} | ${seconds(checkedMs - readMs)} | ${seconds(readyMs - checkedMs)} | ${seconds(readyMs)} | ${seconds(applyMs)} | ${seconds(readyMs + applyMs)} | ${chunks.length} | ${(rosterBytes / 1024 / 1024).toFixed(1)} | ${(itemBytes / 1024).toFixed(0)} | ${villageMs.toFixed(0)} (${own.length}) | ${pageMs.toFixed(0)} |`,
    )
  }
  out.push('', `Peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB.`)
  console.log(out.join('\n'))
  await conn.close()
  await server.stop()
}

main().catch((err: unknown) => {
  console.error(err)
  process.exit(1)
})
