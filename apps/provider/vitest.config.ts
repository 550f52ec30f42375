import { defineProject } from 'vitest/config'

// The agent's tests: unit tests, and integration tests against a real anvil (one per file) with the
// real contracts and a real Docker engine, which the global setup finds or starts (installing
// docker.io when missing) before building the busybox image jobs run in.
export default defineProject({
  test: {
    name: 'provider',
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    globalSetup: ['./test/globalSetup.ts'],
    testTimeout: 90_000,
    hookTimeout: 180_000,
    // The integration files each start anvil and agents: run them one at a time on small machines.
    fileParallelism: false,
  },
})
