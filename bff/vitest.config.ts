import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts'],
    maxWorkers: 2,
    testTimeout: 20_000,
    hookTimeout: 60_000,
    // Test files share their worker's module graph instead of each importing mongoose, Koa, the catalog and the
    // services afresh (most of a file's set-up time). Each file still builds its own app over its own database
    // (buildTestApp), so no data is shared; the embedded engine and the simulator's RSA keys are then started
    // once per worker. Tests must not rely on module state left by another file.
    isolate: false,
  },
})
