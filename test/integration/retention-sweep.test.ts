/**
 * The daily retention sweep: RETENTION_SWEEP_AT validated, the next London time of day across
 * daylight saving, one job per day however many processes start (or restart), a sweep firing in
 * simulated time purges an exported ended conference and keeps one not exported, and a sweep that
 * keeps failing retries and ends in the failed list without ending the daily schedule.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import { afterEach, describe, expect, it } from 'vitest';
import { nextLondonTimeOfDay } from '../../src/app/shared/time.ts';
import { ConfigError, readConfig } from '../../src/config.ts';
import { createLogger } from '../../src/infra/logger.ts';
import { startRuntime, type Runtime } from '../../src/runtime/start.ts';
import { FIXTURE_FAMILY_NAMES } from '../helpers/fixtures.ts';
import { redisUrl } from '../helpers/redis.ts';
import { hackneyInitialBody, startTestService, type TestService } from '../helpers/service.ts';

const closers: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});
async function start(env: Record<string, string> = {}): Promise<TestService> {
  const s = await startTestService(env);
  closers.push(() => s.stop());
  return s;
}

const problems = (env: Record<string, string | undefined>): string[] => {
  try {
    readConfig(env);
    return [];
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as ConfigError).problems;
  }
};

async function sweepJobs(
  rt: Runtime,
  states: ('delayed' | 'waiting' | 'active' | 'completed' | 'failed')[] = ['delayed', 'waiting', 'active'],
) {
  const jobs = await rt.scheduler.queue.getJobs(states, 0, -1);
  return jobs
    .filter((j) => j.name === 'retention-sweep')
    .map((j) => ({ id: j.id, data: j.data as Record<string, unknown> }));
}

describe('RETENTION_SWEEP_AT', () => {
  it('defaults to 02:30, accepts H:MM and HH:MM, and names itself when it is not a time of day', () => {
    expect(readConfig({}).RETENTION_SWEEP_AT).toBe('02:30');
    expect(readConfig({ RETENTION_SWEEP_AT: '' }).RETENTION_SWEEP_AT).toBe('02:30');
    expect(readConfig({ RETENTION_SWEEP_AT: ' 7:05 ' }).RETENTION_SWEEP_AT).toBe('07:05');
    expect(readConfig({ RETENTION_SWEEP_AT: '23:59' }).RETENTION_SWEEP_AT).toBe('23:59');
    for (const bad of ['24:00', '2:3', '02:60', 'noon', '0230', '02:30:00', '-1:00']) {
      expect(problems({ RETENTION_SWEEP_AT: bad }), bad).toEqual([
        expect.stringMatching(/^RETENTION_SWEEP_AT: expected a London time of day as HH:MM/),
      ]);
    }
  });
});

describe('next London time of day', () => {
  const next = (after: string, at: string) => nextLondonTimeOfDay(new Date(after), at).toISOString();
  it('is strictly after, in GMT and in BST', () => {
    expect(next('2026-12-01T09:00:00Z', '02:30')).toBe('2026-12-02T02:30:00.000Z');
    expect(next('2026-12-01T02:29:59Z', '02:30')).toBe('2026-12-01T02:30:00.000Z');
    expect(next('2026-12-01T02:30:00Z', '02:30')).toBe('2026-12-02T02:30:00.000Z');
    expect(next('2027-06-01T00:00:00Z', '02:30')).toBe('2027-06-01T01:30:00.000Z'); // 02:30 BST
    expect(next('2027-06-01T23:30:00Z', '00:15')).toBe('2027-06-02T23:15:00.000Z'); // 00:30 BST on 2 June: next is 00:15 BST on 3 June
  });
  it('runs once on the days the clocks change', () => {
    // 28 March 2027: 01:00 GMT becomes 02:00 BST; 02:30 exists, 01:30 does not (it runs at 02:30 BST).
    expect(next('2027-03-27T12:00:00Z', '02:30')).toBe('2027-03-28T01:30:00.000Z');
    expect(next('2027-03-27T12:00:00Z', '01:30')).toBe('2027-03-28T01:30:00.000Z');
    expect(next('2027-03-28T01:30:00Z', '02:30')).toBe('2027-03-29T01:30:00.000Z');
    // 31 October 2027: 02:00 BST becomes 01:00 GMT; 01:30 happens twice and is taken once.
    expect(next('2027-10-30T12:00:00Z', '02:30')).toBe('2027-10-31T02:30:00.000Z');
    expect(next('2027-10-30T12:00:00Z', '01:30')).toBe('2027-10-31T01:30:00.000Z');
    expect(next('2027-10-31T01:30:00Z', '01:30')).toBe('2027-11-01T01:30:00.000Z');
  });
});

describe('the daily sweep job', () => {
  /** Runtimes without HTTP sharing one prefix, as several processes share one Redis. */
  function sharedConfig(env: Record<string, string> = {}) {
    const prefix = `t${randomBytes(5).toString('hex')}`;
    const dataDir = mkdtempSync(path.join(tmpdir(), 'cpc-sweep-'));
    const redis = new Redis(redisUrl());
    closers.push(async () => {
      let cursor = '0';
      do {
        const [nextCursor, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
        if (keys.length) await redis.del(...keys);
        cursor = nextCursor;
      } while (cursor !== '0');
      await redis.quit();
      rmSync(dataDir, { recursive: true, force: true });
    });
    const config = (more: Record<string, string> = {}) =>
      readConfig({
        NODE_ENV: 'test',
        REDIS_URL: redisUrl(),
        REDIS_PREFIX: prefix,
        PORT: '0',
        INBOUND_SMTP_PORT: '0',
        DATA_DIR: dataDir,
        SIMULATED_CLOCK: '1',
        SIMULATED_START: '2026-12-01T09:00:00Z',
        RETENTION_DAYS: '30',
        ...env,
        ...more,
      });
    const logs: string[] = [];
    const launch = async (more: Record<string, string> = {}) => {
      const rt = await startRuntime(config(more), createLogger({ level: 'debug', write: (l) => logs.push(l) }), {
        listen: false,
      });
      closers.push(() => rt.stop());
      return rt;
    };
    return { launch, logs };
  }

  it(
    'is queued once however many processes start at once, and a restart adds no second one',
    { timeout: 30_000 },
    async () => {
      const { launch, logs } = sharedConfig();
      const [a, b, c] = await Promise.all([launch(), launch(), launch({ WORKERS: 'none' })]);
      const jobs = await sweepJobs(a);
      expect(jobs).toEqual([
        { id: 'retention-sweep-2026-12-02', data: { step: 'retention-sweep', runAt: '2026-12-02T02:30:00.000Z' } },
      ]);
      expect(await sweepJobs(b)).toEqual(jobs);
      await c.stop();
      await launch(); // a restart
      expect(await sweepJobs(a)).toEqual(jobs);
      const scheduled = logs.map((l) => JSON.parse(l)).filter((l) => l.msg === 'retention sweep scheduled');
      expect(scheduled.map((l) => l.jobId)).toEqual(Array(4).fill('retention-sweep-2026-12-02'));
      expect(scheduled.at(-1)).toMatchObject({ added: false, runAt: '2026-12-02T02:30:00+00:00' });
    },
  );

  it(
    'moves to a changed RETENTION_SWEEP_AT without a second job that day, and is not queued when RETENTION_DAYS is 0',
    { timeout: 30_000 },
    async () => {
      const { launch } = sharedConfig();
      const a = await launch();
      await launch({ RETENTION_SWEEP_AT: '23:00' });
      expect(await sweepJobs(a)).toEqual([
        { id: 'retention-sweep-2026-12-01', data: { step: 'retention-sweep', runAt: '2026-12-01T23:00:00.000Z' } },
      ]);
      await launch({ RETENTION_SWEEP_AT: '04:00' }); // back the other way: the 23:00 run today goes
      expect(await sweepJobs(a)).toEqual([
        { id: 'retention-sweep-2026-12-02', data: { step: 'retention-sweep', runAt: '2026-12-02T04:00:00.000Z' } },
      ]);

      const off = sharedConfig({ RETENTION_DAYS: '0' });
      const o = await off.launch();
      expect(await sweepJobs(o, ['delayed', 'waiting', 'active', 'completed', 'failed'])).toEqual([]);
    },
  );

  it(
    'fires at 02:30 London time each day: purges a cancelled conference exported since, keeps one not exported',
    { timeout: 120_000 },
    async () => {
      const s = await start({ RETENTION_DAYS: '30' });
      const exported = (await s.api('POST', '/api/conferences', hackneyInitialBody())).body;
      const notExported = (
        await s.api('POST', '/api/conferences', hackneyInitialBody({ startsAt: '2027-01-11T10:00' }))
      ).body;
      for (const c of [exported, notExported]) {
        expect(
          (
            await s.api('POST', `/api/conferences/${c.id}/cancel`, {
              reason: 'Family moved away',
              requestedBy: 'coordinator',
            })
          ).status,
        ).toBe(200);
      }
      await s.advanceTo('2026-12-01T12:00'); // the cancellations go out
      expect((await s.api('GET', `/api/conferences/${exported.id}/export`)).status).toBe(200);

      const before = await s.advanceTo('2026-12-31T12:00');
      const sweeps = before.ran.filter((r) => r.step === 'retention-sweep');
      expect(sweeps.map((r) => r.id)).toHaveLength(30);
      expect(sweeps[0]).toMatchObject({
        id: 'retention-sweep-2026-12-02',
        runAt: '2026-12-02T02:30:00.000Z',
        outcome: 'completed',
      });
      expect(sweeps.every((r) => r.outcome === 'completed')).toBe(true);
      expect((await s.api('GET', `/api/conferences/${exported.id}`)).status).toBe(200); // 30 days not yet up

      const after = await s.advanceTo('2027-01-01T12:00');
      expect(after.ran.filter((r) => r.step === 'retention-sweep').map((r) => r.id)).toEqual([
        'retention-sweep-2027-01-01',
      ]);
      expect((await s.api('GET', `/api/conferences/${exported.id}`)).status).toBe(404);
      expect((await s.api('GET', `/api/conferences/${notExported.id}`)).status).toBe(200);
      expect((await s.redisKeys()).filter((k) => k.includes(`:conf:${exported.id}`))).toEqual([]);
      const log = (await s.api('GET', '/api/retention/log')).body;
      expect(log).toEqual([
        expect.objectContaining({ conferenceId: exported.id, reference: exported.reference, actor: 'retention-sweep' }),
      ]);
      expect(log[0].at).toMatch(/^2027-01-01T02:30:00(Z|\+00:00)$/);

      // The log says how many, never who; the next day's run is queued.
      const done = s.logs.map((l) => JSON.parse(l)).filter((l) => l.msg === 'retention sweep done');
      expect(done).toHaveLength(31);
      expect(done.at(-1)).toMatchObject({ retentionDays: 30, purged: 1, keptNotYetDue: 0, keptNotExported: 1 });
      expect(done[0]).toMatchObject({ purged: 0, keptNotYetDue: 2, keptNotExported: 0 });
      for (const name of FIXTURE_FAMILY_NAMES) expect(s.logs.filter((l) => l.includes(name))).toEqual([]);
      expect(await sweepJobs(s.rt)).toEqual([
        { id: 'retention-sweep-2027-01-02', data: { step: 'retention-sweep', runAt: '2027-01-02T02:30:00.000Z' } },
      ]);
    },
  );

  it(
    'a sweep that keeps failing retries with backoff, ends in the failed list and can be retried; the next day is still queued',
    { timeout: 60_000 },
    async () => {
      const s = await start({ RETENTION_DAYS: '30', JOB_ATTEMPTS: '3', JOB_BACKOFF_MS: '100' });
      const store = s.rt.deps.store as { list: () => Promise<unknown> };
      store.list = async () => {
        throw new Error('store unavailable');
      };
      const ran = await s.advanceTo('2026-12-02T03:00');
      expect(ran.ran).toEqual([
        expect.objectContaining({ id: 'retention-sweep-2026-12-02', step: 'retention-sweep', outcome: 'retrying' }),
      ]);
      const deadline = Date.now() + 20_000;
      let entry: any;
      while (!entry) {
        if (Date.now() > deadline) throw new Error('the sweep never reached the failed list');
        entry = (await s.api('GET', '/api/jobs/failed')).body.find((j: any) => j.id === 'retention-sweep-2026-12-02');
        if (!entry) await new Promise((r) => setTimeout(r, 50));
      }
      expect(entry).toMatchObject({ step: 'retention-sweep', conferenceId: '', attemptsMade: 3 });
      expect(entry.failedReason).toMatch(/store unavailable/);
      expect((await sweepJobs(s.rt, ['delayed'])).map((j) => j.id)).toEqual(['retention-sweep-2026-12-03']);

      delete (store as Partial<typeof store>).list; // the store answers again (its own method)
      expect((await s.api('POST', '/api/jobs/retention-sweep-2026-12-02/retry', {})).status).toBe(200);
      const until = Date.now() + 10_000;
      while (!(await sweepJobs(s.rt, ['completed'])).length) {
        if (Date.now() > until) throw new Error('the retried sweep did not complete');
        await new Promise((r) => setTimeout(r, 50));
      }
      expect((await sweepJobs(s.rt, ['delayed'])).map((j) => j.id)).toEqual(['retention-sweep-2026-12-03']);
    },
  );
});
