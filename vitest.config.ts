import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['{lab,router-sim,node-agent,common,scripts}/**/*.test.ts'],
          exclude: ['**/*.integration.test.ts', 'dist/**', 'node_modules/**'],
        },
      },
      {
        test: {
          name: 'integration',
          include: ['{lab,router-sim,node-agent,common,scripts}/**/*.integration.test.ts'],
          // Labs share one Docker engine and the host's iptables: run the files one after another.
          fileParallelism: false,
          testTimeout: 180_000,
          hookTimeout: 180_000,
        },
      },
    ],
  },
});
