// Measures search tokenizing and schedule expansion. Usage: npx tsx bff/src/lib/search/tokenize.bench.ts
import { performance } from 'node:perf_hooks'
import type { ScheduledItem } from '@cunwu/domain'
import { expectedDisclosures, listCatalogItems } from '@cunwu/domain'
import { getWorkingCalendar } from '../calendar/working-calendar'
import { buildSearchIndexFields } from './search-index'
import { tokenize, warmUpTokenizer } from './tokenize'

const PARAGRAPH =
  '根据《村民委员会组织法》和《山东省村务公开条例》，经村务监督委员会审核，现将本村2026年第三季度村务公开如下：' +
  '一、最低生活保障对象共12户23人，月保障金额合计8,650元；二、特困人员供养3人；三、农村危房改造4户，每户补助2.5万元；' +
  '四、村集体资产租赁收入12.5万元，村道维修支出3.2万元，保洁费用0.8万元；五、高龄津贴发放名单已在村务公开栏公示。' +
  '如有异议，请于公示期内向村务监督委员会反映，联系电话0531-12345678。'

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN
}

function time(run: () => void, rounds: number): { median: number; min: number } {
  const samples: number[] = []
  for (let i = 0; i < rounds; i += 1) {
    const start = performance.now()
    run()
    samples.push(performance.now() - start)
  }
  return { median: median(samples), min: Math.min(...samples) }
}

const fmt = (ms: number) => `${ms.toFixed(2)} ms`

// 1. Tokenizing a 2,000-character disclosure.
const text = PARAGRAPH.repeat(Math.ceil(2000 / PARAGRAPH.length)).slice(0, 2000)
let start = performance.now()
warmUpTokenizer()
console.log(`jieba dictionary load (once per process): ${fmt(performance.now() - start)}`)
const tokens = tokenize(text)
const tok = time(() => tokenize(text), 200)
console.log(
  `tokenize(${text.length} chars) -> ${tokens.length} tokens: median ${fmt(tok.median)}, min ${fmt(tok.min)} (200 runs)`,
)
const fields = time(
  () =>
    buildSearchIndexFields({
      title: '2026年第三季度村务公开',
      body: text,
      categories: ['村务公开', '其他事项'],
    }),
  200,
)
console.log(
  `buildSearchIndexFields(title + 2,000-char body + 2 categories): median ${fmt(fields.median)} (200 runs)`,
)

// 2. expectedDisclosures for 700 villages x 40 items x 1 year.
const catalogPeriodic = listCatalogItems({ level: 'village' }).filter(
  (item) => item.schedule !== null && item.schedule.cadence !== 'immediate',
)
function buildItems(source: readonly ScheduledItem[]): ScheduledItem[] {
  return Array.from({ length: 40 }, (_, i) => {
    const base = source[i % source.length]
    if (base === undefined) throw new Error('no periodic items in the catalog')
    return { ...base, id: `${base.id}.bench-${i}` }
  })
}
const mixed = buildItems(catalogPeriodic)
const monthlyOnly = buildItems(catalogPeriodic.filter((item) => item.schedule?.cadence === 'monthly'))
const villages = Array.from(
  { length: 700 },
  (_, i) => `220581${String(100 + Math.floor(i / 30)).padStart(3, '0')}${String(200 + (i % 30))}`,
)
const calendar = getWorkingCalendar()

function expandAll(items: readonly ScheduledItem[]): number {
  let n = 0
  for (const regionCode of villages) {
    n += expectedDisclosures(
      items,
      { regionCode, level: 'village', from: '2026-01-01', to: '2026-12-31' },
      calendar,
    ).length
  }
  return n
}

for (const [label, items] of [
  [`catalog mix (${catalogPeriodic.length} periodic village items cycled to 40)`, mixed],
  ['all 40 monthly', monthlyOnly],
] as const) {
  start = performance.now()
  const count = expandAll(items)
  const first = performance.now() - start
  const warm = time(() => expandAll(items), 5)
  console.log(
    `expectedDisclosures 700 villages x 40 items x 2026, ${label}: ${count} expected; first run ${fmt(first)}, then median ${fmt(warm.median)} (5 runs)`,
  )
}
