// Child process for the benchmarks: a bare Koa "hello" and the real BFF (embedded database on a temporary folder)
// on free loopback ports; prints their URLs as one JSON line. Usage: tsx scripts/bench/servers.ts
import fs from 'node:fs'
import http from 'node:http'
import os from 'node:os'
import path from 'node:path'
import type { AddressInfo } from 'node:net'
import Koa from 'koa'
import { loadConfig } from '../../bff/src/config'
import { createLogger } from '../../bff/src/logger'
import { startServer } from '../../bff/src/server'

const hello = new Koa()
hello.use((ctx) => {
  ctx.body = { hello: 'world' }
})
const bare = http.createServer(hello.callback())
await new Promise<void>((resolve) => bare.listen(0, '127.0.0.1', resolve))

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cunwu-bench-'))
const config = loadConfig({ PORT: '0', DATA_DIR: dataDir, LOG_LEVEL: 'silent', STATIC_DIR: '', NODE_ENV: 'production' })
const bff = await startServer(config, createLogger(config))

console.log(
  JSON.stringify({ bare: `http://127.0.0.1:${(bare.address() as AddressInfo).port}`, bff: bff.url, pid: process.pid }),
)
process.on('SIGTERM', async () => {
  bare.close()
  await bff.close()
  fs.rmSync(dataDir, { recursive: true, force: true })
  process.exit(0)
})
