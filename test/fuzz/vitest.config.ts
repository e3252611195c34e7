import { defineConfig } from 'vitest/config'

// The API fuzz (a real listening BFF on the embedded engine); run with the other projects, or alone by `npm run fuzz`.
export default defineConfig({
  test: {
    name: 'fuzz',
    include: ['test/fuzz/**/*.fuzz.test.ts'],
    root: new URL('../..', import.meta.url).pathname,
    testTimeout: 20 * 60_000,
    hookTimeout: 120_000,
  },
})
