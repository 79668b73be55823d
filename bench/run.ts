/**
 * `npm run bench`: figures, not assertions. In one run on the same Redis:
 *  1. raw BullMQ no-op throughput (jobs/s);
 *  2. our notification throughput: whole conferences created through the API, every invite and
 *     report request rendered, ledgered and accepted by a local SMTP server (messages/s);
 *  3. lateness (p50/p99) of 1,000 delayed jobs firing on the real clock;
 *  4. decision to last recipient (p50/p99): 50 conferences approved at once, 30 recipients each;
 *  5. Redis memory per conference: 10,000 written through the store (and per conference via the API);
 *  6. footprint (bench/footprint.ts): Redis bytes per active conference after a whole lifecycle, and
 *     50,000 active conferences in one Redis with the dashboard's list and one conference's view timed.
 *     `BENCH_ONLY=footprint` runs this section alone and merges its keys into latest.json.
 *  7. the figures for a year of 10,000 conferences (bench/figures.ts; alone with BENCH_ONLY=figures).
 * Uses REDIS_URL, else 127.0.0.1:6379, else an embedded redis-server.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { SMTPServer } from 'smtp-server';
import { readConfig } from '../src/config.ts';
import { startEmbeddedRedis } from '../src/infra/embedded-redis.ts';
import { createLogger } from '../src/infra/logger.ts';
import { startRuntime } from '../src/runtime/start.ts';
import { decisionToLastRecipient, memoryPerConference, type DecisionFigures } from './decision.ts';
import { deleteKeysByPrefix } from '../src/storage/redis-keys.ts';
import { benchConferenceBody } from './conference-body.ts';
import { footprint, footprintOnly } from './footprint.ts';
import { figuresBench, printFiguresBench } from './figures.ts';

const RAW_JOBS = Number(process.env.BENCH_RAW_JOBS ?? 5000);
const CONFERENCES = Number(process.env.BENCH_CONFERENCES ?? 40);
const DELAYED_JOBS = Number(process.env.BENCH_DELAYED_JOBS ?? 1000);
const DECIDING = Number(process.env.BENCH_DECIDING ?? 50);
const RECIPIENTS = Number(process.env.BENCH_RECIPIENTS ?? 30);
const MEMORY_CONFERENCES = Number(process.env.BENCH_MEMORY_CONFERENCES ?? 10_000);

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? NaN;
};

async function redisUrl(): Promise<{ url: string; stop: () => Promise<void> }> {
  const url = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  const probe = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  probe.on('error', () => {});
  try {
    await probe.connect();
    await probe.ping();
    probe.disconnect();
    return { url, stop: async () => {} };
  } catch {
    probe.disconnect();
    const r = await startEmbeddedRedis({ bin: 'redis-server', dataDir: mkdtempSync(path.join(tmpdir(), 'cpc-bench-')) });
    return { url: r.url, stop: r.stop };
  }
}

async function rawThroughput(url: string, prefix: string): Promise<number> {
  const connection = new Redis(url, { maxRetriesPerRequest: null });
  const queue = new Queue('bench-raw', { connection, prefix });
  let done = 0;
  let resolveAll!: () => void;
  const all = new Promise<void>((r) => (resolveAll = r));
  const worker = new Worker('bench-raw', async () => {}, { connection: new Redis(url, { maxRetriesPerRequest: null }), prefix, concurrency: 50 });
  worker.on('completed', () => {
    if (++done === RAW_JOBS) resolveAll();
  });
  const t0 = performance.now();
  for (let i = 0; i < RAW_JOBS; i += 500) {
    await queue.addBulk(Array.from({ length: Math.min(500, RAW_JOBS - i) }, (_, k) => ({ name: 'noop', data: { i: i + k }, opts: { removeOnComplete: true } })));
  }
  await all;
  const rate = RAW_JOBS / ((performance.now() - t0) / 1000);
  await worker.close();
  await queue.obliterate({ force: true });
  await queue.close();
  connection.disconnect();
  return rate;
}

/** Worker and SMTP settings the notification figure is measured with (the old defaults, for before/after). */
type Tuning = Record<string, string>;

