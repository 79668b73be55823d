/**
 * `npm run bench`: figures, not assertions. In one run on the same Redis, by section
 * (BENCH_ONLY=raw,notify,… runs only those; the others keep their last figures in latest.json):
 *  raw       raw BullMQ no-op throughput (jobs/s);
 *  notify    our notification throughput: whole conferences created through the API, every invite
 *            and report request rendered, ledgered and accepted by a local SMTP server (messages/s);
 *            then the transport's ceiling: the same messages straight through the same pooled
 *            nodemailer to the same sink; printed as ratios to both;
 *  delayed   lateness (p50/p99) of 1,000 delayed jobs firing on the real clock;
 *  fanout    decision to last recipient (p50/p99): 50 conferences approved at once, 30 recipients
 *            each, sent by 1 and then 2 worker processes (`npm run worker`) beside a web process
 *            that runs no jobs, each after 10 other conferences' fan-out warmed its workers
 *            (BENCH_FANOUT_WARMUP); the speed-up of the second;
 *  memory    Redis memory per conference: 10,000 written through the store;
 *  figures   the figures for a year of 10,000 conferences (bench/figures.ts);
 *  search    finding a conference by name, or the start of one, among 10,000 (bench/search.ts);
 *  footprint Redis bytes per active conference after a whole lifecycle, and 50,000 active conferences
 *            in one Redis with the dashboard's list and one conference's view timed (bench/footprint.ts).
 * Uses REDIS_URL, else 127.0.0.1:6379, else an embedded redis-server. Every run ends by rewriting
 * the README's figures from bench/results/latest.json (bench/readme-figures.ts).
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { z } from 'zod';
import { startEmbeddedRedis } from '../src/infra/embedded-redis.ts';
import { decisionToLastRecipient, memoryPerConference, type DecisionFigures } from './decision.ts';
import { median, notificationRounds } from './notify.ts';
import { RECOMMENDED, updateReadme } from './readme-figures.ts';
import { footprint } from './footprint.ts';
import { figuresBench, printFiguresBench } from './figures.ts';
import { printSearchBench, searchBench } from './search.ts';

const SECTIONS = ['raw', 'notify', 'delayed', 'fanout', 'memory', 'figures', 'search', 'footprint'] as const;
type Section = (typeof SECTIONS)[number];

const count = (fallback: number) => z.coerce.number().int().positive().default(fallback);
const BenchEnv = z.object({
  BENCH_ONLY: z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (!v?.trim()) return undefined;
      const names = v
        .split(',')
        .map((x) => x.trim())
        .filter(Boolean);
      const unknown = names.filter((n) => !(SECTIONS as readonly string[]).includes(n));
      if (unknown.length)
        ctx.addIssue({
          code: 'custom',
          message: `unknown section ${unknown.join(', ')}: choose from ${SECTIONS.join(', ')}`,
        });
      return new Set(names as Section[]);
    }),
  BENCH_RAW_JOBS: count(5000),
  BENCH_CONFERENCES: count(40),
  /** Measured rounds of the notify section (after one warm-up round); its ratio is their median. */
  BENCH_NOTIFY_ROUNDS: count(5),
  BENCH_DELAYED_JOBS: count(1000),
  BENCH_DECIDING: count(50),
  BENCH_RECIPIENTS: count(30),
  /**
   * Conferences decided and sent through the same worker processes before the measured fan-out, so
   * that both runs measure warm workers (a service's workers are long-lived); 0 measures cold ones.
   */
  BENCH_FANOUT_WARMUP: z.coerce.number().int().min(0).default(10),
  BENCH_MEMORY_CONFERENCES: count(10_000),
  /** Worker processes the fan-out is run with, in turn; the speed-up is the last over the first. */
  BENCH_FANOUT_WORKERS: z
    .string()
    .default(`1,${RECOMMENDED.workerProcesses}`)
    .transform((v, ctx) => {
      const ns = v.split(',').map((x) => Number(x.trim()));
      if (!ns.length || ns.some((n) => !Number.isInteger(n) || n < 1 || n > 16))
        ctx.addIssue({ code: 'custom', message: 'a comma-separated list of worker process counts, 1 to 16' });
      return ns;
    }),
});
const parsed = BenchEnv.safeParse(process.env);
if (!parsed.success) {
  for (const i of parsed.error.issues) process.stderr.write(`${i.path.join('.')}: ${i.message}\n`);
  process.exit(2);
}
const env = parsed.data;
const runs = (s: Section) => !env.BENCH_ONLY || env.BENCH_ONLY.has(s);

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
    const r = await startEmbeddedRedis({
      bin: 'redis-server',
      dataDir: mkdtempSync(path.join(tmpdir(), 'cpc-bench-')),
    });
    return { url: r.url, stop: r.stop };
  }
}

