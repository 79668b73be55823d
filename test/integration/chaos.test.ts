/**
 * The chaos suite at CI size: a few conferences through their whole lifecycle while workers in
 * child processes are SIGKILLed, Redis is restarted and SMTP refuses mail for a while. Nothing may
 * be lost or sent twice. `npm run chaos` runs the full size (50 / 100 / 20).
 */
import { describe, expect, it } from 'vitest';
import { printChaos, runChaos } from '../../scripts/chaos.ts';

describe('chaos (CI size)', () => {
  it(
    'loses nothing, and duplicates nothing beyond the SMTP hand-over window, through worker kills, Redis restarts and SMTP refusals',
    { timeout: 170_000 },
    async () => {
      const lines: string[] = [];
      const r = await runChaos({
        // The smallest run that still kills a worker, restarts Redis and refuses SMTP while mail flows
        // (`npm run chaos` runs 50 / 100 / 20). One worker process, killed twice (replaced after the
        // first kill only), beside the web process's own worker: two worker start-ups instead of four.
        conferences: 3,
        workerKills: 2,
        workerProcesses: 1,
        webRunsJobs: true,
        redisRestarts: 1,
        minSmtpRefusals: 1,
        seed: 4242,
        log: (l) => lines.push(l),
      });
      printChaos(r, (l) => lines.push(l));
      expect(r.workerKills).toBe(2);
      expect(r.redisRestarts).toBe(1);
      expect(r.smtpRefusalWindows).toBeGreaterThanOrEqual(1);
      expect(r.refusedRcpts, lines.join('\n')).toBeGreaterThan(0);
      expect(r.expected).toBeGreaterThan(3 * 30);
      expect(r.lost, lines.join('\n')).toBe(0);
      // The one duplicate SIGKILL can cause: a worker killed after handing a message to SMTP and before
      // recording it. The retry re-sends with the same Message-ID (mail stores drop such repeats); any
      // other duplicate is a bug.
      expect(r.duplicated - r.duplicatedInKillWindow, lines.join('\n')).toBe(0);
      // Every repeat is exact (the first copy's Message-ID and Date): nothing a recipient would see twice.
      expect(r.visibleDuplicates, lines.join('\n')).toBe(0);
      expect(r.duplicated).toBeLessThanOrEqual(r.workerKills);
      expect(r.failedJobs).toBe(0);
      // How long recovery took is a figure `npm run chaos` prints, not a test's bound: that it recovered is
      // shown above (nothing lost, no job failed).
    },
  );
});
