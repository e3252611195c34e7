import { defineConfig } from 'vitest/config'

// Unit and integration tests of every Node workspace and the API fuzz, in one run; the browser e2e suite has its own config.
export default defineConfig({
  test: {
    // test/fuzz: the API fuzz against a listening BFF (a seeded 4,000 requests here; `npm run fuzz` sends 20,000).
    // scripts: the scripts' and benches' own small tests (bench:web's arguments, the load bench's control server; the
    // benches themselves never run here).
    projects: [
      'packages/*',
      'bff',
      'test/fuzz',
      { test: { name: 'scripts', include: ['scripts/**/*.test.ts', 'bff/bench/**/*.test.ts'] } },
    ],
    maxWorkers: 2,
  },
})