async function notificationThroughput(url: string, prefix: string, tuning: Tuning = {}): Promise<{ messages: number; perSecond: number; seconds: number; apiSeconds: number }> {
  let accepted = 0;
  const smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, _s, cb) {
      stream.resume();
      stream.on('end', () => {
        accepted++;
        cb();
      });
    },
  });
  // A client that dies mid-conversation (a killed worker) resets its socket: not a test failure.
  smtp.on('error', () => {});
  await new Promise<void>((r) => smtp.listen(0, '127.0.0.1', () => r()));
  const port = (smtp.server.address() as { port: number }).port;
  const dataDir = mkdtempSync(path.join(tmpdir(), 'cpc-bench-'));
  const config = readConfig({
    NODE_ENV: 'test', REDIS_URL: url, REDIS_PREFIX: prefix, PORT: '0', INBOUND_SMTP_PORT: '0', DATA_DIR: dataDir,
    SMTP_URL: `smtp://127.0.0.1:${port}`, SMTP_REQUIRE_TLS: 'false', SIMULATED_CLOCK: '1', SIMULATED_START: '2026-12-01T09:00:00Z',
    COORDINATOR_API_KEY: 'bench-key-0123456789abcdef', API_RATE_LIMIT_BURST: '100000', ...tuning,
  });
  const rt = await startRuntime(config, createLogger({ level: 'error' }));
  const body = benchConferenceBody;
  // Per conference: 7 invites + 5 report requests.
  const expected = CONFERENCES * 12;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: CONFERENCES }, (_, i) =>
      fetch(`${rt.url}/api/conferences`, { method: 'POST', headers: { authorization: 'Bearer bench-key-0123456789abcdef', 'content-type': 'application/json' }, body: JSON.stringify(body(i)) }),
    ),
  );
  // The figure includes creating the conferences: the workers share the process (and its one
  // event loop) with the API, so little is sent until every POST has been answered.
  const apiSeconds = (performance.now() - t0) / 1000;
  while (accepted < expected) await new Promise((r) => setTimeout(r, 10));
  const seconds = (performance.now() - t0) / 1000;
  await rt.stop();
  const redis = new Redis(url);
  await deleteKeysByPrefix(redis, prefix);
  redis.disconnect();
  await new Promise<void>((r) => smtp.close(() => r()));
  return { messages: accepted, perSecond: accepted / seconds, seconds, apiSeconds };
}

async function delayedLateness(url: string, prefix: string): Promise<{ p50: number; p99: number; max: number }> {
  const connection = new Redis(url, { maxRetriesPerRequest: null });
  const queue = new Queue('bench-delayed', { connection, prefix });
  const lateness: number[] = [];
  let resolveAll!: () => void;
  const all = new Promise<void>((r) => (resolveAll = r));
  const worker = new Worker(
    'bench-delayed',
    async (job) => {
      lateness.push(Date.now() - (job.data as { due: number }).due);
      if (lateness.length === DELAYED_JOBS) resolveAll();
    },
    { connection: new Redis(url, { maxRetriesPerRequest: null }), prefix, concurrency: 20 },
  );
  const start = Date.now() + 500;
  const jobs = Array.from({ length: DELAYED_JOBS }, (_, i) => {
    const due = start + Math.floor((i / DELAYED_JOBS) * 3000);
    return { name: 'due', data: { due }, opts: { delay: due - Date.now(), removeOnComplete: true } };
  });
  await queue.addBulk(jobs);
  await all;
  await worker.close();
  await queue.obliterate({ force: true });
  await queue.close();
  connection.disconnect();
  return { p50: pct(lateness, 50), p99: pct(lateness, 99), max: Math.max(...lateness) };
}

if (process.env.BENCH_ONLY === 'footprint') {
  await footprintOnly();
  process.exit(0);
}

