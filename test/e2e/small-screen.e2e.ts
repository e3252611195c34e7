import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { seriousAxeViolations } from './axe'
import { pastRightEdge, textPastEdge } from './overflow'
import {
  apiAs,
  button,
  goHome,
  launchBrowser,
  ok,
  openPhonePage,
  screenshot,
  signInAs,
  startSystemWithDemoDisclosures,
  thenApiQuiet,
  visible,
} from './harness'
import type { System } from './harness'

/**
 * What an outside tester found on a small phone and a weak network (probe C): text areas whose typed text was
 * 13.3 px and whose lower part did not focus, a home header that broke at 200% zoom, chips under 44 px, 办事指南
 * refused to a signed-out person, a blank screen before the app's script arrived, and a page that did nothing
 * when tapped offline. Screenshots go to test-results/e2e.
 */

/** Opens the first card of the signed-in villager's feed and returns its disclosure id. */
async function firstDisclosureId(page: Page): Promise<string> {
  const card = visible(page, '.cw-dcard').first()
  await card.waitFor({ timeout: 20_000 })
  await card.click()
  await visible(page, '.cw-disclosure__title').waitFor({ timeout: 20_000 })
  const id = new URL(page.url().replace('/#/', '/')).searchParams.get('id')
  if (!id) throw new Error(`no id in ${page.url()}`)
  return id
}

