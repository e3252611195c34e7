import fs from 'node:fs'
import http from 'node:http'
import path from 'node:path'
import zlib from 'node:zlib'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser } from 'playwright-core'
import { DisclosureDtoSchema } from '@cunwu/domain'
import { demoPeople } from '../../bff/src/services/seed.service'
import { buildDibaoRows } from '../../bff/src/testing/factories'
import { seriousAxeViolations } from './axe'
import { apiAs, h5Dir, launchBrowser, screenshot, signInAs, startSystem, visible } from './harness'
import type { System } from './harness'
import { seenRevision } from './seen-revision'

/**
 * Weak networks in the browser: the built assets arrive precompressed with long-lived caching, and a disclosure
 * read once opens again with the network off (service worker for the app, the request wrapper's cache for the
 * data), labelled 离线查看.
 */
const TITLE = '云溪村低保对象名单公示（离线测试）'
/** A 1×1 PNG. */
const PNG_1X1 =
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=='
const village = demoPeople().find((p) => p.userKey === 'demo-secretary')?.grants[0]?.regionCode ?? ''

interface RawAnswer {
  status: number
  headers: http.IncomingHttpHeaders
  body: Buffer
}

/** GET with exactly these headers, answering the bytes as sent. */
function rawGet(url: string, headers: Record<string, string>): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { headers }, (res) => {
        const chunks: Buffer[] = []
        res.on('data', (c: Buffer) => chunks.push(c))
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
        )
      })
      .on('error', reject)
  })
}

