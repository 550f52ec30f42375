import { defineProject } from 'vitest/config'

// Tests run real containers in a real Docker engine: the global setup finds or starts one (as the
// runtime's does) and builds the matmul image once.
export default defineProject({
  test: {
    name: 'workloads',
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    passWithNoTests: true,
    globalSetup: ['./test/globalSetup.ts'],
    testTimeout: 60_000,
    hookTimeout: 180_000,
  },
})