describe('small phone, 200% zoom, weak network (H5)', () => {
  let system: System
  let browser: Browser
  let base: string

  beforeAll(async () => {
    system = await startSystemWithDemoDisclosures()
    browser = await launchBrowser()
    base = system.server.url
  })
  afterAll(async () => {
    await browser?.close()
    await system?.stop()
  })

  it('shows 正在打开… from the first bytes, and the app replaces it', async () => {
    const html = await (await fetch(`${base}/`)).text()
    expect(html).toContain('正在打开…')
    expect(html).not.toMatch(/<script>(?!<\/script>)/)
    const { page, problems } = await openPhonePage(browser, { viewport: { width: 360, height: 640 } })
    await goHome(page, base)
    expect(await page.locator('#cw-boot').count()).toBe(0)
    expect(problems).toEqual([])
    await page.context().close()
  })

  it('text areas take the field’s type size and focus from anywhere in the box', async () => {
    const { page, problems } = await openPhonePage(browser, { viewport: { width: 360, height: 640 } })
    await signInAs(page, base, 'demo-villager')
    const id = await firstDisclosureId(page)
    await page.goto(`${base}/#/ask/new/index?disclosure=${id}`, { waitUntil: 'load' })
    const host = visible(page, '.cw-ask-new__text').first()
    await host.waitFor({ timeout: 20_000 })
    const sizes = await host.evaluate((el) => {
      const inner = el.querySelector('textarea')
      if (!inner) return null
      const box = el.getBoundingClientRect()
      const field = inner.getBoundingClientRect()
      return {
        host: parseFloat(getComputedStyle(el).fontSize),
        inner: parseFloat(getComputedStyle(inner).fontSize),
        boxBottom: box.bottom,
        fieldBottom: field.bottom,
        boxLeft: box.left,
      }
    })
    expect(sizes).not.toBeNull()
    expect(sizes?.inner).toBe(sizes?.host)
    expect(sizes?.inner).toBeGreaterThanOrEqual(18)
    // The native field reaches the box's inner edge (the 3 px border aside).
    expect((sizes?.boxBottom ?? 0) - (sizes?.fieldBottom ?? 0)).toBeLessThanOrEqual(4)
    // A tap 8 px above the box's bottom edge opens the field.
    await page.mouse.click((sizes?.boxLeft ?? 0) + 40, (sizes?.boxBottom ?? 0) - 8)
    expect(await page.evaluate(() => document.activeElement?.localName)).toBe('textarea')
    await page.keyboard.type('什么时候发？')
    await screenshot(page, 'small-01-ask-textarea')
    expect(await seriousAxeViolations(page)).toEqual([])
    expect(problems).toEqual([])
    await page.context().close()
  })

  it('the home reflows at 200% zoom (180×320 CSS px), and chips are at least 44 px at 360', async () => {
    const { page, problems } = await openPhonePage(browser, { viewport: { width: 360, height: 640 } })
    await signInAs(page, base, 'demo-villager')
    const chips = visible(page, '.cw-feed__chip')
    await chips.first().waitFor({ timeout: 20_000 })
    const chipHeights = await chips.evaluateAll((els) => els.map((el) => el.getBoundingClientRect().height))
    expect(Math.min(...chipHeights)).toBeGreaterThanOrEqual(44)

    await page.setViewportSize({ width: 180, height: 320 })
    await page.reload({ waitUntil: 'load' })
    const role = visible(page, '.cw-home__user-role')
    await role.waitFor({ timeout: 20_000 })
    await visible(page, '.cw-feed__related').first().waitFor({ timeout: 20_000 })
    const info = await visible(page, '.cw-home__user-info').first().boundingBox()
    expect(info?.width ?? 0).toBeGreaterThan(100)
    // The village's name is shown whole, not cut with an ellipsis.
    expect(await role.evaluate((el) => el.scrollWidth <= el.clientWidth + 1)).toBe(true)
    expect(await role.innerText()).toContain('·')
    expect(await pastRightEdge(page, '.cw-home__user, .cw-feed__tools')).toEqual([])
    // 与我相关 and 搜索 are not broken one character per line: each button is at most two lines of its text high.
    const tall = await visible(page, '.cw-feed__tools .cw-btn').evaluateAll((els) =>
      els
        .filter(
          (el) => el.getBoundingClientRect().height > 3 * parseFloat(getComputedStyle(el).fontSize) * 1.5,
        )
        .map((el) => (el as HTMLElement).innerText),
    )
    expect(tall).toEqual([])
    // The category chips take rows rather than shrink: each shows its whole name, is a full tap target, and 更多 is
    // on the screen (on one row they were cut to 26 px slivers, 村…, with 更多 pushed past the edge).
    const chips180 = visible(page, '.cw-feed__chip')
    await chips180.first().waitFor({ timeout: 20_000 })
    expect(await pastRightEdge(page, '.cw-feed__chips')).toEqual([])
    const cutChips = await chips180.evaluateAll((els) =>
      els
        .filter((el) => el.scrollWidth > el.clientWidth + 1 || el.getBoundingClientRect().width < 44)
        .map((el) => `${(el as HTMLElement).innerText} ${Math.round(el.getBoundingClientRect().width)} px`),
    )
    expect(cutChips).toEqual([])
    await screenshot(page, 'small-02-home-zoom200')
    expect(await seriousAxeViolations(page)).toEqual([])
    expect(problems).toEqual([])
    await page.context().close()
  })

  it('in 长辈模式 at 200% zoom a card’s date is shown whole', async () => {
    const { page, problems } = await openPhonePage(browser, { viewport: { width: 360, height: 640 } })
    await signInAs(page, base, 'demo-villager')
    await thenApiQuiet(page, () => button(page, '打开长辈模式').click())
    await page.setViewportSize({ width: 180, height: 320 })
    await page.reload({ waitUntil: 'load' })
    const date = visible(page, '.cw-dcard__date')
    await date.first().waitFor({ timeout: 20_000 })
    expect(await page.evaluate(() => document.documentElement.classList.contains('cw-elderly'))).toBe(true)
    // The date broke nowhere and was cut at the card's edge: 2026年12月7 without 日.
    expect(await textPastEdge(page, '.cw-dcard__foot')).toEqual([])
    // Inside pages too, long words may break anywhere (a message's title ran 90 px past the screen when the pages'
    // own break-word rule replaced 长辈模式's).
    expect(
      await visible(page, '.cw-page-root')
        .first()
        .evaluate((el) => getComputedStyle(el).overflowWrap),
    ).toBe('anywhere')
    await screenshot(page, 'small-05-elderly-zoom200')
    // A table's dates (2026年11月12日) break after 年 or 月 rather than run past the screen.
    await thenApiQuiet(page, () => visible(page, '.cw-dcard').filter({ hasText: '收入明细' }).first().click())
    await visible(page, '.cw-dtable__value--date').first().waitFor({ timeout: 20_000 })
    expect(await textPastEdge(page, '.cw-dtable')).toEqual([])
    await screenshot(page, 'small-07-elderly-zoom200-table')
    expect(problems).toEqual([])
    await page.context().close()
  })

  it('a long run of digits in a question breaks at the screen’s edge at 200% zoom', async () => {
    const { page, problems } = await openPhonePage(browser, { viewport: { width: 360, height: 640 } })
    await signInAs(page, base, 'demo-villager')
    const card = visible(page, '.cw-dcard[data-id]').first()
    await card.waitFor({ timeout: 20_000 })
    const id = await card.getAttribute('data-id')
    await thenApiQuiet(page, () =>
      page
        .goto(`${base}/?open=${Date.now()}#/ask/new/index?disclosure=${id}`, { waitUntil: 'load' })
        .then(() => {}),
    )
    const box = visible(page, '.cw-ask-new__text textarea').first()
    await box.waitFor({ timeout: 20_000 })
    // The ID number is kept masked (110***********1234): 18 characters that hold no place to break a line.
    await box.fill('我家名单上写错了吗？身份证110101199001011234')
    await thenApiQuiet(page, async () => {
      await button(page, '提交').click()
      await page.waitForURL(/ask\/question/, { timeout: 20_000 })
    })
    const text = visible(page, '.cw-ask__text').first()
    await text.waitFor({ timeout: 20_000 })
    expect(await text.innerText()).toContain('110***********1234')
    await page.setViewportSize({ width: 180, height: 320 })
    await page.waitForTimeout(800)
    expect(await textPastEdge(page, '.cw-ask__text')).toEqual([])
    expect(await page.evaluate(() => document.scrollingElement?.scrollWidth ?? 0)).toBeLessThanOrEqual(180)
    await screenshot(page, 'small-06-question-zoom200')
    expect(problems).toEqual([])
    await page.context().close()
  })

  it('a keyboard reaches 消息 and a disclosure card, and Enter opens them', async () => {
    const { page, problems } = await openPhonePage(browser, { viewport: { width: 360, height: 640 } })
    await signInAs(page, base, 'demo-villager')
    // Both were Views with a tap handler only: no role, no tab stop, nothing on Enter.
    const focusAndEnter = async (link: ReturnType<Page['getByRole']>, opens: RegExp) => {
      await link.waitFor({ timeout: 20_000 })
      await link.focus()
      expect(await link.evaluate((el) => el === document.activeElement)).toBe(true)
      await thenApiQuiet(page, async () => {
        await page.keyboard.press('Enter')
        await page.waitForURL(opens, { timeout: 20_000 })
      })
    }
    await focusAndEnter(page.getByRole('link', { name: /^消息/ }).filter({ visible: true }), /me\/inbox/)
    await thenApiQuiet(page, () => page.goBack().then(() => {}))
    const firstTitle = visible(page, '.cw-dcard:not(.cw-dcard--skeleton) .cw-dcard__title').first()
    await firstTitle.waitFor({ timeout: 20_000 })
    const title = await firstTitle.innerText()
    await focusAndEnter(
      page.getByRole('link', { name: title, exact: true }).filter({ visible: true }).first(),
      /pages\/disclosure/,
    )
    await visible(page, '.cw-disclosure__title').waitFor({ timeout: 20_000 })
    // The alignment badge is a link of its own (to the comparison), and a full tap target (it was 33 px tall).
    const badge = page
      .getByRole('link', { name: /对照|一致|差异/ })
      .filter({ visible: true })
      .first()
    expect((await badge.boundingBox())?.height ?? 0).toBeGreaterThanOrEqual(44)
    expect(await seriousAxeViolations(page)).toEqual([])
    expect(problems).toEqual([])
    await page.context().close()
  })

  it('the read-aloud speeds are at least 44 px, and the player fits at 200% zoom', async () => {
    const { page, problems } = await openPhonePage(browser, { viewport: { width: 360, height: 640 } })
    await signInAs(page, base, 'demo-villager')
    const id = await firstDisclosureId(page)
    await page.goto(`${base}/#/pages/disclosure/index?id=${id}`, { waitUntil: 'load' })
    await button(page, '读给我听').click()
    await page.getByRole('region', { name: '读给我听' }).waitFor({ timeout: 30_000 })
    const rates = visible(page, '.cw-read-aloud__rate')
    await rates.first().waitFor({ timeout: 10_000 })
    const heights = await rates.evaluateAll((els) => els.map((el) => el.getBoundingClientRect().height))
    expect(Math.min(...heights)).toBeGreaterThanOrEqual(44)

    await page.setViewportSize({ width: 180, height: 320 })
    await page.waitForTimeout(800)
    expect(await pastRightEdge(page, '.cw-read-aloud')).toEqual([])
    // Each speed shows its whole label (0.8倍 was cut to 33 px).
    const cut = await rates.evaluateAll((els) =>
      els.filter((el) => el.scrollWidth > el.clientWidth + 1).map((el) => (el as HTMLElement).innerText),
    )
    expect(cut).toEqual([])
    await screenshot(page, 'small-04-read-aloud-zoom200')
    expect(await seriousAxeViolations(page)).toEqual([])
    expect(problems).toEqual([])
    await page.context().close()
  })

  it('a double tap files one question, and 提交 again after a lost answer files no second copy', async () => {
    const { page } = await openPhonePage(browser, { viewport: { width: 360, height: 640 } })
    await signInAs(page, base, 'demo-villager')
    const villager = await apiAs(system, 'demo-villager')
    const count = async () =>
      (ok(await villager('GET', '/api/v1/me/questions')) as { questions: unknown[] }).questions.length
    const before = await count()
    const id = await firstDisclosureId(page)
    const ask = async (text: string) => {
      // A new document each time (the query differs), not a hash change inside the page before: its 'load' is then
      // the form's own, whatever page the last step left open.
      await page.goto(`${base}/?open=${Date.now()}#/ask/new/index?disclosure=${id}`, { waitUntil: 'load' })
      const box = visible(page, '.cw-ask-new__text textarea').first()
      await box.waitFor({ timeout: 20_000 })
      await box.fill(text)
    }
    const posted: string[] = []
    let loseNext = false
    await page.route('**/api/v1/disclosures/*/questions', async (route) => {
      if (route.request().method() !== 'POST') return route.continue()
      posted.push(route.request().headers()['idempotency-key'] ?? '')
      await new Promise((resolve) => setTimeout(resolve, 800))
      if (!loseNext) return route.continue()
      // The server files it, and the answer is lost on the way back.
      loseNext = false
      await route.fetch()
      return route.abort('internetdisconnected')
    })

    await ask('双击会不会提交两次？')
    const submit = button(page, '提交')
    await submit.dblclick()
    await visible(page, '.cw-ask__title, .cw-question').first().waitFor({ timeout: 20_000 })
    await page.waitForURL(/ask\/question/, { timeout: 20_000 })
    expect(posted).toHaveLength(1)
    expect(await count()).toBe(before + 1)

    posted.length = 0
    loseNext = true
    await ask('网络断了再点一次')
    await button(page, '提交').click()
    await page.getByText('网络连接失败，请检查网络后再试').first().waitFor({ timeout: 20_000 })
    await button(page, '提交').click()
    await page.waitForURL(/ask\/question/, { timeout: 20_000 })
    expect(posted).toHaveLength(2)
    expect(posted[1]).toBe(posted[0])
    expect(await count()).toBe(before + 2)
    await page.context().close()
  })

  it('a signed-out person reads 办事指南 from the home', async () => {
    const { page, problems } = await openPhonePage(browser, { viewport: { width: 360, height: 640 } })
    await goHome(page, base)
    await button(page, '办事指南（怎么申请低保等）').click()
    const card = visible(page, '.cw-guides__card').first()
    await card.waitFor({ timeout: 20_000 })
    expect(await visible(page, '.cw-state--error').count()).toBe(0)
    expect(await card.getAttribute('aria-label')).toBeNull()
    expect(await seriousAxeViolations(page)).toEqual([])
    expect(problems).toEqual([])
    await page.context().close()
  })

  it('offline, a page never opened says so with 重试 and Back is not left on it', async () => {
    const context = await browser.newContext({ viewport: { width: 360, height: 640 } })
    const page = await context.newPage()
    const pageErrors: string[] = []
    page.on('pageerror', (e) => pageErrors.push(e.message))
    await signInAs(page, base, 'demo-villager')
    await page.evaluate(async () => {
      await navigator.serviceWorker.ready
    })
    await context.setOffline(true)
    await button(page, '办事指南（怎么申请低保等）').click()
    // utils/h5-chunk-errors.ts's message, outside the app's root.
    const message = page.getByRole('alertdialog', { name: '没有打开' })
    await message.waitFor({ timeout: 15_000 })
    await page.waitForFunction(() => location.hash.startsWith('#/pages/index/index'), undefined, {
      timeout: 10_000,
    })
    await screenshot(page, 'small-03-offline-tap')
    expect(pageErrors).toEqual([])
    // Online again, 重试 opens the page.
    await context.setOffline(false)
    expect(await message.innerText()).toContain('网络连接失败，请检查网络后再试')
    expect(await seriousAxeViolations(page)).toEqual([])
    await message.getByRole('button', { name: '重试', exact: true }).click()
    await visible(page, '.cw-guides__card').first().waitFor({ timeout: 20_000 })
    await context.close()
  })
})
