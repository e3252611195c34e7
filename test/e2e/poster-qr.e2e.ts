import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import jsQR from 'jsqr'
import { PNG } from 'pngjs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser } from 'playwright-core'
import { DEMO_REGIONS } from '@cunwu/domain'
import { buildDibaoRows, dibaoItem } from '../../bff/src/testing/factories'
import { apiAs, button, launchBrowser, openPhonePage, screenshot, startSystem, visible } from './harness'
import type { ApiCall, System } from './harness'
import { seenRevision } from './seen-revision'

const TITLE = '2026年第一季度低保名单（扫码测试）'

/**
 * What a phone camera does with a printed poster: the PDF's first sheet rendered to an image by poppler's pdftoppm
 * at 100 dpi (the poster is vector; this is the pixel image a camera would see), and the QR code on it decoded by
 * jsQR.
 */
function scanPoster(pdf: Buffer, dir: string): string {
  const base = path.join(dir, `poster-${Date.now()}`)
  fs.writeFileSync(`${base}.pdf`, pdf)
  execFileSync('pdftoppm', ['-r', '100', '-png', '-singlefile', '-f', '1', '-l', '1', `${base}.pdf`, base])
  const png = PNG.sync.read(fs.readFileSync(`${base}.png`))
  const code = jsQR(new Uint8ClampedArray(png.data), png.width, png.height)
  if (!code) throw new Error('no QR code found on the poster')
  return code.data
}

describe('a printed poster’s QR code, scanned', () => {
  let system: System
  let browser: Browser
  let secretary: ApiCall
  let township: ApiCall
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cunwu-poster-qr-'))
  const village = DEMO_REGIONS.find((r) => r.name === '云溪村委会' && r.level === 'village')

  async function publish(id: string): Promise<void> {
    const submitted = await secretary('POST', `/api/v1/disclosures/${id}/submit`, {
      confirmRosterMismatches: true,
    })
    expect(submitted.status).toBe(200)
    const approved = await township('POST', `/api/v1/disclosures/${id}/review`, {
      decision: 'approve',
      revision: await seenRevision(township, id),
    })
    expect(approved.status).toBe(200)
  }

  async function posterOf(id: string): Promise<Buffer> {
    const res = await fetch(`${system.server.url}/api/v1/disclosures/${id}/poster.pdf?size=A4`)
    expect(res.status).toBe(200)
    return Buffer.from(await res.arrayBuffer())
  }

  beforeAll(async () => {
    system = await startSystem()
    browser = await launchBrowser()
    secretary = await apiAs(system, 'demo-secretary')
    township = await apiAs(system, 'demo-township')
  })
  afterAll(async () => {
    await browser?.close()
    await system?.stop()
    fs.rmSync(dir, { recursive: true, force: true })
  })

  it('should open the item’s public page without sign-in, and an old poster should say a newer version replaced it', async () => {
    if (!village) throw new Error('云溪村委会 is not in the demo regions')
    const created = await secretary('POST', `/api/v1/villages/${village.code}/disclosures`, {
      catalogItemId: dibaoItem().id,
      period: '2026-Q1',
      title: TITLE,
      rows: buildDibaoRows(village.code, 12),
    })
    expect(created.status).toBe(201)
    const firstId = (created.body as { id: string }).id
    await publish(firstId)

    // The poster as printed and pinned to the board.
    const printed = await posterOf(firstId)
    const link = scanPoster(printed, dir)
    expect(link).toBe(`${system.server.url}/api/v1/p/${firstId}`)

    // A stranger's phone: no sign-in, the link goes through the BFF's redirect to the H5 page of the item.
    const { page, problems } = await openPhonePage(browser)
    await page.goto(link)
    await visible(page, '.cw-disclosure__title').filter({ hasText: TITLE }).waitFor({ timeout: 20_000 })
    expect(page.url()).toContain(`/#/pages/disclosure/index?id=${firstId}`)
    expect(await page.locator('.cw-disclosure__retracted').count()).toBe(0)
    await screenshot(page, 'poster-qr-current')

    // The list is corrected: version 2 replaces the printed version 1.
    const next = await secretary('POST', `/api/v1/disclosures/${firstId}/versions`, {
      changeNote: '更正一户金额',
    })
    expect(next.status).toBeLessThan(300)
    const secondId = (next.body as { id: string }).id
    await publish(secondId)

    // The old paper poster is still on the wall: its QR code now opens a page that says so first.
    const { page: later, problems: laterProblems } = await openPhonePage(browser)
    await later.goto(scanPoster(printed, dir))
    const banner = visible(later, '.cw-disclosure__retracted')
    await banner.filter({ hasText: '这是旧版本，已被第2版取代' }).waitFor({ timeout: 20_000 })
    await screenshot(later, 'poster-qr-superseded')
    await button(later, '查看最新版本').click()
    await later.waitForURL(new RegExp(`id=${secondId}`), { timeout: 20_000 })
    await visible(later, '.cw-disclosure__title').filter({ hasText: TITLE }).waitFor({ timeout: 20_000 })
    expect(await later.locator('.cw-disclosure__retracted').count()).toBe(0)

    // The freshly printed poster of version 2 points at version 2.
    expect(scanPoster(await posterOf(secondId), dir)).toBe(`${system.server.url}/api/v1/p/${secondId}`)
    expect([...problems, ...laterProblems]).toEqual([])
  })
})
