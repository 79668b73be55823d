import { defineConfig } from 'vitest/config';

/**
 * Two projects: `unit` (pure, no Redis or servers: `npm run test:unit` runs it alone in seconds)
 * and `integration` (real Redis, SMTP, fake Google/Graph servers, Chromium). `npm test` runs both.
 */
export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // Integration tests share one Redis server (each test uses its own key prefix / queue names),
    // and several spawn child processes: keep parallelism modest on a 2-core machine.
    maxWorkers: 2,
    projects: [
      { extends: true, test: { name: 'unit', include: ['test/unit/**/*.test.ts'] } },
      { extends: true, test: { name: 'integration', include: ['test/integration/**/*.test.ts', 'test/e2e/**/*.test.ts'] } },
    ],
  },
});
