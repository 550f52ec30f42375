import { defineProject } from 'vitest/config'

// The indexer's tests run against a real anvil with the real contracts, on SQLite and on a throwaway
// PostgreSQL cluster that the global setup starts (installing Debian's postgresql when missing).
export default defineProject({
  test: {
    name: 'indexer',
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    globalSetup: ['./test/globalSetup.ts'],
    testTimeout: 90_000,
    hookTimeout: 120_000,
    fileParallelism: false,
  },
})
