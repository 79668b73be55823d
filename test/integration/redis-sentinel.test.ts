/**
 * Highly available Redis: the service reaches Redis through three sentinels (REDIS_SENTINELS,
 * REDIS_SENTINEL_MASTER) with one master and one replica on this machine. While the chair's
 * decisions fan out to every recipient (and the API is still approving more), the master is
 * failed over (SENTINEL FAILOVER). Counted as the chaos suite counts (scripts/chaos/tally.ts):
 * every message the ledger knows of reached the SMTP server, none twice, no job failed, and the
 * conferences are read back from the new master.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { conferenceBody, driver, holdMeeting, type Created } from '../../scripts/chaos/drive.ts';
import { startChaosSmtp, type ChaosSmtp } from '../../scripts/chaos/infra.ts';
import { tally, waitForDrain } from '../../scripts/chaos/tally.ts';
import { readConfig } from '../../src/config.ts';
import { createLogger } from '../../src/infra/logger.ts';
import { startRuntime, type Runtime } from '../../src/runtime/start.ts';
import { MASTER_NAME, sentinelUnavailable, startSentinelSet, type SentinelSet } from '../helpers/sentinel.ts';
import { until } from '../helpers/wait.ts';

const KEY = 'sentinel-test-key-0123456789abcdef';

/**
 * ioredis, on a failover: every command in flight on a connection to the demoted master comes back
 * READONLY, and for each one `reconnectOnError` (src/runtime/redis-client.ts) has the client
 * disconnect, which adds one 'close' listener to the same socket until it closes (ioredis 5
 * AbstractConnector.disconnect). With more than ten commands in flight Node warns
 * MaxListenersExceededWarning (hundreds of lines in a passing run). The listeners go with the
 * socket: nothing leaks. This test takes those warnings instead of printing them (SENTINEL_TEST_REPORT=1
 * counts them) and prints any other warning as Node would.
 */
const SOCKET_CLOSE_LISTENERS = /^Possible EventEmitter memory leak detected\. \d+ close listeners added to \[Socket\]/;
function captureSocketCloseWarnings(): { taken: Error[]; others: Error[]; restore: () => void } {
  const printers = process.listeners('warning');
  const taken: Error[] = [];
  const others: Error[] = [];
  const onWarning = (w: Error) => {
    if (w.name === 'MaxListenersExceededWarning' && SOCKET_CLOSE_LISTENERS.test(w.message)) taken.push(w);
    else {
      others.push(w);
      for (const print of printers) print.call(process, w);
    }
  };
  for (const print of printers) process.removeListener('warning', print);
  process.on('warning', onWarning);
  return {
    taken,
    others,
    restore: () => {
      process.removeListener('warning', onWarning);
      for (const print of printers) process.on('warning', print);
    },
  };
}
const CONFERENCES = 4;
const unavailable = sentinelUnavailable();

