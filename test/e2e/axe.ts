import fs from 'node:fs'
import { createRequire } from 'node:module'
import type { Page } from 'playwright-core'
import type axe from 'axe-core'

// axe-core in the browser tests: a watcher that checks every page a phone page visits, and a run on demand. Both
// judge the page at rest (installAxeAtRest).

const axeSource = fs.readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8')

/**
 * Makes `page` report the critical and serious axe violations of every page it visits into `problems` (except the
 * rule ids in `known`): after each navigation (load, and every route change of the H5 app's router) axe runs once
 * the page has been still for a moment (watchWithAxe).
 */
export async function watchPagesWithAxe(
  page: Page,
  known: readonly string[],
  problems: string[],
): Promise<void> {
  const seen = new Set<string>()
  await page.exposeBinding('__cwAxeReport', (_source, found: AxeFinding[]) => {
    for (const v of found) {
      const line = `axe: ${v.id} (${v.impact}) on ${v.route}: ${v.nodes}`
      if (known.includes(v.id) || seen.has(line)) continue
      seen.add(line)
      problems.push(line)
    }
  })
  // Init scripts run through the devtools protocol, so the app's Content-Security-Policy does not block them.
  await page.addInitScript(axeSource)
  await page.addInitScript(installAxeAtRest)
  await page.addInitScript(watchWithAxe)
}

/** One violation as the in-page watcher reports it. */
interface AxeFinding {
  id: string
  impact: string
  route: string
  nodes: string
}

/**
 * Runs in the page: defines `__cwAxeAtRest`, axe on the page at rest. Transitions and animations that end are waited
 * for first (at most 2 s): Taro's toast fades in and out as an opacity transition, and a text mid-fade has a contrast
 * it never has when still, which axe reports as a serious color-contrast violation. A run during which a transition
 * or animation started is done once more, after it ends.
 */
function installAxeAtRest(): void {
  const w = window as unknown as {
    axe: typeof axe
    __cwAxeAtRest?: (options: axe.RunOptions) => Promise<axe.AxeResults>
  }
  let started = 0
  for (const type of ['transitionrun', 'animationstart']) {
    document.addEventListener(type, () => (started += 1), true)
  }
  const atRest = async () => {
    await new Promise((resolve) => {
      setTimeout(resolve, 100)
      requestAnimationFrame(() => requestAnimationFrame(resolve))
    })
    const moving = document
      .getAnimations()
      .filter((a) => a.playState === 'running' && a.effect?.getComputedTiming().endTime !== Infinity)
    if (moving.length === 0) return
    await Promise.race([
      Promise.allSettled(moving.map((a) => a.finished)),
      new Promise((resolve) => setTimeout(resolve, 2000)),
    ])
  }
  w.__cwAxeAtRest = async (options) => {
    await atRest()
    const before = started
    const result = await w.axe.run(document, options)
    if (started === before) return result
    await atRest()
    return w.axe.run(document, options)
  }
}

/**
 * Runs in the page: after the document loads and after every route change (Taro's H5 router uses pushState and
 * replaceState), waits until the DOM has been still for 700 ms (at most 6 s), then runs axe once and reports the
 * critical and serious violations to the test through the `__cwAxeReport` binding.
 */
function watchWithAxe(): void {
  type Win = Window & {
    axe?: typeof axe
    __cwAxeReport?: (found: AxeFinding[]) => Promise<void>
    __cwAxeBusy?: boolean
    __cwAxeAtRest?: (options: axe.RunOptions) => Promise<axe.AxeResults>
  }
  const w = window as Win
  let quiet: ReturnType<typeof setTimeout> | undefined
  let deadline: ReturnType<typeof setTimeout> | undefined
  let armed = false
  let running = false
  const check = async () => {
    clearTimeout(quiet)
    clearTimeout(deadline)
    if (!armed || running || !w.__cwAxeAtRest || !w.__cwAxeReport) return
    // A test's own axe run (seriousAxeViolations) is under way: look again when the page is still once more.
    if (w.__cwAxeBusy) {
      quiet = setTimeout(() => void check(), 700)
      return
    }
    armed = false
    running = true
    w.__cwAxeBusy = true
    try {
      const result = await w.__cwAxeAtRest({ resultTypes: ['violations'] })
      const found = result.violations
        .filter((v) => v.impact === 'critical' || v.impact === 'serious')
        .map((v) => ({
          id: v.id,
          impact: v.impact ?? '',
          route: location.hash || location.pathname,
          nodes: v.nodes.map((n) => n.target.join(' ')).join(', '),
        }))
      if (found.length > 0) await w.__cwAxeReport(found)
    } catch {
      // The page went away mid-run (the test closed it or navigated): nothing to report.
    } finally {
      running = false
      w.__cwAxeBusy = false
    }
  }
  const arm = () => {
    armed = true
    clearTimeout(quiet)
    quiet = setTimeout(() => void check(), 700)
    if (deadline === undefined) deadline = setTimeout(() => void check(), 6000)
  }
  const settle = () => {
    if (!armed) return
    clearTimeout(quiet)
    quiet = setTimeout(() => void check(), 700)
  }
  for (const method of ['pushState', 'replaceState'] as const) {
    const original = history[method].bind(history)
    history[method] = (...args: Parameters<History['pushState']>) => {
      original(...args)
      deadline = undefined
      arm()
    }
  }
  window.addEventListener('popstate', arm)
  window.addEventListener('hashchange', arm)
  window.addEventListener('load', () => {
    new MutationObserver(settle).observe(document.body, {
      subtree: true,
      childList: true,
      characterData: true,
    })
    arm()
  })
}

/** Runs axe on the page as shown, at rest, and lists its critical and serious violations (none allowed but `known`). */
export async function seriousAxeViolations(page: Page, known: readonly string[] = []): Promise<string[]> {
  // Evaluated through the browser's devtools protocol: the app's Content-Security-Policy forbids inline scripts.
  // Pages from openPhonePage have axe already, and may be running it (the watcher): wait for that run to end.
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(axeSource)
  if (!(await page.evaluate(() => '__cwAxeAtRest' in window))) await page.evaluate(installAxeAtRest)
  const violations = await page.evaluate(async () => {
    const w = window as unknown as {
      __cwAxeAtRest: (options: axe.RunOptions) => Promise<axe.AxeResults>
      __cwAxeBusy?: boolean
    }
    while (w.__cwAxeBusy) await new Promise((resolve) => setTimeout(resolve, 50))
    w.__cwAxeBusy = true
    const result = await w.__cwAxeAtRest({}).finally(() => {
      w.__cwAxeBusy = false
    })
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact ?? null,
      nodes: v.nodes.map((n) => n.target.join(' ')).join(', '),
    }))
  })
  return violations
    .filter((v) => (v.impact === 'critical' || v.impact === 'serious') && !known.includes(v.id))
    .map((v) => `${v.id} (${v.impact}): ${v.nodes}`)
}
