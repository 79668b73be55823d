/**
 * Benchmark parts that need the whole service: decision-to-last-recipient latency (N conferences
 * approved at once, each circulating to R recipients), run by the web process's own worker or by
 * separate worker processes (`npm run worker`) against the same Redis, and Redis memory per conference.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import { readConfig } from '../src/config.ts';
import type { Conference } from '../src/domain/conference.ts';
import { createLogger } from '../src/infra/logger.ts';
import { startRuntime } from '../src/runtime/start.ts';
import { deleteKeysByPrefix } from '../src/storage/redis-keys.ts';
import { WorkerPool } from '../scripts/chaos/infra.ts';
import { benchApi } from './bench-config.ts';
import { holdAndDecide } from './conference-body.ts';
import { startMailSink } from './mail-sink.ts';

const KEY = 'bench-key-0123456789abcdef';
const pct = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))] ?? NaN;

async function usedMemory(redis: Redis): Promise<number> {
  const info = await redis.info('memory');
  return Number(/used_memory:(\d+)/.exec(info)?.[1] ?? NaN);
}

export async function deleteKeys(url: string, prefix: string): Promise<void> {
  const redis = new Redis(url);
  await deleteKeysByPrefix(redis, prefix);
  redis.disconnect();
}

/** A conference of `recipients` people (chair, social worker, minute taker, professionals, a parent). */
export function fanOutConferenceBody(i: number, recipients: number) {
  const professionals = Math.max(0, recipients - 4);
  return {
    policy: 'hackney',
    kind: 'initial',
    startsAt: '2027-01-04T10:00',
    strategyDiscussionOn: '2026-12-14',
    mode: 'virtual',
    children: [{ firstName: 'Bench', lastName: 'Child', dateOfBirth: '2019-01-01' }],
    attendees: [
      { name: 'Chair', email: `chair${i}@example.gov.uk`, role: 'chair' },
      { name: 'SW', email: `sw${i}@example.gov.uk`, role: 'social-worker', managerEmail: `m${i}@example.gov.uk` },
      { name: 'Minutes', email: `min${i}@example.gov.uk`, role: 'minute-taker' },
      ...Array.from({ length: professionals }, (_, k) => ({
        name: `P${k}`,
        email: `p${k}-${i}@example.org`,
        role: 'professional',
        agency: `Agency ${k}`,
      })),
      { name: 'Parent', email: `parent${i}@example.com`, role: 'parent' },
    ],
  };
}

export interface DecisionFigures {
  decisionToLastRecipientMs: {
    p50: number;
    p99: number;
    max: number;
    conferences: number;
    recipientsEach: number;
    letters: number;
    /** SMTP connections per sending process (SMTP_POOL_SIZE). */
    smtpPoolSize: number;
    /** Separate worker processes (`npm run worker`); 0 = the web process's own worker. */
    workerProcesses: number;
    /** Jobs each worker runs at once (WORKER_CONCURRENCY). */
    workerConcurrency: number;
  };
  /** From the first approval to the last letter of all: the fan-out's whole length. */
  fanOutSeconds: number;
  lettersPerSecond: number;
  redisBytesPerConferenceViaApi: number;
}

/**
 * N conferences held at once; all approved in the same instant; time until each one's last letter
 * is accepted. `workerProcesses` > 0: the web process runs no jobs (WORKERS=none) and that many
 * `src/worker.ts` processes do, sharing nothing but Redis.
 */
