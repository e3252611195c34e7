// Lighthouse (mobile preset) on the H5 app as a signed-in demo villager, cold cache: the home and a disclosure,
// median of N runs; prints performance, accessibility, LCP, CLS and KB transferred (Lighthouse's count, plus what the
// app's service worker downloaded for the page, which Lighthouse sees as 0 bytes: service-worker-bytes.ts). Not part
// of `npm test`.
// Usage: npm run bench:web [-- --runs 3 --pages home,disclosure --chrome /usr/bin/chromium --json out.json --h5 dir]
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { launch } from 'chrome-launcher'
import lighthouse from 'lighthouse'
import { chromium } from 'playwright-core'
import { DisclosureDtoSchema } from '@cunwu/domain'
import { loadConfig } from '../../bff/src/config'
import { createLogger } from '../../bff/src/logger'
import { startServer } from '../../bff/src/server'
import { demoPeople } from '../../bff/src/services/seed.service'
import { buildDibaoRows } from '../../bff/src/testing/factories'
import { median, parseBenchWebArgs, type BenchWebPage } from './args'
import { pageBytesViaWorker, watchWorkerDownloads, type Transfer } from './service-worker-bytes'

const options = (() => {
  try {
    return parseBenchWebArgs(process.argv.slice(2), process.env)
  } catch (err) {
    console.error(err instanceof Error ? err.message : err)
    process.exit(2)
  }
})()
const root = path.resolve(import.meta.dirname, '../..')
const h5Dir = options.h5Dir ? path.resolve(options.h5Dir) : path.join(root, 'miniapp', 'dist-h5')

/** Targets of issue-level quality: what the figures are compared against in the printout. */
const TARGETS = { performance: 90, accessibility: 95, lcpMs: 2000, cls: 0.05, transferredKb: 150 }

interface RunFigures {
  performance: number
  accessibility: number
  lcpMs: number
  cls: number
  /** Lighthouse's total-byte-weight plus what the service worker downloaded for the page (service-worker-bytes.ts). */
  transferredKb: number
  /** Of which downloaded by the service worker, which Lighthouse counts as 0. */
  viaWorkerKb: number
  fcpMs: number
  /** Total blocking time and speed index: with FCP, LCP and CLS the metrics the performance score weighs. */
  tbtMs: number
  siMs: number
  requests: number
  /** Each request's path and bytes transferred (in the --json output); the worker's downloads follow, marked. */
  transfers: Transfer[]
  /** Lighthouse's description of the largest contentful paint element and its phases (in the --json output). */
  lcpDetail: unknown
  /** The elements that moved, with their share of CLS (in the --json output). */
  clsDetail: unknown
  /** The main thread's long tasks and each script's CPU time (in the --json output): what the blocking time is made of. */
  longTasks: unknown
  bootup: unknown
}

// A given build is served as it is; otherwise miniapp/dist-h5, rebuilt first when its sources changed.
if (!options.h5Dir) {
  const ensure = spawnSync(process.execPath, [path.join(root, 'scripts', 'ensure-h5.mjs')], {
    stdio: 'inherit',
  })
  if (ensure.status !== 0) process.exit(ensure.status ?? 1)
}

// The whole system on a temporary database, as `npm start` runs it (compression and precompressed files included).
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cunwu-bench-web-'))
const config = loadConfig({
  NODE_ENV: 'test',
  PORT: '0',
  HOST: '127.0.0.1',
  DATA_DIR: dataDir,
  STATIC_DIR: h5Dir,
  LOG_LEVEL: 'silent',
  SEED_DEMO: 'true',
  NOTIFICATIONS_WORKER: 'false',
  MAINTENANCE_INTERVAL_MS: '0',
  RATE_LIMIT_DEV_PER_IP: '0',
  RATE_LIMIT_AUTH_PER_IP: '0',
})
const server = await startServer(config, createLogger(config))
const base = server.url

