import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { seriousAxeViolations } from './axe'
import { launchBrowser } from './harness'

// The harness's axe runs judge the page at rest. Taro's H5 toast fades in and out as an opacity transition, and a
// white text on its dark, half-transparent box has, mid-fade, a contrast it never has when still: axe run in that
// moment reported a serious color-contrast violation on a page that has none (seen once in CI on 我的信息).
const TOAST_PAGE = `<!doctype html><html lang="zh-CN"><head><title>提示</title></head><body><main>
<h1>我的信息</h1>
<div id="toast" style="opacity:0;transition:opacity 1.5s linear;position:fixed;top:40%;left:20%;
  background:rgba(17,17,17,0.7);color:#fff;padding:12px;font-size:16px"><p>已送到村里</p></div>
</main></body></html>`

describe('axe on a page at rest (harness)', () => {
  let browser: Browser

  beforeAll(async () => {
    browser = await launchBrowser()
  })

  afterAll(async () => {
    await browser?.close()
  })

  it('should report a fading toast mid-fade when axe runs at once, and nothing once it waits for the fade', async () => {
    const page = await browser.newPage()
    await page.setContent(TOAST_PAGE)
    const fadeIn = () =>
      page.evaluate(() => {
        const toast = document.getElementById('toast') as HTMLElement
        toast.style.opacity = '0'
        void toast.offsetWidth
        toast.style.opacity = '1'
      })

    // The scenario is real: axe run mid-fade, without waiting, finds the low contrast.
    await seriousAxeViolations(page)
    await fadeIn()
    await page.waitForTimeout(200)
    const midFade = await page.evaluate(async () => {
      const w = window as unknown as {
        axe: { run: (d: Document) => Promise<{ violations: { id: string }[] }> }
      }
      return (await w.axe.run(document)).violations.map((v) => v.id)
    })
    expect(midFade).toContain('color-contrast')

    // The harness waits for the fade to end, and the toast at rest passes.
    await fadeIn()
    await page.waitForTimeout(200)
    expect(await seriousAxeViolations(page)).toEqual([])
    await page.close()
  })
})
