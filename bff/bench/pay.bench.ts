/**
 * WeChat Pay bench: callback handling under 50 parallel duplicate deliveries from the simulator, and
 * reconciliation of a 10,000-line trade bill. Prints markdown for BENCHMARKS.md.
 * usage (from the repo root): npx tsx bff/bench/pay.bench.ts [--quick]
 */
import os from 'node:os'
import request from 'supertest'
import { shanghaiDateOf } from '@cunwu/domain'
import { renderTradeBill } from '@cunwu/wechat-sim/src/pay/bill'
import type { BillLine as SimBillLine } from '@cunwu/wechat-sim/src/pay/bill'
import { buildPayTestApp, dueDateAhead, eventually } from '../src/testing/pay'
import { signIn } from '../src/testing/sign-in'
import { demoPeople } from '../src/services/seed.service'
import { parseTradeBill } from '../src/services/reconciliation.service'

const quick = process.argv.includes('--quick')
const ROUNDS = quick ? 5 : 20
const DUPLICATES = 50
const BILL_LINES = 10_000
const RUNS = quick ? 1 : 3
const V1 = demoPeople().find((p) => p.userKey === 'demo-secretary')?.grants[0]?.regionCode ?? ''

function pct(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0
}
const ms = (n: number) => `${n.toFixed(1)} ms`

async function main(): Promise<void> {
  const t = await buildPayTestApp()
  const services = t.services
  if (!services) throw new Error('no database')
  const api = () => request(t.app.callback())
  const secretary = (await signIn(t.app, 'demo-secretary')).auth
  const villager = (await signIn(t.app, 'demo-villager')).auth

  // 1. Callbacks: each round, one order paid and its callback delivered 50 times at once.
  const orders: string[] = []
  const wall: number[] = []
  for (let r = 0; r < ROUNDS; r++) {
    const charge = await api()
      .post(`/api/v1/villages/${V1}/charges`)
      .set('Authorization', secretary)
      .send({
        title: `卫生费${r}`,
        unit: 'household',
        unitAmountFen: 1000 + r,
        category: '卫生费',
        payers: [{ householdNo: '001' }],
        dueDate: dueDateAhead(),
        basis: { text: '村民代表会议决议' },
      })
    const pay = await api()
      .post(`/api/v1/charges/${charge.body.id}/pay`)
      .set('Authorization', villager)
      .send({})
    const before = t.answers.length
    const started = performance.now()
    t.sim.control.payOrder(pay.body.outTradeNo, { duplicates: DUPLICATES - 1, parallel: true })
    await eventually(() => t.answers.length - before >= DUPLICATES, 30_000)
    wall.push(performance.now() - started)
    orders.push(pay.body.outTradeNo)
  }
  const sorted = [...t.timings].sort((a, b) => a - b)
  const non204 = t.answers.filter((s) => s !== 204).length
  const entries = await services.models.LedgerEntry.countDocuments({
    sourceRef: { $in: orders.map((o) => `payment:${o}`) },
  })
  wall.sort((a, b) => a - b)

  // 2. Reconciliation: 10,000 booked payments against a 10,000-line ALL bill rendered by the simulator's code.
  const date = shanghaiDateOf(t.sim.control.now() - 3 * 86_400_000)
  const appid = t.sim.control.apps()[0]?.appid ?? ''
  const mchid = t.sim.control.payKeys().mchid
  const docs = []
  const lines: SimBillLine[] = []
  const time = Date.parse(`${date}T12:00:00+08:00`)
  for (let i = 0; i < BILL_LINES; i++) {
    const outTradeNo = `P${V1}bench${String(i).padStart(6, '0')}`
    const amount = 100 + (i % 5000)
    docs.push({
      villageCode: V1,
      section: 'income',
      date,
      month: date.slice(0, 7),
      amountFen: amount,
      summary: `卫生费（${i}户）`,
      category: '卫生费',
      source: 'payment',
      sourceRef: `payment:${outTradeNo}`,
      outTradeNo,
    })
    // Ten lines differ in amount, so the comparison has work to report.
    lines.push({
      kind: 'SUCCESS',
      time: time + i,
      appid,
      mchid,
      transactionId: `42000${String(i).padStart(23, '0')}`,
      outTradeNo,
      openid: 'o'.repeat(28),
      description: '卫生费',
      attach: V1,
      totalFen: i % 1000 === 0 ? amount + 1 : amount,
    })
  }
  await services.models.LedgerEntry.insertMany(docs)
  const csv = renderTradeBill(lines, 'ALL', 0.006)
  const runs: { parse: number; compare: number; total: number; diffs: number }[] = []
  // One warm-up run first: the embedded engine is still committing the 10,000 inserts.
  for (let r = -1; r < RUNS; r++) {
    const t0 = performance.now()
    const parsed = parseTradeBill(csv)
    const t1 = performance.now()
    const report = await services.pay.reconciliation.reconcileWith(V1, date, {
      hash: 'bench',
      lines: parsed,
    })
    const t2 = performance.now()
    if (r >= 0)
      runs.push({ parse: t1 - t0, compare: t2 - t1, total: t2 - t0, diffs: report.differences.length })
  }
  runs.sort((a, b) => a.total - b.total)
  const median = runs[Math.floor(runs.length / 2)]

  // 3. End to end on the simulator's real bill of the callback rounds (download, SHA1, parse, compare, store).
  t.sim.control.advanceClock(2 * 86_400_000)
  const e2eStart = performance.now()
  const real = await services.pay.reconciliation.run(V1, shanghaiDateOf(t.sim.control.now() - 2 * 86_400_000))
  const e2e = performance.now() - e2eStart

  const out = [
    `Run ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC, Node ${process.version}, ${os.cpus().length} cores, load average ${os.loadavg()[0]?.toFixed(1)}${quick ? ' (--quick)' : ''}.`,
    '',
    `Callbacks: ${ROUNDS} orders, each paid once and its TRANSACTION.SUCCESS callback delivered ${DUPLICATES} times in parallel by the simulator (signed, encrypted, over loopback HTTP) to the app; time per delivery measured from arrival to answer.`,
    '',
    '| deliveries | answered 204 | ledger entries per order | p50 | p99 (WeChat deadline 5 s) | max | 50 deliveries, wall (median) |',
    '| --- | --- | --- | --- | --- | --- | --- |',
    `| ${t.timings.length} | ${t.timings.length - non204} | ${(entries / ROUNDS).toFixed(0)} | ${ms(pct(sorted, 50))} | **${ms(pct(sorted, 99))}** | ${ms(sorted.at(-1) ?? 0)} | ${ms(pct(wall, 50))} |`,
    '',
    `Reconciliation: ${BILL_LINES.toLocaleString('en')} booked payments against a ${BILL_LINES.toLocaleString('en')}-line ALL bill (${(csv.length / 1024).toFixed(0)} KB, rendered by the simulator's own bill code; 10 lines differ), median of ${RUNS} after a warm-up:`,
    '',
    '| parse CSV | compare + store report | **total (target ≤ 2 s)** | differences found |',
    '| --- | --- | --- | --- |',
    `| ${ms(median?.parse ?? 0)} | ${ms(median?.compare ?? 0)} | **${ms(median?.total ?? 0)}** | ${median?.diffs ?? 0} |`,
    '',
    `End to end on the simulator's bill of the callback rounds (apply, download, SHA1 check, parse, compare, store): ${real.billLines} lines, status ${real.status}, ${ms(e2e)}.`,
  ]
  console.log(out.join('\n'))
  await t.close()
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err)
    process.exit(1)
  },
)
