/**
 * Poster drawing: time and size of a 30-row and a 300-row 低保 poster (A4), and of writing the same tables as CSV
 * and .xlsx, in one run so the ratios compare. Run: `npx tsx bff/bench/posters.bench.ts`.
 */
import { loadavg } from 'node:os'
import type { DisclosureDto } from '@cunwu/domain'
import { renderPoster } from '../src/presenters/poster.presenter'
import { sheetOfTable, writeSheet } from '../src/presenters/open-data.presenter'

function dto(rows: number): DisclosureDto {
  const list = Array.from({ length: rows }, (_, i) => ({
    name: `张秀${String(i).padStart(3, '0')}`,
    household_size: 1 + (i % 4),
    amount: 58_000 + i * 10,
    group: `第${1 + (i % 5)}组`,
    id_number: '3609**********1234',
  }))
  return {
    id: '0123456789abcdef01234567',
    regionCode: '360999001001',
    regionName: '云溪村',
    catalogItemId: 'x',
    catalogItemName: '最低生活保障审批',
    domainId: 'x',
    period: '2026-Q1',
    version: 1,
    status: 'published',
    title: '2026年第一季度低保名单公示',
    body: '经村民代表会议民主评议，现将本季度低保名单公示如下。',
    interpretation: null,
    figures: [{ name: '低保标准', value: 900, unit: '元/月' }],
    table: {
      title: '低保名单',
      columns: [
        { key: 'name', label: '申请人姓名', type: 'text', masked: false },
        { key: 'household_size', label: '家庭人数', type: 'integer', masked: false, unit: '人' },
        { key: 'amount', label: '月保障金', type: 'amount_fen', masked: false, total: true },
        { key: 'group', label: '组别', type: 'text', masked: false },
        { key: 'id_number', label: '身份证号', type: 'id_number', masked: true },
      ],
      rows: list,
      totals: { amount: list.reduce((s, r) => s + r.amount, 0) },
      rowCount: rows,
      omittedRowCount: 0,
    },
    attachments: [],
    changeNote: null,
    publishedAt: new Date().toISOString(),
    postingUntil: new Date(Date.now() + 7 * 86_400_000).toISOString(),
    retractReason: null,
    reviewComment: null,
    alignment: { status: 'unknown', label: '暂无对照信息' },
  }
}

async function time(label: string, runs: number, fn: () => Promise<Buffer>): Promise<number> {
  await fn() // warm-up: font load, module compile
  const start = performance.now()
  let size = 0
  for (let i = 0; i < runs; i++) size = (await fn()).length
  const ms = (performance.now() - start) / runs
  console.log(`${label}: ${ms.toFixed(1)} ms, ${(size / 1024).toFixed(1)} KB`)
  return ms
}

const RUNS = 10
const options = {
  size: 'A4' as const,
  link: 'https://example.cn/api/v1/p/0123456789abcdef01234567',
  printedAt: new Date(),
}
console.log(
  `load average ${loadavg()
    .map((x) => x.toFixed(1))
    .join(' ')}, ${RUNS} runs each`,
)
const p30 = await time('poster 30 rows', RUNS, () => renderPoster(dto(30), options))
const p300 = await time('poster 300 rows', RUNS, () => renderPoster(dto(300), options))
const t300 = dto(300).table
if (!t300) throw new Error('no table')
const csv = await time('csv 300 rows', RUNS, () => writeSheet(sheetOfTable(t300), 'csv'))
const xlsx = await time('xlsx 300 rows', RUNS, () => writeSheet(sheetOfTable(t300), 'xlsx'))
console.log(
  `ratios: poster 300/30 ${(p300 / p30).toFixed(1)}x; poster 300 / csv 300 ${(p300 / csv).toFixed(0)}x; xlsx/csv ${(xlsx / csv).toFixed(1)}x`,
)
