import { defineProject } from 'vitest/config'

// The consumer commands against a local network: anvil with the contracts, a provider agent started
// through its own command line, and a real Docker engine the global setup finds or starts.
export default defineProject({
  test: {
    name: 'cli',
    include: ['test/**/*.test.ts'],
    globalSetup: ['./test/globalSetup.ts'],
    testTimeout: 120_000,
    hookTimeout: 180_000,
    fileParallelism: false,
  },
})
