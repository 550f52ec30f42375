import { defineProject } from 'vitest/config'

// The runtime's tests run real containers in a real Docker engine. The global setup finds one or
// starts Hearth's own dockerd (installing docker.io when it is missing) and builds the busybox
// image once; it stops the daemon afterwards when it started it and no other process uses it.
export default defineProject({
  test: {
    name: 'runtime',
    include: ['src/**/*.test.ts'],
    globalSetup: ['./test/globalSetup.ts'],
    // A container starts in ~0.2 s; a test runs a few. The Debian image build sets its own timeout.
    testTimeout: 30_000,
    hookTimeout: 120_000,
  },
})
