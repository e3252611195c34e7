import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vitest/config'

// `npm run test:properties`: the packages' tests with every fast-check property run FC_NUM_RUNS times (20,000 unless
// set), to find the rare inputs the 100 runs of the normal suite miss. It found the 零十 of speech and the
// non-idempotent upper-casing of ΐ in names. Not part of `npm test`: it takes about a minute per 30,000 runs.
export default defineConfig({
  test: {
    root: fileURLToPath(new URL('../..', import.meta.url)),
    include: ['packages/*/src/**/*.test.ts'],
    setupFiles: ['test/properties/setup.ts'],
    maxWorkers: 2,
    testTimeout: 900_000,
  },
})
