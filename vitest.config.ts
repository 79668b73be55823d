import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // Integration tests share one Redis server (each test uses its own key prefix / queue names),
    // and several spawn child processes: keep parallelism modest on a 2-core machine.
    maxWorkers: 2,
  },
});