async function rawThroughput(url: string, prefix: string): Promise<number> {
  const connection = new Redis(url, { maxRetriesPerRequest: null });
  const queue = new Queue('bench-raw', { connection, prefix });
  let done = 0;
  let resolveAll!: () => void;
  const all = new Promise<void>((r) => (resolveAll = r));
  const worker = new Worker('bench-raw', async () => {}, {
    connection: new Redis(url, { maxRetriesPerRequest: null }),
    prefix,
    concurrency: 50,
  });
  worker.on('completed', () => {
    if (++done === env.BENCH_RAW_JOBS) resolveAll();
  });
  const t0 = performance.now();
  for (let i = 0; i < env.BENCH_RAW_JOBS; i += 500) {
    await queue.addBulk(
      Array.from({ length: Math.min(500, env.BENCH_RAW_JOBS - i) }, (_, k) => ({
        name: 'noop',
        data: { i: i + k },
        opts: { removeOnComplete: true },
      })),
    );
  }
  await all;
  const rate = env.BENCH_RAW_JOBS / ((performance.now() - t0) / 1000);
  await worker.close();
  await queue.obliterate({ force: true });
  await queue.close();
  connection.disconnect();
  return rate;
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
      if (lateness.length === env.BENCH_DELAYED_JOBS) resolveAll();
    },
    { connection: new Redis(url, { maxRetriesPerRequest: null }), prefix, concurrency: 20 },
  );
  const start = Date.now() + 500;
  const jobs = Array.from({ length: env.BENCH_DELAYED_JOBS }, (_, i) => {
    const due = start + Math.floor((i / env.BENCH_DELAYED_JOBS) * 3000);
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

const LATEST = 'bench/results/latest.json';
const previous: Record<string, unknown> = existsSync(LATEST)
  ? (JSON.parse(readFileSync(LATEST, 'utf8')) as Record<string, unknown>)
  : {};
const figures: Record<string, unknown> = env.BENCH_ONLY ? { ...previous } : {};
const sectionsAt: Record<string, string> = env.BENCH_ONLY
  ? { ...((previous['sectionsAt'] as Record<string, string> | undefined) ?? {}) }
  : {};
const started = performance.now();
const took: Record<string, number> = {};
const timed = async <T>(s: Section, f: () => Promise<T>): Promise<T> => {
  const t = performance.now();
  try {
    return await f();
  } finally {
    took[s] = Math.round((performance.now() - t) / 1000);
    sectionsAt[s] = new Date().toISOString();
  }
};

const redis = await redisUrl();
const prefix = `bench${Date.now().toString(36)}`;
const tuning = {
  SMTP_POOL_SIZE: String(RECOMMENDED.smtpPoolSize),
  WORKER_CONCURRENCY: String(RECOMMENDED.workerConcurrency),
};
figures['at'] = new Date().toISOString();
figures['node'] = process.version;

if (runs('raw')) {
  const raw = await timed('raw', () => rawThroughput(redis.url, prefix));
  figures['rawBullmqNoopJobsPerSecond'] = Math.round(raw);
  console.log(`raw BullMQ no-op throughput      ${Math.round(raw)} jobs/s (${env.BENCH_RAW_JOBS} jobs)`);
}

if (runs('notify')) {
  const { ours, before } = await timed('notify', async () => ({
    ours: await notificationRounds(redis.url, `${prefix}n`, {
      conferences: env.BENCH_CONFERENCES,
      rounds: env.BENCH_NOTIFY_ROUNDS,
    }),
    // The old settings, for before/after: one round, after ours (so its code is compiled too).
    before: await notificationRounds(redis.url, `${prefix}b`, {
      conferences: env.BENCH_CONFERENCES,
      rounds: 1,
      warmUp: false,
      withCeiling: false,
      tuning: { WORKER_CONCURRENCY: '5', SMTP_POOL_SIZE: '4' },
    }),
  }));
  const rounds = ours.rounds;
  const ratios = rounds.map((r) => r.ratio!);
  const perSecond = median(rounds.map((r) => r.perSecond));
  const transportPerSecond = median(rounds.map((r) => r.transport!.perSecond));
  const raw = Number(figures['rawBullmqNoopJobsPerSecond']);
  const r3 = (x: number) => Number(x.toFixed(3));
  Object.assign(figures, {
    notificationMessagesPerSecond: Math.round(perSecond),
    notificationMessages: rounds[0]!.messages,
    notificationSeconds: Number(median(rounds.map((r) => r.seconds)).toFixed(2)),
    notificationApiPhaseSeconds: Number(median(rounds.map((r) => r.apiSeconds)).toFixed(2)),
    notificationMessagesPerSecondBefore: Math.round(before.rounds[0]!.perSecond),
    ratioOursToRaw: Number((perSecond / raw).toFixed(4)),
    transportMessagesPerSecond: Math.round(transportPerSecond),
    // The median of the rounds' own ratios (each round's pair ran back to back).
    ratioOursToTransport: r3(median(ratios)),
    ratioOursToTransportRange: {
      min: r3(Math.min(...ratios)),
      max: r3(Math.max(...ratios)),
      rounds: rounds.length,
      warmUpRounds: 1,
      ratios: ratios.map(r3),
    },
    // CPU per message, the transport's over ours (median of the rounds): the same ratio where
    // nothing else wants the CPU; a cross-check on a shared machine, not the figure.
    ratioOursToTransportCpu: r3(median(rounds.map((r) => r.cpuRatio!))),
    notificationCpuMsPerMessage: Number(median(rounds.map((r) => r.cpuMsPerMessage)).toFixed(2)),
    transportCpuMsPerMessage: Number(median(rounds.map((r) => r.transport!.cpuMsPerMessage)).toFixed(2)),
    transportSmtpPoolSize: ours.smtpPoolSize,
  });
  for (const [i, r] of rounds.entries())
    console.log(
      `  notify round ${i + 1}: ours ${Math.round(r.perSecond)} messages/s (${r.seconds.toFixed(2)} s, creating the conferences ${r.apiSeconds.toFixed(2)} s), transport ${Math.round(r.transport!.perSecond)} messages/s (${r.transport!.seconds.toFixed(2)} s), ratio ${r.ratio!.toFixed(3)}; CPU per message ours ${r.cpuMsPerMessage.toFixed(2)} ms, transport ${r.transport!.cpuMsPerMessage.toFixed(2)} ms, ratio ${r.cpuRatio!.toFixed(3)}`,
    );
  console.log(
    `our notification throughput      ${Math.round(perSecond)} messages/s (median of ${rounds.length} rounds after a warm-up; ${rounds[0]!.messages} emails a round from ${env.BENCH_CONFERENCES} conferences, each rendered, ledgered, ICS attached, accepted by SMTP); with the old settings (5 jobs at once per worker) ${Math.round(before.rounds[0]!.perSecond)} messages/s`,
  );
  console.log(
    `  of which creating the conferences ${figures['notificationApiPhaseSeconds']} s of ${figures['notificationSeconds']} s (${env.BENCH_CONFERENCES} POSTs at once, answered before most sending starts)`,
  );
  console.log(
    `transport ceiling                ${Math.round(transportPerSecond)} messages/s (median; each round's messages straight through the same pooled nodemailer, ${ours.smtpPoolSize} connections, to the same SMTP sink)`,
  );
  console.log(
    `ratio ours / transport           ${figures['ratioOursToTransport']} (target ≥ 0.5; median of ${rounds.length} rounds, ${Math.min(...ratios).toFixed(3)}–${Math.max(...ratios).toFixed(3)})`,
  );
  console.log(
    `  by CPU per message              ${figures['ratioOursToTransportCpu']} (median: transport ${figures['transportCpuMsPerMessage']} ms ÷ ours ${figures['notificationCpuMsPerMessage']} ms, the sink's CPU in both; the ratio where nothing else wants the CPU)`,
  );
  console.log(
    `ratio ours / raw BullMQ          ${Number.isFinite(raw) ? figures['ratioOursToRaw'] : 'not measured (run the raw section too)'}`,
  );
}

if (runs('delayed')) {
  const late = await timed('delayed', () => delayedLateness(redis.url, prefix));
  figures['delayedJobLatenessMs'] = late;
  console.log(
    `delayed-job lateness (${env.BENCH_DELAYED_JOBS} jobs)  p50 ${late.p50} ms, p99 ${late.p99} ms, max ${late.max} ms`,
  );
}

if (runs('fanout')) {
  const results = await timed('fanout', async () => {
    const out: (DecisionFigures | string)[] = [];
    for (const [i, n] of env.BENCH_FANOUT_WORKERS.entries()) {
      try {
        out.push(
          await decisionToLastRecipient(
            redis.url,
            `${prefix}d${i}`,
            env.BENCH_DECIDING,
            env.BENCH_RECIPIENTS,
            tuning,
            n,
            { start() {}, end() {}, warmUp: env.BENCH_FANOUT_WARMUP },
          ),
        );
      } catch (err) {
        out.push(`not measured: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
    return out;
  });
  for (const r of results) {
    if (typeof r === 'string') {
      console.log(`decision to last recipient       ${r}`);
      continue;
    }
    const d = r.decisionToLastRecipientMs;
    console.log(
      `decision to last recipient       p50 ${d.p50} ms, p99 ${d.p99} ms, max ${d.max} ms (${d.conferences} conferences approved at once, ${d.recipientsEach} recipients each, ${d.letters} letters; ${d.workerProcesses} worker process(es) × ${d.workerConcurrency} jobs at once, SMTP pool ${d.smtpPoolSize} each; whole fan-out ${r.fanOutSeconds} s, ${r.lettersPerSecond} letters/s)`,
    );
  }
  const measured = results.filter((r): r is DecisionFigures => typeof r !== 'string');
  const last = results.at(-1);
  if (typeof last === 'string' || !last) figures['decisionToLastRecipient'] = last ?? 'not measured';
  else {
    // The figure is the run with the recommended setting (the last); the first is for the speed-up.
    Object.assign(figures, {
      decisionToLastRecipientMs: last.decisionToLastRecipientMs,
      redisBytesPerConferenceViaApi: last.redisBytesPerConferenceViaApi,
    });
    delete figures['decisionToLastRecipient'];
    console.log(
      `Redis memory per conference      ${last.redisBytesPerConferenceViaApi} bytes created through the API (aggregate, audit, ledger, ~30 queued jobs)`,
    );
  }
  const first = measured[0];
  if (first && measured.length > 1 && last && typeof last !== 'string') {
    const speedup = Number((first.fanOutSeconds / last.fanOutSeconds).toFixed(2));
    figures['workerSpeedup'] = {
      speedup,
      warmUpConferences: env.BENCH_FANOUT_WARMUP,
      from: {
        workerProcesses: first.decisionToLastRecipientMs.workerProcesses,
        fanOutSeconds: first.fanOutSeconds,
        lettersPerSecond: first.lettersPerSecond,
        p99: first.decisionToLastRecipientMs.p99,
      },
      to: {
        workerProcesses: last.decisionToLastRecipientMs.workerProcesses,
        fanOutSeconds: last.fanOutSeconds,
        lettersPerSecond: last.lettersPerSecond,
        p99: last.decisionToLastRecipientMs.p99,
      },
    };
    console.log(
      `worker speed-up                  ×${speedup} with ${last.decisionToLastRecipientMs.workerProcesses} worker processes instead of ${first.decisionToLastRecipientMs.workerProcesses} (whole fan-out ${first.fanOutSeconds} s → ${last.fanOutSeconds} s, one Redis, workers warmed by ${env.BENCH_FANOUT_WARMUP} conferences first)`,
    );
  }
}

if (runs('memory')) {
  const memory = await timed('memory', () =>
    memoryPerConference(redis.url, `${prefix}m`, env.BENCH_MEMORY_CONFERENCES),
  );
  figures['redisMemoryPerStoredConference'] = memory;
  console.log(
    `Redis memory per stored conference ${memory.bytesPerConference} bytes (${memory.conferences} written through the store, encrypted; ${(memory.bytesTotal / 1024 / 1024).toFixed(1)} MiB)`,
  );
}

if (runs('figures')) {
  const yearFigures = await timed('figures', () => figuresBench(redis.url, `${prefix}f`));
  figures['figuresForAYear'] = yearFigures;
  printFiguresBench(yearFigures);
}
if (runs('search')) {
  const found = await timed('search', () => searchBench(redis.url, `${prefix}s`));
  figures['searchByName'] = found;
  printSearchBench(found);
}
await redis.stop();
if (runs('footprint')) {
  // On a redis-server of its own: it measures used memory and fills it with 50,000 conferences.
  Object.assign(figures, await timed('footprint', () => footprint({ log: (l) => console.log(l) })));
}

figures['sectionsAt'] = sectionsAt;
figures['sectionSeconds'] = {
  ...((env.BENCH_ONLY ? previous['sectionSeconds'] : undefined) as Record<string, number> | undefined),
  ...took,
};
// The command as run: every BENCH_ setting that was given, so the figures can be made again.
const given = Object.keys(process.env)
  .filter((k) => k.startsWith('BENCH_') && process.env[k])
  .sort()
  .map((k) => `${k}=${process.env[k]}`);
figures['command'] = [...given, 'npm run bench'].join(' ');
mkdirSync('bench/results', { recursive: true });
writeFileSync(LATEST, JSON.stringify(figures, null, 2));
console.log(
  `figures written to ${LATEST} (${Math.round((performance.now() - started) / 1000)} s: ${Object.entries(took)
    .map(([k, v]) => `${k} ${v} s`)
    .join(', ')})`,
);
// The README's figures are always the file's (a partial run's block says it is partial).
updateReadme('README.md', figures);
console.log('README.md figures rewritten from it');
process.exit(0);
