import { defineConfig } from 'vitest/config';
import { SlowFirstSequencer } from './test/slow-first-sequencer.ts';

/**
 * Two projects: `unit` (pure, no Redis or servers: `npm run test:unit` runs it alone in seconds)
 * and `integration` (real Redis, SMTP, fake Google/Graph servers, Chromium). `npm test` runs both.
 */
export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // Integration tests share one Redis server (each test uses its own key prefix / queue names) and
    // spend much of their time waiting on SMTP, Redis and child processes: three workers keep two
    // cores busy (the whole .ci/run took 9 min 20 s with two, 6 min 18 s with three, from a fresh clone).
    // With 157 files: 9 min 8 s with three, 9 min 26 s with four (each worker imports the service
    // once: import 73 s -> 126 s cumulative, and 1.9 of 2 cores were already busy).
    maxWorkers: 3,
    // Each worker imports the service and its libraries (botbuilder, googleapis, pdfkit, fonts…) once,
    // not once per file: about half the CPU (integration, 12 files: import 320 s -> 98 s cumulative;
    // unit, all 35 files: 56 s -> 30 s). Test files still run afresh, only the modules they import are
    // shared; every integration file starts and stops its own services under its own Redis prefix.
    // A test that changes module or process state (vi.spyOn, process.env.TZ) restores it itself.
    isolate: false,
    // The files known to run longest start first (test/slow-first-sequencer.ts): a fresh clone has no
    // cached durations, and a long file started last runs on alone while the other workers wait.
    sequence: { sequencer: SlowFirstSequencer },
    projects: [
      { extends: true, test: { name: 'unit', include: ['test/unit/**/*.test.ts'] } },
      // A private redis-server when none answers on 6379 (test/global-setup.ts).
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts', 'test/e2e/**/*.test.ts'],
          globalSetup: ['test/global-setup.ts'],
        },
      },
    ],
  },
});
