import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    reporters: ['default', 'json'],
    // Read by .ci/run for its one-line summary.
    outputFile: { json: 'dist/test-results.json' },
    projects: [
      {
        test: {
          name: 'unit',
          include: ['{lab,router-sim,node-agent,common,scripts}/**/*.test.ts'],
          exclude: ['**/*.integration.test.ts'],
        },
      },
      {
        test: {
          name: 'integration',
          include: ['{lab,router-sim,node-agent,common,scripts}/**/*.integration.test.ts'],
          // Labs share one Docker engine and the host's iptables: run the files one after another.
          fileParallelism: false,
          globalSetup: ['lab/test/sweep.ts'],
          testTimeout: 180_000,
          hookTimeout: 180_000,
        },
      },
    ],
  },
});
