// Starts the whole system (embedded database, BFF serving the H5 build) on free loopback ports, and a
// headless Chromium driven by playwright-core, for the browser tests in this folder.
import fs from 'node:fs'
import { createRequire } from 'node:module'
import os from 'node:os'
import path from 'node:path'
import { chromium } from 'playwright-core'
import type { Browser, Locator, Page, Request } from 'playwright-core'
import type axe from 'axe-core'
import { loadConfig } from '../../bff/src/config'
import { createLogger } from '../../bff/src/logger'
import { startServer } from '../../bff/src/server'
import type { RunningServer } from '../../bff/src/server'

export const repoRoot = path.resolve(import.meta.dirname, '../..')
// E2E_H5_DIR: a copy of a build to test against while miniapp/dist-h5 is being rebuilt.
export const h5Dir = process.env.E2E_H5_DIR ?? path.join(repoRoot, 'miniapp', 'dist-h5')
export const artifactsDir = path.join(repoRoot, 'test-results', 'e2e')
const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'

/** Flags that keep Chromium quiet on a machine with no network beyond loopback. */
export const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
]

/** A running system for one test file. */
export interface System {
  server: RunningServer
  dataDir: string
  stop(): Promise<void>
}

/** Starts the BFF (with the embedded engine on a temporary data folder) serving the H5 build. */
export async function startSystem(env: Record<string, string> = {}): Promise<System> {
  if (!fs.existsSync(path.join(h5Dir, 'index.html'))) {
    throw new Error(
      `The H5 build is missing (${h5Dir}). Run \`npm run build:h5\` first (npm test does this).`,
    )
  }
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cunwu-e2e-'))
  const config = loadConfig({
    NODE_ENV: 'test',
    PORT: '0',
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    STATIC_DIR: h5Dir,
    LOG_LEVEL: process.env.E2E_LOG_LEVEL ?? 'warn',
    ...env,
  })
  const server = await startServer(config, createLogger(config))
  return {
    server,
    dataDir,
    async stop() {
      await server.close()
      fs.rmSync(dataDir, { recursive: true, force: true })
    },
  }
}

/** Launches Debian's Chromium; fails with the install command when it is absent. */
export async function launchBrowser(): Promise<Browser> {
  if (!fs.existsSync(chromiumPath)) {
    throw new Error(`Chromium not found at ${chromiumPath}. Install it with: apt-get install -y chromium`)
  }
  return chromium.launch({ executablePath: chromiumPath, headless: true, args: CHROMIUM_FLAGS })
}

/** Options of {@link openPhonePage}. */
export interface PhonePageOptions {
  /** CSS px of the screen. @default 390×844 */
  viewport?: { width: number; height: number }
  /** axe rule ids not to report on this page's visits (say why where used). @default [] */
  knownAxe?: readonly string[]
}

/**
 * Opens a phone-sized page that records, for the assertions, console errors, failed requests and the critical or
 * serious axe violations of every page it visits: after each navigation (load, and every route change of the H5
 * app's router) axe runs once the page has been still for a moment, and each violation lands in `problems`.
 */
export async function openPhonePage(
  browser: Browser,
  options: PhonePageOptions = {},
): Promise<{ page: Page; problems: string[] }> {
  const context = await browser.newContext({
    viewport: options.viewport ?? { width: 390, height: 844 },
    deviceScaleFactor: 1,
  })
  const page = await context.newPage()
  const problems: string[] = []
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`))
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console: ${m.text()}`)
  })
  page.on('requestfailed', (r) => problems.push(`requestfailed: ${r.url()}`))
  const known = options.knownAxe ?? []
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
  return { page, problems }
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

/** Saves a screenshot under test-results/e2e (git-ignored) and returns its path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  fs.mkdirSync(artifactsDir, { recursive: true })
  const file = path.join(artifactsDir, `${name}.png`)
  await page.screenshot({ path: file, fullPage: true })
  return file
}

// ---- Driving the app as a person would: by role and visible text wherever the page offers one ----

/** Taro H5 keeps the pages below the current one in the DOM (hidden), so every lookup takes the visible match. */
export function visible(page: Page, selector: string): Locator {
  return page.locator(selector).filter({ visible: true })
}

/**
 * The visible button with this accessible name (exact, so 通过 does not match 不通过), inside a page or a part of
 * one. Taro's H5 buttons get their button role from utils/h5-button-role.ts (see docs/miniapp.md).
 */
export function button(scope: Page | Locator, name: string): Locator {
  return scope.getByRole('button', { name, exact: true }).filter({ visible: true })
}

/** Opens the home page and waits until it shows 登录 or the signed-in person's 我的. */
export async function goHome(page: Page, base: string): Promise<void> {
  await page.goto(`${base}/#/pages/index/index`, { waitUntil: 'load' })
  await visible(page, '.cw-home__login, .cw-home__profile').first().waitFor({ timeout: 30_000 })
}

