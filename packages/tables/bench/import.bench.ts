// Import benchmark: read + detect + validate a 10,000-row roster. Usage (from the repo root):
//   npx tsx packages/tables/bench/import.bench.ts [--quick] [--rows=N]
import { findCatalogItem } from '@cunwu/domain'
import type { TableSchema } from '@cunwu/domain'
import { performance } from 'node:perf_hooks'
import { detectHeader, importRows, readTableFile, writeTableXlsx } from '../src/index'
import { buildRows, buildXlsx, encodeGbk } from '../src/test-builders'

const quick = process.argv.includes('--quick')
const rowsArg = process.argv.find((a) => a.startsWith('--rows='))
const ROWS = rowsArg !== undefined ? Number(rowsArg.slice('--rows='.length)) : quick ? 2_000 : 10_000
const RUNS = quick ? 1 : 5

const schema: TableSchema | null | undefined = findCatalogItem(
  'agricultural-subsidies.cultivated-land-protection',
)?.table
if (!schema) throw new Error('catalog table missing')
const table: TableSchema = schema

/** A county-style export: two title rows, labels unlike ours, numbers as numeric cells, a totals row. */
async function countyXlsx(n: number): Promise<Buffer> {
  const rows = buildRows(table, n)
  const header = [
    '序号',
    '户主',
    '补贴面积(亩)',
    '补贴标准（元/亩）',
    '补贴金额（元）',
    '组别',
    '身份证号',
    '户号',
    '一卡通账号',
  ]
  const body = rows.map((r, i) => [
    i + 1,
    r.name,
    r.area_mu,
    typeof r.rate_fen_per_mu === 'number' ? r.rate_fen_per_mu / 100 : null,
    typeof r.amount === 'number' ? r.amount / 100 : null,
    r.group,
    r.id_number,
    r.household_no,
    r.bank_account,
  ])
  return buildXlsx([
    {
      rows: [
        [`云溪县2026年${table.title}`],
        ['填报单位：云溪镇', null, null, null, '单位：元'],
        header,
        ...body,
        ['合计'],
      ],
      merges: ['A1:I1'],
    },
  ])
}

function countyCsv(n: number): string {
  const rows = buildRows(table, n)
  const lines = rows.map((r, i) =>
    [
      i + 1,
      r.name,
      r.area_mu,
      '',
      typeof r.amount === 'number' ? (r.amount / 100).toFixed(2) : '',
      r.group ?? '',
      r.id_number ?? '',
      r.household_no ?? '',
      r.bank_account ?? '',
    ].join(','),
  )
  return [
    `${table.title},,,,,,,,`,
    '序号,户主,补贴面积(亩),补贴标准,补贴金额（元）,组别,身份证号,户号,一卡通账号',
    ...lines,
  ].join('\r\n')
}

interface Timing {
  read: number
  detect: number
  validate: number
  total: number
}

async function measure(bytes: Uint8Array, filename: string): Promise<Timing> {
  const t0 = performance.now()
  const { sheets } = await readTableFile(bytes, { filename, maxBytes: 50 * 1024 * 1024 })
  const t1 = performance.now()
  const rows = sheets[0]?.rows ?? []
  const header = detectHeader(rows, table)
  const t2 = performance.now()
  const result = importRows(rows, table, header.mapping, { headerRow: header.headerRow ?? -1 })
  const t3 = performance.now()
  if (!result.ok)
    throw new Error(
      result.errors
        .slice(0, 3)
        .map((e) => e.message)
        .join('\n'),
    )
  if (result.rows.length !== ROWS) throw new Error(`imported ${result.rows.length} rows, expected ${ROWS}`)
  return { read: t1 - t0, detect: t2 - t1, validate: t3 - t2, total: t3 - t0 }
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0
const ms = (x: number): string => `${Math.round(x)} ms`

async function bench(label: string, bytes: Uint8Array, filename: string): Promise<string> {
  await measure(bytes, filename) // warm-up: JIT and exceljs module initialisation
  const runs: Timing[] = []
  for (let i = 0; i < RUNS; i += 1) runs.push(await measure(bytes, filename))
  const m = (k: keyof Timing): string => ms(median(runs.map((r) => r[k])))
  const size = `${(bytes.byteLength / 1024).toFixed(0)} KB`
  return `| ${label} | ${size} | ${m('read')} | ${m('detect')} | ${m('validate')} | **${m('total')}** | ${ms(Math.max(...runs.map((r) => r.total)))} |`
}

const xlsx = await countyXlsx(ROWS)
const exported = await writeTableXlsx(table, buildRows(table, ROWS), {
  title: table.title,
  totals: true,
  blankRows: 0,
})
const csv = countyCsv(ROWS)
const lines = [
  `Import of ${ROWS.toLocaleString('en-US')} rows × ${table.columns.length} columns (${table.title}), median of ${RUNS} runs after a warm-up; Node ${process.version}.`,
  '',
  '| file | size | read | detect header | validate | total | worst total |',
  '| --- | --- | --- | --- | --- | --- | --- |',
  await bench('county .xlsx (title rows, numeric cells)', xlsx, 'county.xlsx'),
  await bench('our export .xlsx (writeTableXlsx)', exported, 'export.xlsx'),
  await bench(
    '.csv UTF-8 with BOM',
    Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(csv)]),
    'county.csv',
  ),
  await bench('.csv GBK', encodeGbk(csv), 'county.csv'),
]
const start = performance.now()
await writeTableXlsx(table, buildRows(table, ROWS), { title: table.title, totals: true, blankRows: 0 })
lines.push(
  '',
  `writeTableXlsx of the same ${ROWS.toLocaleString('en-US')} rows: ${ms(performance.now() - start)}; peak RSS ${Math.round(process.resourceUsage().maxRSS / 1024)} MB.`,
)
console.log(lines.join('\n'))
