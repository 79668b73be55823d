/**
 * Stopping while Redis is down (a worker or the web process told to stop during a Redis outage):
 * the service stops, and nothing it opened goes on reconnecting. It used to wait for ever for its
 * workers to drain into a Redis that was not there (BullMQ's blocking fetch sat in the offline
 * queue), and a QUIT queued behind waiting commands left the client reconnecting.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import { expect, it, vi } from 'vitest';
import { conferenceBody, driver } from '../../scripts/chaos/drive.ts';
import { ChaosRedis, freePort, startChaosSmtp } from '../../scripts/chaos/infra.ts';
import { readConfig } from '../../src/config.ts';
import { createLogger } from '../../src/infra/logger.ts';
import { startRuntime } from '../../src/runtime/start.ts';
import { until } from '../helpers/wait.ts';

const KEY = 'stop-without-redis-key-0123456789';

// A stop that hangs fails on the timeout: generous, as start-up and the first send take tens of
// seconds on a loaded machine.
it('stops while its Redis is down, and nothing it opened keeps reconnecting', { timeout: 90_000 }, async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'cpc-stop-'));
  const redis = new ChaosRedis(await freePort(), path.join(dir, 'redis'));
  const smtp = await startChaosSmtp();
  const lines: string[] = [];
  try {
    await redis.start();
    const rt = await startRuntime(
      readConfig({
        NODE_ENV: 'test',
        REDIS_URL: redis.url,
        REDIS_PREFIX: 'stop',
        WORKERS: 'in-process',
        PORT: '0',
        INBOUND_SMTP_PORT: '0',
        DATA_DIR: dir,
        SMTP_URL: smtp.url,
        SMTP_REQUIRE_TLS: 'false',
        COORDINATOR_API_KEY: KEY,
        COORDINATOR_EMAIL: 'coordinator@example.gov.uk',
        LOG_LEVEL: 'error',
      }),
      createLogger({ level: 'error', write: (l) => lines.push(l) }),
    );
    // A conference and its invitations: the store's connections, the queue and the workers all in use.
    await driver(rt.url, KEY, (l) => lines.push(l)).api('POST', '/api/conferences', conferenceBody(0));
    await until('the first invitation sent', () => smtp.messages.length > 0, 20_000);

    await redis.stop();
    await rt.stop();

    // Every client has stopped for good: none tries to connect again, for longer than ioredis waits
    // between attempts (2 s at most).
    const connects = vi.spyOn(Redis.prototype, 'connect');
    try {
      await new Promise((r) => setTimeout(r, 3_000));
      expect(connects).not.toHaveBeenCalled();
    } finally {
      connects.mockRestore();
    }
  } finally {
    await redis.stop();
    await smtp.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