describe.skipIf(unavailable !== undefined)(
  `Redis through Sentinel${unavailable ? ` (skipped: ${unavailable})` : ''}`,
  () => {
    let set: SentinelSet;
    let smtp: ChaosSmtp;
    let rt: Runtime;
    let stopped = false;
    let dir: string;
    const lines: string[] = [];
    let warnings: ReturnType<typeof captureSocketCloseWarnings> | undefined;

    beforeAll(async () => {
      warnings = captureSocketCloseWarnings();
      set = await startSentinelSet();
      smtp = await startChaosSmtp();
      dir = mkdtempSync(path.join(tmpdir(), 'cpc-sentinel-svc-'));
      const config = readConfig({
        NODE_ENV: 'test',
        REDIS_SENTINELS: set.sentinels.map((s) => `${s.host}:${s.port}`).join(','),
        REDIS_SENTINEL_MASTER: MASTER_NAME,
        REDIS_PREFIX: 'ha',
        PORT: '0',
        INBOUND_SMTP_PORT: '0',
        DATA_DIR: dir,
        SMTP_URL: smtp.url,
        SMTP_REQUIRE_TLS: 'false',
        SIMULATED_CLOCK: '1',
        SIMULATED_START: '2027-01-04T09:00:00Z',
        COORDINATOR_API_KEY: KEY,
        COORDINATOR_EMAIL: 'coordinator@example.gov.uk',
        API_RATE_LIMIT_BURST: '100000',
        JOB_ATTEMPTS: '20',
        JOB_BACKOFF_MS: '300',
        LOG_LEVEL: 'error',
      });
      rt = await startRuntime(config, createLogger({ level: 'error', write: (l) => lines.push(l) }));
    }, 60_000);

    afterAll(async () => {
      if (!stopped) await rt?.stop();
      await smtp?.close();
      await set?.stop();
      if (dir) rmSync(dir, { recursive: true, force: true });
      warnings?.restore();
    });

    it(
      'fails the master over in the middle of a fan-out: nothing lost, nothing sent twice',
      { timeout: 120_000 },
      async () => {
        expect(rt.redisUrl).toBe(
          `sentinel://${set.sentinels.map((s) => `${s.host}:${s.port}`).join(',')}/${MASTER_NAME}`,
        );
        expect(await set.master()).toBe(`127.0.0.1:${set.masterPort}`);
        const d = driver(rt.url, KEY, (l) => lines.push(l));
        const created: Created[] = [];
        for (let i = 0; i < CONFERENCES; i++) created.push(await d.api('POST', '/api/conferences', conferenceBody(i)));
        await waitForDrain(rt, 60_000);
        await d.api('POST', '/api/dev/clock', { advanceTo: '2027-01-04T10:00:00Z' });
        const invitations = smtp.messages.length;
        expect(invitations).toBeGreaterThan(CONFERENCES * 6);

        // Every meeting at once; the failover starts as soon as the first decision is fanning out,
        // while the other conferences are still being approved through the API.
        let pendingAtFailover = 0;
        const failover = (async () => {
          await until(
            'a decision fanning out',
            async () =>
              (await rt.scheduler.queue.getJobs(['waiting', 'active'])).filter((j) => j.name === 'circulate-decision')
                .length,
            60_000,
          ).then((n) => (pendingAtFailover = n));
          await set.failover();
        })();
        await Promise.all([failover, ...created.map((c) => holdMeeting(d, c))]);
        await until(
          'the sentinels to name the new master',
          async () => (await set.master()) === `127.0.0.1:${set.replicaPort}`,
          30_000,
        );
        await waitForDrain(rt, 60_000);

        const r = await tally(rt, smtp);
        const report = [
          `pending circulation jobs at the failover: ${pendingAtFailover}`,
          JSON.stringify({ ...r, details: undefined }),
          ...r.details,
          ...lines.slice(-20),
        ].join('\n');
        expect(pendingAtFailover, report).toBeGreaterThan(0);
        expect((await rt.deps.store.list()).length, report).toBeGreaterThanOrEqual(CONFERENCES);
        // Each conference's decision went to its seven attendees (one by post) on top of the invitations.
        expect(r.expected, report).toBeGreaterThan(invitations + CONFERENCES * 5);
        expect(r.lost, report).toBe(0);
        expect(r.duplicated, report).toBe(0);
        expect(r.visibleDuplicates, report).toBe(0);
        expect(r.failedJobs, report).toBe(0);
        // Circulated, and on to the follow-ups the approval put on the clock.
        for (const c of created)
          expect(['circulated', 'follow-up'], report).toContain((await d.api('GET', `/api/conferences/${c.id}`)).state);
        if (process.env.SENTINEL_TEST_REPORT)
          console.log(`${report}\n${warnings!.taken.length} socket close-listener warnings taken`);
      },
    );

    // Each client through Sentinel (the service's own, BullMQ's, the store's) listens for failovers
    // on every sentinel. A stopped service that left those open kept reconnecting to the sentinels
    // every minute, and printed "[ioredis] Unhandled error event: ECONNREFUSED" once they were gone.
    it('stops without leaving a connection to the sentinels', async () => {
      expect(await set.subscribers()).toBeGreaterThanOrEqual(set.sentinels.length);
      await rt.stop();
      stopped = true;
      await until('no client left listening on the sentinels', async () => (await set.subscribers()) === 0, 10_000);
    });
  },
);