/** Signs out from the home page through 我的 → 退出登录. */
export async function signOut(page: Page): Promise<void> {
  await button(page, '我的').click()
  await button(page, '退出登录').click()
  await button(page, '登录').waitFor({ timeout: 15_000 })
}

/**
 * Opens the home page and signs in as a demo person through the H5 sign-in page (signing out first if
 * needed); answers the demo person's description as the sign-in page shows it. At a first sign-in the privacy
 * policy is accepted on the way (see `acceptPrivacy`).
 */
export async function signInAs(
  page: Page,
  base: string,
  userKey: string,
  options: { acceptPrivacy?: boolean } = {},
): Promise<string> {
  const pending = new Set<Request>()
  const started = (r: Request) => {
    if (new URL(r.url()).pathname.startsWith('/api/')) pending.add(r)
  }
  const ended = (r: Request) => pending.delete(r)
  page.on('request', started)
  page.on('requestfinished', ended)
  page.on('requestfailed', ended)
  try {
    return await signInAndSettle(page, base, userKey, options, pending)
  } finally {
    page.off('request', started)
    page.off('requestfinished', ended)
    page.off('requestfailed', ended)
  }
}

async function signInAndSettle(
  page: Page,
  base: string,
  userKey: string,
  options: { acceptPrivacy?: boolean },
  pending: Set<Request>,
): Promise<string> {
  await goHome(page, base)
  // Taro's buttons become buttons (role and name) a moment after the page shows: wait for one of the two.
  await button(page, '登录').or(button(page, '我的')).first().waitFor({ timeout: 15_000 })
  if ((await button(page, '登录').count()) === 0) await signOut(page)
  await button(page, '登录').click()
  // The development sign-in lists demo people; the key is the stable handle (names are display text).
  const user = visible(page, `.cw-login__user[data-user-key="${userKey}"]`)
  await user.waitFor({ timeout: 15_000 })
  const description = await user.locator('.cw-login__user-desc').innerText()
  await user.click()
  // At a person's first sign-in (and after the policy changed) the privacy policy opens first: accepting it
  // is part of signing in, unless the test looks at the policy itself (acceptPrivacy: false).
  const accept = button(page, '同意并继续')
  const home = button(page, '我的')
  await accept.or(home).first().waitFor({ timeout: 15_000 })
  if (options.acceptPrivacy === false) return description
  if ((await accept.count()) > 0) await accept.click()
  await home.waitFor({ timeout: 15_000 })
  // 我的 shows before the home's own requests (profile, then its entries' counts) have answered; a test that
  // navigates away at once would cut them off (requestfailed problems). Signed in means the home has settled.
  await apiQuiet(page, pending)
  return description
}

/** Resolves once none of `pending` (the page's API requests in flight) has been open for `quietMs`. */
async function apiQuiet(page: Page, pending: Set<Request>, quietMs = 300, timeoutMs = 15_000): Promise<void> {
  const end = Date.now() + timeoutMs
  let quietSince = Date.now()
  while (Date.now() < end) {
    if (pending.size > 0) quietSince = Date.now()
    else if (Date.now() - quietSince >= quietMs) return
    await page.waitForTimeout(50)
  }
}

/** An API call as one signed-in person: method, path under the server, JSON body. */
export type ApiCall = (
  method: string,
  path: string,
  body?: unknown,
) => Promise<{ status: number; body: unknown }>

/** The body of an API answer with the expected status; any other status fails the test with what came back. */
export function ok(res: { status: number; body: unknown }, status = 200): unknown {
  if (res.status !== status)
    throw new Error(`expected ${status}, got ${res.status}: ${JSON.stringify(res.body)}`)
  return res.body
}

/** Signs a demo person in through the dev login route and answers an API caller with their token. */
export async function apiAs(system: System, userKey: string): Promise<ApiCall> {
  const base = system.server.url
  const post = async (p: string, body: unknown) => {
    const res = await fetch(`${base}${p}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    })
    return (await res.json()) as Record<string, unknown>
  }
  const { code } = await post('/api/v1/dev/login-code', { userKey })
  const { accessToken } = await post('/api/v1/auth/wechat', { code })
  if (typeof accessToken !== 'string') throw new Error(`no token for ${userKey}`)
  return async (method, p, body) => {
    const res = await fetch(`${base}${p}`, {
      method,
      headers: {
        Authorization: `Bearer ${accessToken}`,
        ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    })
    const text = await res.text()
    return { status: res.status, body: text ? (JSON.parse(text) as unknown) : undefined }
  }
}

const axeSource = fs.readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8')

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
