import { configDefaults, defineConfig } from 'vitest/config'

// One project per kind of workspace. A package that needs its own setup (anvil, Docker) can move to
// its own `vitest.config.ts` and be listed here by path.
export default defineConfig({
  test: {
    passWithNoTests: true,
    projects: [
      {
        test: {
          name: 'packages',
          include: ['packages/*/src/**/*.test.ts', 'packages/*/scripts/**/*.test.mjs'],
          exclude: [
            ...configDefaults.exclude,
            'packages/runtime/**',
            'packages/workloads/**',
            'packages/sdk/**',
          ],
        },
      },
      {
        // Runs against real anvil nodes (one per test file, on a free port): slower than unit tests.
        test: {
          name: 'sdk',
          include: ['packages/sdk/src/**/*.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      // Needs a Docker engine: its global setup finds or starts one (installing docker.io when missing).
      'packages/runtime/vitest.config.ts',
      'packages/workloads/vitest.config.ts',
      {
        test: {
          name: 'apps',
          include: ['apps/*/src/**/*.test.ts'],
          exclude: [...configDefaults.exclude, 'apps/provider/**', 'apps/indexer/**'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      // The provider agent: unit tests, and integration tests against anvil and a real Docker engine.
      'apps/provider/vitest.config.ts',
      // The indexer against anvil, on SQLite and on a throwaway PostgreSQL cluster.
      'apps/indexer/vitest.config.ts',
      // The consumer commands against anvil, a provider agent and a real Docker engine.
      'apps/cli/vitest.config.ts',
      // The web console in Debian's Chromium against a devnet it starts (or HEARTH_CONSOLE_URL).
      'apps/console/vitest.config.ts',
    ],
  },
})