describe('H5 on weak networks and offline', () => {
  let system: System
  let browser: Browser
  let disclosureId = ''

  beforeAll(async () => {
    system = await startSystem()
    browser = await launchBrowser()
    const secretary = await apiAs(system, 'demo-secretary')
    const township = await apiAs(system, 'demo-township')
    const created = await secretary('POST', `/api/v1/villages/${village}/disclosures`, {
      catalogItemId: 'social-assistance.dibao.approval',
      period: '2026-11',
      title: TITLE,
      body: '经村民代表会议评议、乡镇审核，以下家庭享受低保。',
      rows: buildDibaoRows(village, 5),
    })
    expect(created.status).toBe(201)
    disclosureId = DisclosureDtoSchema.parse(created.body).id
    // A photo of the notice board: attachments are multipart uploads, outside the JSON caller.
    const { code } = (await (
      await fetch(`${system.server.url}/api/v1/dev/login-code`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ userKey: 'demo-secretary' }),
      })
    ).json()) as { code: string }
    const { accessToken } = (await (
      await fetch(`${system.server.url}/api/v1/auth/wechat`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ code }),
      })
    ).json()) as { accessToken: string }
    const form = new FormData()
    form.append('file', new Blob([Buffer.from(PNG_1X1, 'base64')], { type: 'image/png' }), '公示栏照片.png')
    const upload = await fetch(`${system.server.url}/api/v1/disclosures/${disclosureId}/attachments`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${accessToken}` },
      body: form,
    })
    expect(upload.status).toBe(201)
    expect((await secretary('POST', `/api/v1/disclosures/${disclosureId}/submit`)).status).toBe(200)
    const review = await township('POST', `/api/v1/disclosures/${disclosureId}/review`, {
      decision: 'approve',
      revision: await seenRevision(township, disclosureId),
    })
    expect(review.status).toBe(200)
  })
  afterAll(async () => {
    await browser?.close()
    await system?.stop()
  })

  it('should serve the built scripts and styles precompressed, hashed and immutable', async () => {
    const base = system.server.url
    const html = fs.readFileSync(path.join(h5Dir, 'index.html'), 'utf8')
    const assets = [...html.matchAll(/(?:src|href)="(\/(?:js|css)\/[^"]+)"/g)].map((m) => m[1] ?? '')
    expect(assets.length).toBeGreaterThanOrEqual(2)
    for (const asset of assets) {
      const original = fs.readFileSync(path.join(h5Dir, asset))
      // Files under 1 KB are sent as they are (scripts/precompress-h5.mjs).
      if (original.length < 1024) continue
      const br = await rawGet(`${base}${asset}`, { 'Accept-Encoding': 'gzip, deflate, br' })
      expect(br.status, asset).toBe(200)
      expect(br.headers['content-encoding'], asset).toBe('br')
      expect(br.headers.vary, asset).toMatch(/Accept-Encoding/i)
      expect(br.headers['cache-control'], asset).toBe('public, max-age=31536000, immutable')
      expect(zlib.brotliDecompressSync(br.body).equals(original), asset).toBe(true)
      const gz = await rawGet(`${base}${asset}`, { 'Accept-Encoding': 'gzip' })
      expect(gz.headers['content-encoding'], asset).toBe('gzip')
      expect(zlib.gunzipSync(gz.body).equals(original), asset).toBe(true)
    }
    // index.html (under 1 KB, sent as it is) and the service worker are revalidated on every load.
    const page = await rawGet(`${base}/`, { 'Accept-Encoding': 'br' })
    expect(page.status).toBe(200)
    expect(page.headers['cache-control']).toBe('no-cache')
    const worker = await rawGet(`${base}/sw.js`, { 'Accept-Encoding': 'br' })
    expect(worker.status).toBe(200)
    expect(worker.headers['content-encoding']).toBe('br')
    expect(worker.headers['cache-control']).toBe('no-cache')
  })

  it('should load the image viewer only when an image is opened', async () => {
    const base = system.server.url
    const context = await browser.newContext({ viewport: { width: 360, height: 640 } })
    const page = await context.newPage()
    const scripts: string[] = []
    page.on('request', (r) => {
      if (r.resourceType() === 'script') scripts.push(new URL(r.url()).pathname)
    })
    await signInAs(page, base, 'demo-villager')
    await page.goto(`${base}/#/pages/disclosure/index?id=${disclosureId}`, { waitUntil: 'load' })
    const attachment = visible(page, '.cw-disclosure__attachment')
    await attachment.waitFor({ timeout: 20_000 })
    // Taro's viewer brings the Swiper library (about 50 KB brotli): not part of the page until it is needed.
    expect(scripts.filter((s) => s.includes('preview-image'))).toEqual([])
    await attachment.click()
    await page.locator('taro-swiper-core').first().waitFor({ state: 'attached', timeout: 15_000 })
    expect(scripts.filter((s) => /\/js\/preview-image\.[0-9a-f]+\.js$/.test(s))).toHaveLength(1)
    await context.close()
  })

  it('should reopen a disclosure read before with the network off, labelled 离线查看', async () => {
    const base = system.server.url
    const context = await browser.newContext({ viewport: { width: 360, height: 640 }, deviceScaleFactor: 2 })
    const page = await context.newPage()
    const encodings: string[] = []
    page.on('response', (r) => {
      if (/\/js\/app\.[0-9a-f]+\.js$/.test(r.url())) encodings.push(r.headers()['content-encoding'] ?? 'none')
    })
    await signInAs(page, base, 'demo-villager')
    // The browser itself is sent a compressed copy of the app's script.
    expect(encodings.length).toBeGreaterThan(0)
    expect(['br', 'gzip']).toContain(encodings[0])

    const itemUrl = `${base}/#/pages/disclosure/index?id=${disclosureId}`
    await page.goto(itemUrl, { waitUntil: 'load' })
    const title = visible(page, '.cw-disclosure__title')
    await title.waitFor({ timeout: 20_000 })
    expect(await title.innerText()).toBe(TITLE)
    expect(await visible(page, '.cw-offline-label').count()).toBe(0)
    // The worker is installed (shell precached) and the chunks of this first visit are in its cache.
    const kept = await page.evaluate(async () => {
      await navigator.serviceWorker.ready
      for (let i = 0; i < 50; i += 1) {
        const keys = await (await caches.open('cw-chunks')).keys()
        if (keys.some((k) => /\/js\/app\./.test(k.url))) return keys.length
        await new Promise((resolve) => setTimeout(resolve, 100))
      }
      return 0
    })
    expect(kept).toBeGreaterThan(0)

    await context.setOffline(true)
    await page.reload({ waitUntil: 'load' })
    await title.waitFor({ timeout: 20_000 })
    expect(await title.innerText()).toBe(TITLE)
    const label = visible(page, '.cw-offline-label')
    await label.waitFor({ timeout: 10_000 })
    expect(await label.innerText()).toMatch(/离线查看 · 更新于 \d{1,2}月\d{1,2}日 \d\d:\d\d/)
    expect(await visible(page, '.cw-dtable').count()).toBe(1)
    expect(await visible(page, '.cw-state--error').count()).toBe(0)
    await screenshot(page, 'offline-01-disclosure-offline')
    expect(await seriousAxeViolations(page)).toEqual([])

    // The home, opened at sign-in, shows the village feed kept on the phone, labelled too.
    await page.goto(`${base}/#/pages/index/index`, { waitUntil: 'load' })
    await page.reload({ waitUntil: 'load' })
    const card = visible(page, '.cw-dcard').filter({ hasText: TITLE })
    await card.waitFor({ timeout: 20_000 })
    const feedLabel = visible(page, '.cw-feed .cw-offline-label')
    await feedLabel.waitFor({ timeout: 10_000 })
    expect(await feedLabel.innerText()).toMatch(/离线查看 · 更新于/)
    await screenshot(page, 'offline-02-home-offline')
    expect(await seriousAxeViolations(page)).toEqual([])

    // Back online, the same page is fresh again and the label goes.
    await context.setOffline(false)
    await page.goto(itemUrl, { waitUntil: 'load' })
    await page.reload({ waitUntil: 'load' })
    await title.waitFor({ timeout: 20_000 })
    await page.waitForTimeout(500)
    expect(await visible(page, '.cw-offline-label').count()).toBe(0)
    await context.close()
  })
})
