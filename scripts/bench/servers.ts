// Child process for the benchmarks: a bare Koa "hello" and the real BFF (embedded database on a temporary folder,
// 20 published disclosures in one village) on free loopback ports; prints their URLs as one JSON line.
// Usage: tsx scripts/bench/servers.ts
import fs from 'node:fs'
import http from 'node:http'
import os from 'node:os'
import path from 'node:path'
import type { AddressInfo } from 'node:net'
import Koa from 'koa'
import { loadConfig } from '../../bff/src/config'
import { createLogger } from '../../bff/src/logger'
import { startServer } from '../../bff/src/server'
import { SYSTEM_ACTOR } from '../../bff/src/services/audit.service'
import { demoPeople } from '../../bff/src/services/seed.service'
import { buildDibaoRows, dibaoItem } from '../../bff/src/testing/factories'

const hello = new Koa()
// `/feed-copy` serves the very bytes of the BFF's feed page, so the client's cost of reading a 13 KB answer is
// the same on both sides and the ratio shows the BFF's own overhead.
let feedCopy = '{}'
hello.use((ctx) => {
  if (ctx.path === '/feed-copy') {
    ctx.type = 'application/json'
    ctx.body = feedCopy
    return
  }
  ctx.body = { hello: 'world' }
})
const bare = http.createServer(hello.callback())
await new Promise<void>((resolve) => bare.listen(0, '127.0.0.1', resolve))

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cunwu-bench-'))
const config = loadConfig({
  PORT: '0',
  DATA_DIR: dataDir,
  LOG_LEVEL: 'silent',
  STATIC_DIR: '',
  NODE_ENV: 'production',
  // The production build's settings on the WeChat simulator (no /dev/* routes: the bench signs in nobody).
  ALLOW_WECHAT_SIM_IN_PRODUCTION: 'true',
  JWT_SECRET: 'bench-secret-bench-secret-bench-secret-01',
  PUBLIC_BASE_URL: 'https://cunwu.bench.invalid',
  SEED_DEMO: 'true',
  NOTIFICATIONS_WORKER: 'false',
  MAINTENANCE_INTERVAL_MS: '0',
})
const bff = await startServer(config, createLogger(config))

// Twenty published 低保 lists (one per month) in the demo village: the feed's first page.
const services = bff.runtime.services
const village = demoPeople().find((p) => p.userKey === 'demo-secretary')?.grants[0]?.regionCode ?? ''
if (services) {
  const secretary = await services.models.User.findOne({ demoUserKey: 'demo-secretary' }).lean()
  const township = await services.models.User.findOne({ demoUserKey: 'demo-township' }).lean()
  if (!secretary || !township) throw new Error('demo people missing')
  for (let i = 0; i < 20; i++) {
    const period = `${2024 + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`
    const d = await services.disclosures.create(
      village,
      {
        catalogItemId: dibaoItem().id,
        period,
        title: `${period} 低保对象名单公示`,
        body: '经村民代表会议评议，现予公示。',
        interpretation: null,
        rows: buildDibaoRows(village, 30),
      },
      secretary,
      SYSTEM_ACTOR,
    )
    await services.disclosures.submit(d._id.toHexString(), SYSTEM_ACTOR)
    await services.disclosures.review(d._id.toHexString(), { decision: 'approve' }, township, SYSTEM_ACTOR)
  }
}

feedCopy = await (await fetch(`${bff.url}/api/v1/villages/${village}/feed?limit=20`)).text()

console.log(
  JSON.stringify({
    bare: `http://127.0.0.1:${(bare.address() as AddressInfo).port}`,
    bff: bff.url,
    village,
    pid: process.pid,
  }),
)
process.on('SIGTERM', async () => {
  bare.close()
  await bff.close()
  fs.rmSync(dataDir, { recursive: true, force: true })
  process.exit(0)
})
