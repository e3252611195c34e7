// Measures the scrubber of public text against native NFKC of the same text. Usage: npx tsx packages/domain/src/privacy/scrub.bench.ts
import { performance } from 'node:perf_hooks'
import { redactSensitiveNumbers } from './scan'

/** A disclosure body as secretaries write them: amounts, dates, a landline, and one mobile typed with spaces. */
const PARAGRAPH =
  '根据《村民委员会组织法》和《山东省村务公开条例》，经村务监督委员会审核，现将本村2026年第三季度村务公开如下：' +
  '一、最低生活保障对象共12户23人，月保障金额合计8,650元；二、特困人员供养3人；三、农村危房改造4户，每户补助2.5万元；' +
  '如有异议，请于公示期内向村务监督委员会反映，联系电话0531-12345678，或联系村委会 139 0431 1000。'
const BODY = PARAGRAPH.repeat(10)
const NO_DIGITS = BODY.replace(/[0-9]/g, '')
/** The worst case: a pasted roster, one personal number every 50 characters. */
const DENSE = '低保户张三，身份证 220581196009181447，卡号６２２２ ０２１２ ３４５６ ７８９４。'.repeat(250)

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN
}

function time(run: () => void, rounds: number): number {
  for (let i = 0; i < 5; i += 1) run()
  const samples: number[] = []
  for (let i = 0; i < rounds; i += 1) {
    const start = performance.now()
    run()
    samples.push(performance.now() - start)
  }
  return median(samples)
}

console.log('| text | characters | scrub (median) | native NFKC (median) | scrub / NFKC |')
console.log('|---|---:|---:|---:|---:|')
for (const [name, text] of [
  ['disclosure body, 1 mobile per 200 characters', BODY],
  ['the same without digits', NO_DIGITS],
  ['pasted roster, 2 numbers per 50 characters', DENSE],
] as const) {
  const scrub = time(() => redactSensitiveNumbers(text), 50)
  const nfkc = time(() => text.normalize('NFKC'), 50)
  console.log(
    `| ${name} | ${text.length} | ${scrub.toFixed(3)} ms | ${nfkc.toFixed(3)} ms | ${(scrub / nfkc).toFixed(1)} |`,
  )
}
// A feed page presents 20 disclosures: title and body of each go through the scrubber once per 5-second cache period.
const page = time(() => {
  for (let i = 0; i < 20; i += 1) redactSensitiveNumbers(BODY)
}, 20)
console.log(`\nfeed page (20 bodies of ${BODY.length} characters): ${page.toFixed(2)} ms`)
