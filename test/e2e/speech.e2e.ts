import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser } from 'playwright-core'
import { demoPeople } from '../../bff/src/services/seed.service'
import { buildDibaoRows, dibaoItem } from '../../bff/src/testing/factories'
import { seriousAxeViolations } from './axe'
import { apiAs, button, launchBrowser, openPhonePage, screenshot, startSystem } from './harness'
import type { System } from './harness'
import { seenRevision } from './seen-revision'

const V1 = demoPeople().find((p) => p.userKey === 'demo-secretary')?.grants[0]?.regionCode ?? ''

/** What the page's audio elements report (Taro's InnerAudioContext makes them with `new Audio()`, off the page). */
interface AudioState {
  src: string
  readyState: number
  duration: number
  paused: boolean
  currentTime: number
  playbackRate: number
}

// Runs in the page before the app: remembers every Audio the app creates, so the test can read the real element.
function recordAudios(): void {
  const Original = window.Audio
  const made: HTMLAudioElement[] = []
  Object.assign(window, { __cwAudios: made })
  window.Audio = function RecordedAudio(src?: string) {
    const audio = new Original(src)
    made.push(audio)
    return audio
  } as unknown as typeof Audio
}

describe('读给我听 in the browser', () => {
  let system: System
  let browser: Browser
  let id = ''

  beforeAll(async () => {
    system = await startSystem()
    browser = await launchBrowser()
    const secretary = await apiAs(system, 'demo-secretary')
    const township = await apiAs(system, 'demo-township')
    const created = await secretary('POST', `/api/v1/villages/${V1}/disclosures`, {
      catalogItemId: dibaoItem().id,
      period: '2026-Q1',
      title: '2026年第一季度低保名单公示',
      rows: buildDibaoRows(V1, 12),
    })
    id = (created.body as { id: string }).id
    expect(
      (await secretary('POST', `/api/v1/disclosures/${id}/submit`, { confirmRosterMismatches: true })).status,
    ).toBe(200)
    expect(
      (
        await township('POST', `/api/v1/disclosures/${id}/review`, {
          decision: 'approve',
          revision: await seenRevision(township, id),
        })
      ).status,
    ).toBe(200)
  })
  afterAll(async () => {
    await browser?.close()
    await system?.stop()
  })

  it('should play an item aloud: the audio loads with a duration, keeps playing while the page scrolls, and the page passes axe', async () => {
    const { page, problems } = await openPhonePage(browser, { viewport: { width: 360, height: 640 } })
    await page.addInitScript(recordAudios)
    const audioAnswers: { status: number; type: string }[] = []
    page.on('response', (r) => {
      if (r.url().includes('/api/v1/speech/'))
        audioAnswers.push({ status: r.status(), type: r.headers()['content-type'] ?? '' })
    })
    await page.goto(`${system.server.url}/#/pages/disclosure/index?id=${id}`)
    await button(page, '读给我听').click()
    await page.getByRole('region', { name: '读给我听' }).waitFor({ timeout: 30_000 })

    // The real audio element: its source is the BFF's MP3, it loaded its metadata and knows its length.
    await page.waitForFunction(
      () => {
        const list = (window as unknown as { __cwAudios?: HTMLAudioElement[] }).__cwAudios ?? []
        const a = list.at(-1)
        return a !== undefined && a.readyState >= 1 && a.duration > 0
      },
      undefined,
      { timeout: 30_000 },
    )
    const state = async (): Promise<AudioState> =>
      page.evaluate(() => {
        const list = (window as unknown as { __cwAudios?: HTMLAudioElement[] }).__cwAudios ?? []
        const a = list.at(-1)
        if (!a) throw new Error('no audio element')
        return {
          src: a.src,
          readyState: a.readyState,
          duration: a.duration,
          paused: a.paused,
          currentTime: a.currentTime,
          playbackRate: a.playbackRate,
        }
      })
    const loaded = await state()
    expect(loaded.src).toMatch(/\/api\/v1\/speech\/[0-9a-f]{64}\.mp3$/)
    expect(loaded.duration).toBeGreaterThan(5)
    expect(audioAnswers.some((a) => (a.status === 200 || a.status === 206) && a.type === 'audio/mpeg')).toBe(
      true,
    )

    // It plays, and keeps playing with the controls in view when the reader scrolls down the list.
    await page.waitForFunction(() => {
      const a = (window as unknown as { __cwAudios?: HTMLAudioElement[] }).__cwAudios?.at(-1)
      return a !== undefined && !a.paused && a.currentTime > 0
    })
    await button(page, '0.8倍').click()
    expect((await state()).playbackRate).toBe(0.8)
    await page.mouse.wheel(0, 4000)
    await page.waitForTimeout(500)
    const after = await state()
    expect(after.paused).toBe(false)
    const player = await page.getByRole('region', { name: '读给我听' }).boundingBox()
    expect(player?.y ?? -1).toBeGreaterThanOrEqual(0)
    expect(player?.y ?? 1000).toBeLessThan(640)
    await screenshot(page, 'speech-playing-360x640')
    // The player itself (buttons, the named progress bar, the speed group) with the page around it.
    expect(await seriousAxeViolations(page)).toEqual([])

    await button(page, '暂停').click()
    expect((await state()).paused).toBe(true)
    await button(page, '继续听').waitFor()
    // Chromium cancels and re-issues media range requests as it buffers; those are not failures of the app.
    expect(problems.filter((p) => !(p.startsWith('requestfailed') && p.includes('/api/v1/speech/')))).toEqual(
      [],
    )
  })
})