const redis = await redisUrl();
const prefix = `bench${Date.now().toString(36)}`;
if (process.env.BENCH_ONLY === 'figures') {
  printFiguresBench(await figuresBench(redis.url, `${prefix}f`));
  await redis.stop();
  process.exit(0);
}
const raw = await rawThroughput(redis.url, prefix);
const before = await notificationThroughput(redis.url, `${prefix}b`, { WORKER_CONCURRENCY: '5', SMTP_POOL_SIZE: '4' });
const ours = await notificationThroughput(redis.url, `${prefix}n`);
const late = await delayedLateness(redis.url, prefix);
let decision: DecisionFigures | string;
try {
  decision = await decisionToLastRecipient(redis.url, `${prefix}d`, DECIDING, RECIPIENTS);
} catch (err) {
  decision = `not measured: ${err instanceof Error ? err.message : String(err)}`;
}
const memory = await memoryPerConference(redis.url, `${prefix}m`, MEMORY_CONFERENCES);
const yearFigures = await figuresBench(redis.url, `${prefix}f`);
await redis.stop();
// On a redis-server of its own: it measures used memory and fills it with 50,000 conferences.
const fp = await footprint();

const figures = {
  at: new Date().toISOString(),
  node: process.version,
  rawBullmqNoopJobsPerSecond: Math.round(raw),
  notificationMessagesPerSecond: Math.round(ours.perSecond),
  notificationMessages: ours.messages,
  notificationSeconds: Number(ours.seconds.toFixed(2)),
  notificationApiPhaseSeconds: Number(ours.apiSeconds.toFixed(2)),
  notificationMessagesPerSecondBefore: Math.round(before.perSecond),
  ratioOursToRaw: Number((ours.perSecond / raw).toFixed(4)),
  delayedJobLatenessMs: late,
  ...(typeof decision === 'string' ? { decisionToLastRecipient: decision } : decision),
  redisMemoryPerStoredConference: memory,
  ...fp,
  figuresForAYear: yearFigures,
};
console.log(`raw BullMQ no-op throughput      ${figures.rawBullmqNoopJobsPerSecond} jobs/s (${RAW_JOBS} jobs)`);
console.log(`our notification throughput      ${figures.notificationMessagesPerSecond} messages/s (${ours.messages} emails from ${CONFERENCES} conferences, each rendered, ledgered, ICS attached, accepted by SMTP); with the old settings (5 jobs at once per worker) ${figures.notificationMessagesPerSecondBefore} messages/s`);
console.log(`  of which creating the conferences ${ours.apiSeconds.toFixed(2)} s of ${ours.seconds.toFixed(2)} s (${CONFERENCES} POSTs at once, answered before most sending starts)`);
console.log(`ratio ours / raw                 ${figures.ratioOursToRaw}`);
console.log(`delayed-job lateness (${DELAYED_JOBS} jobs)  p50 ${late.p50} ms, p99 ${late.p99} ms, max ${late.max} ms`);
if (typeof decision === 'string') console.log(`decision to last recipient       ${decision}`);
else {
  const d = decision.decisionToLastRecipientMs;
  console.log(`decision to last recipient       p50 ${d.p50} ms, p99 ${d.p99} ms, max ${d.max} ms (${d.conferences} conferences approved at once, ${d.recipientsEach} recipients each, ${d.letters} letters)`);
  console.log(`Redis memory per conference      ${decision.redisBytesPerConferenceViaApi} bytes created through the API (aggregate, audit, ledger, ~30 queued jobs)`);
}
console.log(`Redis memory per stored conference ${memory.bytesPerConference} bytes (${memory.conferences} written through the store, encrypted; ${(memory.bytesTotal / 1024 / 1024).toFixed(1)} MiB)`);
printFiguresBench(yearFigures);
mkdirSync('bench/results', { recursive: true });
writeFileSync('bench/results/latest.json', JSON.stringify(figures, null, 2));
console.log('figures written to bench/results/latest.json');
process.exit(0);
