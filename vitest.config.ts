import { defineConfig } from 'vitest/config'

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
        },
      },
      {
        test: {
          name: 'apps',
          include: ['apps/*/src/**/*.test.ts'],
        },
      },
    ],
  },
})