async function api(method: string, p: string, token: string | null, body?: unknown): Promise<unknown> {
  const res = await fetch(`${base}${p}`, {
    method,
    headers: {
      ...(token ? { Authorization: `Bearer ${token}` } : {}),
      ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  const text = await res.text()
  if (!res.ok) throw new Error(`${method} ${p}: ${res.status} ${text}`)
  return text ? (JSON.parse(text) as unknown) : undefined
}

interface Tokens {
  accessToken: string
  refreshToken: string
  expiresIn: number
}
async function signIn(userKey: string): Promise<Tokens> {
  const { code } = (await api('POST', '/api/v1/dev/login-code', null, { userKey })) as { code: string }
  return (await api('POST', '/api/v1/auth/wechat', null, { code })) as Tokens
}

// One published 低保 list of 30 households in the demo village: the villager's feed has it and its page is measured.
const village = demoPeople().find((p) => p.userKey === 'demo-secretary')?.grants[0]?.regionCode ?? ''
const secretary = (await signIn('demo-secretary')).accessToken
const township = (await signIn('demo-township')).accessToken
const draft = DisclosureDtoSchema.parse(
  await api('POST', `/api/v1/villages/${village}/disclosures`, secretary, {
    catalogItemId: 'social-assistance.dibao.approval',
    period: '2026-11',
    title: '2026年11月低保对象名单公示',
    body: '经村民代表会议评议、乡镇审核、县民政局审批，以下家庭享受低保。',
    rows: buildDibaoRows(village, 30),
  }),
)
const submitted = DisclosureDtoSchema.parse(
  await api('POST', `/api/v1/disclosures/${draft.id}/submit`, secretary),
)
await api('POST', `/api/v1/disclosures/${draft.id}/review`, township, {
  decision: 'approve',
  revision: submitted.revision,
})
// The villager has accepted the privacy policy once, as after a first sign-in; otherwise the app opens it first.
const villagerFirst = await signIn('demo-villager')
const { version } = (await api('GET', '/api/v1/privacy-policy', null)) as { version: string }
await api('POST', '/api/v1/me/privacy-consents', villagerFirst.accessToken, { version })

const urls: Record<BenchWebPage, string> = {
  home: `${base}/#/pages/index/index`,
  disclosure: `${base}/#/pages/disclosure/index?id=${draft.id}`,
}

const chrome = await launch({
  chromePath: options.chromePath,
  chromeFlags: [
    '--headless=new',
    '--no-sandbox',
    '--disable-gpu',
    '--no-first-run',
    '--disable-background-networking',
  ],
  logLevel: 'silent',
})
const cdp = await chromium.connectOverCDP(`http://127.0.0.1:${chrome.port}`)

/**
 * Cold cache, signed in: the HTTP cache, service worker and caches of the origin are cleared, and local storage holds
 * only a fresh session (as the app stores it: Taro H5 wraps values as `{ data }`).
 */
async function prepareColdSignedIn(): Promise<void> {
  const tokens = await signIn('demo-villager')
  const context = cdp.contexts()[0] ?? (await cdp.newContext())
  const page = await context.newPage()
  const session = await context.newCDPSession(page)
  await session.send('Network.clearBrowserCache')
  await session.send('Storage.clearDataForOrigin', { origin: base, storageTypes: 'all' })
  await page.goto(`${base}/api/v1/health`)
  await page.evaluate(
    (stored) => {
      localStorage.clear()
      localStorage.setItem('cw.session', stored)
    },
    JSON.stringify({ data: { ...tokens, expiresAt: Date.now() + tokens.expiresIn * 1000 } }),
  )
  await session.detach()
  await page.close()
}

// Lighthouse sometimes fails to record a trace on a loaded machine (NO_NAVSTART, NO_FCP): such a run is repeated.
const ATTEMPTS = 3

async function measure(url: string): Promise<RunFigures> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await measureOnce(url)
    } catch (err) {
      if (attempt >= ATTEMPTS) throw err
      console.warn(
        `  (run failed, repeating: ${err instanceof Error ? err.message.slice(0, 120) : String(err)})`,
      )
    }
  }
}

