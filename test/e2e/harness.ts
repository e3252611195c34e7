// Starts the whole system (embedded database, BFF serving the H5 build) on free loopback ports, and a
// headless Chromium driven by playwright-core, for the browser tests in this folder.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { chromium } from 'playwright-core'
import type { Browser, Locator, Page, Request } from 'playwright-core'
import { watchPagesWithAxe } from './axe'
import { loadConfig } from '../../bff/src/config'
import { createLogger } from '../../bff/src/logger'
import { startServer } from '../../bff/src/server'
import { seedDemoDisclosures } from '../../bff/src/services/seed-disclosures.service'
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

/**
 * Starts the system with the realistic items `npm start` publishes in development (tests start without them), for
 * the screens that are tested full of disclosures.
 */
export async function startSystemWithDemoDisclosures(env: Record<string, string> = {}): Promise<System> {
  const system = await startSystem(env)
  try {
    const services = system.server.runtime.services
    if (!services) throw new Error('no database')
    await seedDemoDisclosures(services)
    return system
  } catch (err) {
    await system.stop()
    throw err
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
  /** Device pixels per CSS px (1.5: a 360 px phone with its text made 1.5× larger is 240 CSS px). @default 1 */
  deviceScaleFactor?: number
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
    deviceScaleFactor: options.deviceScaleFactor ?? 1,
  })
  const page = await context.newPage()
  const problems: string[] = []
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`))
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console: ${m.text()}`)
  })
  page.on('requestfailed', (r) => problems.push(`requestfailed: ${r.url()}`))
  await watchPagesWithAxe(page, options.knownAxe ?? [], problems)
  return { page, problems }
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
  return withApiTracked(page, (pending) => signInAndSettle(page, base, userKey, options, pending))
}

/** Runs `act` with the page's API requests in flight kept in `pending` (each removed when it ends). */
async function withApiTracked<T>(page: Page, act: (pending: Set<Request>) => Promise<T>): Promise<T> {
  const pending = new Set<Request>()
  const started = (r: Request) => {
    if (new URL(r.url()).pathname.startsWith('/api/')) pending.add(r)
  }
  const ended = (r: Request) => pending.delete(r)
  page.on('request', started)
  page.on('requestfinished', ended)
  page.on('requestfailed', ended)
  try {
    return await act(pending)
  } finally {
    page.off('request', started)
    page.off('requestfinished', ended)
    page.off('requestfailed', ended)
  }
}

/**
 * Runs `act`, then waits until every API request started meanwhile has ended (and 300 ms passed without one), so
 * that leaving the page next cuts none off (a cut request is a `requestfailed` problem).
 */
export function thenApiQuiet(page: Page, act: () => Promise<void>): Promise<void> {
  return withApiTracked(page, async (pending) => {
    await act()
    await apiQuiet(page, pending)
  })
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
