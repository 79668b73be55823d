/**
 * The simulated clock is safe to restart: it resumes where the data's clock stands, and refuses to
 * start anywhere else (or on data made in real time) unless told to, saying how to fix it.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { toLondonIso } from '../../src/app/shared/time.ts';
import { ConfigError, readConfig } from '../../src/config.ts';
import { createLogger } from '../../src/infra/logger.ts';
import { startRuntime, type Runtime } from '../../src/runtime/start.ts';
import { redisUrl } from '../helpers/redis.ts';
import { hackneyInitialBody, TEST_API_KEY } from '../helpers/service.ts';

const prefix = `t${randomBytes(5).toString('hex')}`;
const dataDir = mkdtempSync(path.join(tmpdir(), 'cpc-sim-'));

const launch = (env: Record<string, string>): Promise<Runtime> =>
  startRuntime(
    readConfig({
      NODE_ENV: 'test',
      REDIS_URL: redisUrl(),
      REDIS_PREFIX: prefix,
      PORT: '0',
      INBOUND_SMTP_PORT: '0',
      DATA_DIR: dataDir,
      COORDINATOR_API_KEY: TEST_API_KEY,
      LOG_LEVEL: 'error',
      ...env,
    }),
    createLogger({ level: 'error', write: () => {} }),
  );

async function post(rt: Runtime, p: string, body: unknown): Promise<{ status: number; body: any }> {
  const res = await fetch(rt.url + p, {
    method: 'POST',
    headers: { authorization: `Bearer ${TEST_API_KEY}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: await res.json() };
}

const refusal = (p: Promise<unknown>) =>
  p.then(
    () => 'started',
    (err: unknown) => (err instanceof ConfigError ? err.problems.join('\n') : `other: ${String(err)}`),
  );

describe('restarting with the simulated clock', () => {
  afterAll(async () => {
    const redis = new Redis(redisUrl());
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length) await redis.del(...keys);
    await redis.quit();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('resumes where the data left it, refuses an earlier start naming the fix, and starts there only when forced', async () => {
    const first = await launch({ SIMULATED_CLOCK: '1', SIMULATED_START: '2026-12-01T09:00:00Z' });
    expect((await post(first, '/api/conferences', hackneyInitialBody())).status).toBe(201);
    expect((await post(first, '/api/dev/clock', { advanceTo: '2026-12-10T09:00' })).status).toBe(200);
    await first.stop();

    const message = await refusal(launch({ SIMULATED_CLOCK: '1', SIMULATED_START: '2026-12-01T09:00:00Z' }));
    expect(message).toMatch(/^SIMULATED_START: this data's simulated clock stands at 2026-12-10T09:00/);
    expect(message).toMatch(/Unset SIMULATED_START to resume/);
    expect(message).toMatch(/SIMULATED_CLOCK_FORCE=true/);

    const resumed = await launch({ SIMULATED_CLOCK: '1' });
    expect(toLondonIso(resumed.clock.now())).toMatch(/^2026-12-10T09:00/);
    await resumed.stop();

    const forced = await launch({
      SIMULATED_CLOCK: '1',
      SIMULATED_START: '2026-12-20T09:00:00Z',
      SIMULATED_CLOCK_FORCE: 'true',
    });
    expect(toLondonIso(forced.clock.now())).toMatch(/^2026-12-20T09:00/);
    await forced.stop();
  });

  it('refuses a simulated clock on conferences made in real time', async () => {
    const other = `${prefix}r`;
    const real = await startRuntime(
      readConfig({
        NODE_ENV: 'test',
        REDIS_URL: redisUrl(),
        REDIS_PREFIX: other,
        PORT: '0',
        INBOUND_SMTP_PORT: '0',
        DATA_DIR: dataDir,
        COORDINATOR_API_KEY: TEST_API_KEY,
        LOG_LEVEL: 'error',
      }),
      createLogger({ level: 'error', write: () => {} }),
    );
    const body = hackneyInitialBody({ startsAt: toLondonIso(new Date(Date.now() + 40 * 86400_000)).slice(0, 16) });
    expect((await post(real, '/api/conferences', body)).status).toBe(201);
    await real.stop();
    const message = await refusal(
      startRuntime(
        readConfig({
          NODE_ENV: 'test',
          REDIS_URL: redisUrl(),
          REDIS_PREFIX: other,
          PORT: '0',
          INBOUND_SMTP_PORT: '0',
          DATA_DIR: dataDir,
          COORDINATOR_API_KEY: TEST_API_KEY,
          LOG_LEVEL: 'error',
          SIMULATED_CLOCK: '1',
          SIMULATED_START: '2026-12-01T09:00:00Z',
        }),
        createLogger({ level: 'error', write: () => {} }),
      ),
    );
    expect(message).toMatch(/^SIMULATED_CLOCK: this data holds 1 conference made without the simulated clock/);
    expect(message).toMatch(/fresh data folder \(DATA_DIR\)/);
  });
});
