import { defineConfig } from 'vitest/config'

// Unit and integration tests of every Node workspace, in one run; the browser e2e suite has its own config.
export default defineConfig({
  test: {
    projects: ['packages/*', 'bff'],
    maxWorkers: 2,
  },
})