async function measureOnce(url: string): Promise<RunFigures> {
  await prepareColdSignedIn()
  const context = cdp.contexts()[0] ?? (await cdp.newContext())
  const worker = watchWorkerDownloads(context, base)
  const result = await lighthouse(url, {
    port: chrome.port,
    output: 'json',
    logLevel: 'error',
    onlyCategories: ['performance', 'accessibility'],
    // Storage is prepared above (cache cleared, session kept); Lighthouse's own reset would sign the villager out.
    disableStorageReset: true,
  })
  const workerDownloads = await worker.stop()
  if (!result) throw new Error('Lighthouse gave no result')
  const { lhr } = result
  if (lhr.runtimeError) throw new Error(`Lighthouse: ${lhr.runtimeError.code} ${lhr.runtimeError.message}`)
  const audit = (id: string) => lhr.audits[id]?.numericValue ?? Number.NaN
  const details = lhr.audits['network-requests']?.details
  const items: Record<string, unknown>[] =
    details && 'items' in details && Array.isArray(details.items) ? details.items : []
  const transfers = items.map((item) => ({
    url: String(item.url ?? '').replace(base, ''),
    kb: Number((Number(item.transferSize ?? 0) / 1024).toFixed(1)),
  }))
  const viaWorker = pageBytesViaWorker(transfers, workerDownloads)
  const viaWorkerKb = Number(viaWorker.reduce((sum, t) => sum + t.kb, 0).toFixed(1))
  return {
    performance: Math.round((lhr.categories.performance?.score ?? 0) * 100),
    accessibility: Math.round((lhr.categories.accessibility?.score ?? 0) * 100),
    lcpMs: Math.round(audit('largest-contentful-paint')),
    cls: Number(audit('cumulative-layout-shift').toFixed(3)),
    fcpMs: Math.round(audit('first-contentful-paint')),
    tbtMs: Math.round(audit('total-blocking-time')),
    siMs: Math.round(audit('speed-index')),
    transferredKb: Number((audit('total-byte-weight') / 1024 + viaWorkerKb).toFixed(1)),
    viaWorkerKb,
    requests: items.length,
    lcpDetail: lhr.audits['largest-contentful-paint-element']?.details ?? null,
    clsDetail: lhr.audits['layout-shifts']?.details ?? null,
    longTasks: lhr.audits['long-tasks']?.details ?? null,
    bootup: lhr.audits['bootup-time']?.details ?? null,
    transfers: [...transfers, ...viaWorker.map((t) => ({ ...t, url: `${t.url} (service worker)` }))],
  }
}

const load = os.loadavg().map((l) => l.toFixed(2))
console.log(
  `bench:web: Lighthouse mobile preset (simulated slow 4G, 4× CPU), ${options.runs} run(s) per page, cold cache; load ${load.join(' ')}, ${os.cpus().length} CPUs`,
)
const all: Record<string, RunFigures[]> = {}
try {
  for (const page of options.pages) {
    all[page] = []
    for (let i = 0; i < options.runs; i += 1) {
      const figures = await measure(urls[page])
      all[page].push(figures)
      const {
        transfers: _transfers,
        lcpDetail: _lcpDetail,
        clsDetail: _clsDetail,
        longTasks: _longTasks,
        bootup: _bootup,
        ...shown
      } = figures
      console.log(`  ${page} run ${i + 1}: ${JSON.stringify(shown)}`)
    }
  }
} finally {
  await cdp.close().catch(() => undefined)
  chrome.kill()
  await server.close()
  fs.rmSync(dataDir, { recursive: true, force: true })
}

const mark = (ok: boolean) => (ok ? 'ok' : 'MISSED')
console.log('\n| page | performance | accessibility | LCP | CLS | transferred | FCP | TBT | SI | requests |')
console.log('| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |')
let missed = 0
for (const [page, runs] of Object.entries(all)) {
  const m = (
    key: Exclude<keyof RunFigures, 'transfers' | 'lcpDetail' | 'clsDetail' | 'longTasks' | 'bootup'>,
  ) => median(runs.map((r) => r[key]))
  const checks = [
    m('performance') >= TARGETS.performance,
    m('accessibility') >= TARGETS.accessibility,
    m('lcpMs') <= TARGETS.lcpMs,
    m('cls') <= TARGETS.cls,
    m('transferredKb') <= TARGETS.transferredKb,
  ]
  missed += checks.filter((c) => !c).length
  const [perf, a11y, lcp, cls, kb] = checks.map(mark)
  console.log(
    `| ${page} | ${m('performance')} (${perf}) | ${m('accessibility')} (${a11y}) | ${(m('lcpMs') / 1000).toFixed(2)} s (${lcp}) | ${m('cls')} (${cls}) | ${m('transferredKb')} KB (${kb}) | ${(m('fcpMs') / 1000).toFixed(2)} s | ${m('tbtMs')} ms | ${(m('siMs') / 1000).toFixed(2)} s | ${m('requests')} |`,
  )
}
console.log(
  `targets: performance ≥ ${TARGETS.performance}, accessibility ≥ ${TARGETS.accessibility}, LCP ≤ ${TARGETS.lcpMs / 1000} s, CLS ≤ ${TARGETS.cls}, ≤ ${TARGETS.transferredKb} KB; load after: ${os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`,
)
if (options.jsonPath) fs.writeFileSync(options.jsonPath, JSON.stringify({ load, runs: all }, null, 2))
process.exitCode = missed > 0 ? 1 : 0