export async function decisionToLastRecipient(
  url: string,
  prefix: string,
  conferences: number,
  recipients: number,
  env: Record<string, string> = {},
  workerProcesses = 0,
  /**
   * For bench/profile-workers.ts: `start` is called with the worker processes' ids just before the
   * approvals, `end` after the last letter; with `warmUp`, that many other conferences are decided
   * and sent first (not measured), so the workers' code is compiled before the window.
   */
  window?: { start(workerPids: number[]): void; end(): void; warmUp?: number },
): Promise<DecisionFigures> {
  const accepted = new Map<string, number[]>();
  const sink = await startMailSink((head) => {
    const subject = /^Subject: (.*)$/im.exec(head)?.[1] ?? '';
    const ref = /CPC-\d{4}-\d{4}/.exec(subject)?.[0];
    if (ref && /decision/i.test(subject) && !/not yet approved/i.test(subject))
      accepted.set(ref, [...(accepted.get(ref) ?? []), performance.now()]);
  });
  const port = sink.port;
  const shared = {
    NODE_ENV: 'test',
    REDIS_URL: url,
    REDIS_PREFIX: prefix,
    SMTP_URL: `smtp://127.0.0.1:${port}`,
    SMTP_REQUIRE_TLS: 'false',
    SIMULATED_CLOCK: '1',
    SIMULATED_START: '2027-01-04T09:00:00Z',
    COORDINATOR_API_KEY: KEY,
    LOG_LEVEL: 'error',
    ...env,
  };
  const config = readConfig({
    ...shared,
    PORT: '0',
    INBOUND_SMTP_PORT: '0',
    DATA_DIR: mkdtempSync(path.join(tmpdir(), 'cpc-bench-')),
    API_RATE_LIMIT_BURST: '100000',
    ...(workerProcesses > 0 ? { WORKERS: 'none' } : {}),
  });
  const rt = await startRuntime(config, createLogger({ level: 'error' }));
  const pool = new WorkerPool(
    { ...shared, DATA_DIR: mkdtempSync(path.join(tmpdir(), 'cpc-bench-w-')) },
    workerProcesses,
  );
  await pool.startAll();
  const redis = new Redis(url);
  const api = benchApi(rt.url, KEY);
  const before = await usedMemory(redis);
  const all: { id: string; reference: string; attendees: { id: string; role: string }[] }[] = [];
  const total = conferences + (window?.warmUp ?? 0);
  for (let i = 0; i < total; i += 10)
    all.push(
      ...(await Promise.all(
        Array.from({ length: Math.min(10, total - i) }, (_, k) =>
          api('POST', '/api/conferences', fanOutConferenceBody(i + k, recipients)),
        ),
      )),
    );
  // Invitations (and whatever the past deadlines still send) go out first, so the decision is
  // measured on an otherwise idle queue.
  await queueIdle(rt.scheduler.queue);
  const perConference = ((await usedMemory(redis)) - before) / (total / conferences);
  const created = all.slice(0, conferences);
  // Created an hour before the meeting: the report deadlines are past, so only the meeting-day steps remain.
  await api('POST', '/api/dev/clock', { advanceTo: '2027-01-04T10:00' });
  for (const c of all) {
    await holdAndDecide(api, c);
  }
  const warm = all.slice(conferences);
  await Promise.all(warm.map((c) => api('POST', `/api/conferences/${c.id}/decision/approve`, {})));
  while (warm.some((c) => (accepted.get(c.reference)?.length ?? 0) < recipients))
    await new Promise((r) => setTimeout(r, 20));
  for (const c of warm) accepted.delete(c.reference);
  if (warm.length) await queueIdle(rt.scheduler.queue);
  const released = new Map<string, number>();
  window?.start(pool.procs.flatMap((p) => (p?.pid ? [p.pid] : [])));
  await Promise.all(
    created.map(async (c) => {
      released.set(c.reference, performance.now());
      await api('POST', `/api/conferences/${c.id}/decision/approve`, {});
    }),
  );
  const deadline = Date.now() + 300_000;
  while (Date.now() < deadline && created.some((c) => (accepted.get(c.reference)?.length ?? 0) < recipients))
    await new Promise((r) => setTimeout(r, 20));
  window?.end();
  const latencies = created.map((c) => Math.max(...(accepted.get(c.reference) ?? [NaN])) - released.get(c.reference)!);
  const letters = [...accepted.values()].reduce((n, xs) => n + xs.length, 0);
  const fanOutMs = Math.max(...[...accepted.values()].flat()) - Math.min(...released.values());
  await pool.stopAll();
  await rt.stop();
  redis.disconnect();
  await sink.close();
  await deleteKeys(url, prefix);
  return {
    decisionToLastRecipientMs: {
      p50: Math.round(pct(latencies, 50)),
      p99: Math.round(pct(latencies, 99)),
      max: Math.round(Math.max(...latencies)),
      conferences,
      recipientsEach: recipients,
      letters,
      smtpPoolSize: config.SMTP_POOL_SIZE,
      workerProcesses,
      workerConcurrency: config.WORKER_CONCURRENCY,
    },
    fanOutSeconds: Number((fanOutMs / 1000).toFixed(2)),
    lettersPerSecond: Math.round(letters / (fanOutMs / 1000)),
    redisBytesPerConferenceViaApi: Math.round(perConference / conferences),
  };
}

async function queueIdle(queue: { getJobCounts(...states: string[]): Promise<Record<string, number>> }) {
  for (;;) {
    const c = await queue.getJobCounts('waiting', 'active', 'prioritized');
    if ((c['waiting'] ?? 0) + (c['active'] ?? 0) + (c['prioritized'] ?? 0) === 0) return;
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Redis memory per stored conference: INFO memory before and after N conferences written through the store. */
export async function memoryPerConference(
  url: string,
  prefix: string,
  count: number,
): Promise<{ conferences: number; bytesPerConference: number; bytesTotal: number }> {
  const { RedisConferenceStore } = await import('../src/storage/redis-store.ts');
  const { DataCipher } = await import('../src/infra/data-cipher.ts');
  const config = readConfig({});
  const redis = new Redis(url);
  const store = new RedisConferenceStore({
    redis,
    prefix,
    clock: { now: () => new Date() },
    cipher: new DataCipher(config.dataEncryptionKey),
    indexSecret: config.dataEncryptionKey,
  });
  // The test fixture: an initial conference for two siblings with a full set of attendees, timetable and report records.
  const { makeConference } = await import('../test/helpers/fixtures.ts');
  const sample: Conference = makeConference();
  const before = await usedMemory(redis);
  for (let i = 0; i < count; i += 200) {
    await Promise.all(
      Array.from({ length: Math.min(200, count - i) }, (_, k) => {
        const n = i + k;
        return store.create({
          ...sample,
          id: `m${n.toString(36).padStart(11, '0')}`,
          reference: `CPC-2099-${String(n).padStart(5, '0')}`,
        });
      }),
    );
  }
  const after = await usedMemory(redis);
  await store.close();
  redis.disconnect();
  await deleteKeys(url, prefix);
  return { conferences: count, bytesPerConference: Math.round((after - before) / count), bytesTotal: after - before };
}
