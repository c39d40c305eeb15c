import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // npm test runs the unit project, then the integration project (so the CPU-heavy unit tests do not
    // skew the labs' timing), each writing a JSON report that .ci/run sums up.
    reporters: ['default', 'json'],
    outputFile: { json: 'dist/test-results/vitest.json' },
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
          globalSetup: ['lab/testing/sweep.ts'],
          testTimeout: 180_000,
          hookTimeout: 180_000,
        },
      },
      {
        // The examples are written as a user of the package writes tests: `mcast-lab` and
        // `mcast-lab/vitest` resolve to the built package (dist/), through package.json "exports".
        test: {
          name: 'examples',
          include: ['examples/**/*.test.ts'],
          fileParallelism: false,
          testTimeout: 180_000,
        },
      },
    ],
  },
});
