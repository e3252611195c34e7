import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { NOTIFICATION_PAGES } from './notification-events'

// The mini-program's one page list (miniapp/src/routes.ts), read as text: the BFF does not import the app.
const routesFile = path.resolve(import.meta.dirname, '../../../miniapp/src/routes.ts')
const appPages = new Set(
  [...fs.readFileSync(routesFile, 'utf8').matchAll(/'\/([a-z0-9/-]+\/index)'/g)].map((m) => m[1]),
)

describe('pages that notifications open', () => {
  it('should all be pages of the mini-program (WeChat refuses a message whose page is not: 41030)', () => {
    expect(appPages.size).toBeGreaterThan(10)
    const missing = Object.entries(NOTIFICATION_PAGES).filter(([, page]) => !appPages.has(page))
    expect(missing).toEqual([])
  })
})
