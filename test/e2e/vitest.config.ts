import { defineConfig } from 'vitest/config'

// Browser tests drive one Chromium at a time against a system started per file.
export default defineConfig({
  test: {
    include: ['test/e2e/**/*.e2e.ts'],
    root: new URL('../..', import.meta.url).pathname,
    maxWorkers: 1,
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
})
