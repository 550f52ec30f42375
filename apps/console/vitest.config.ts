import { defineConfig } from 'vitest/config'

// Browser tests: Debian's Chromium driven by playwright-core against a running devnet (its indexer
// serving the console's build, the API, anvil and provider agents running real jobs in Docker).
export default defineConfig({
  test: {
    name: 'console',
    include: ['test/**/*.test.ts'],
    testTimeout: 300_000,
    hookTimeout: 600_000,
    fileParallelism: false,
  },
})
