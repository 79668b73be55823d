/**
 * `npx tsx bench/profile-fanout.ts`: where a decision's fan-out spends its time. The same workload
 * as the bench's fanout section (bench/decision.ts), in one process that runs the jobs itself:
 * BENCH_DECIDING conferences × BENCH_RECIPIENTS recipients created, held and decided, then all
 * approved at once. For the approval-to-last-letter window only it prints the process's CPU per
 * letter, time per stage (store, ledger, mailer, render cache, scheduler), and the Redis round
 * trips per letter by command (a counting wrapper on ioredis: a pipeline or MULTI is one round
 * trip; the worker's blocking fetches are counted apart), and Redis's own CPU (meaningful on a
 * Redis nothing else uses). BENCH_CPU_PROFILE=file writes a V8 CPU profile of the window,
 * BENCH_HEAP_PROFILE=file a sampled allocation profile (what makes the garbage). Env: any config variable (WORKER_CONCURRENCY, SMTP_POOL_SIZE).
 * Figures, not assertions.
 */
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { Redis } from 'ioredis';
import { createLogger } from '../src/infra/logger.ts';
import { startRuntime } from '../src/runtime/start.ts';
import { deleteKeysByPrefix } from '../src/storage/redis-keys.ts';
import { fanOutConferenceBody } from './decision.ts';
import { startMailSink } from './mail-sink.ts';
import { benchApi, benchConfig } from './bench-config.ts';
import { holdAndDecide } from './conference-body.ts';

const CONFERENCES = Number(process.env.BENCH_DECIDING ?? 20);
const RECIPIENTS = Number(process.env.BENCH_RECIPIENTS ?? 30);
const KEY = 'bench-key-0123456789abcdef';
const url = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const prefix = `benchfan${Date.now().toString(36)}`;

// Round trips: a command sent on its own is one; the commands of one pipeline/MULTI share a stream
// object (ioredis passes it to sendCommand), so each distinct stream is one round trip.
let counting = false;
const single = new Map<string, number>();
const piped = new Map<string, number>();
const streams = new WeakSet<object>();
let pipelines = 0;
const proto = Redis.prototype as unknown as { sendCommand: (cmd: { name: string }, stream?: object) => unknown };
const sendCommand = proto.sendCommand;
proto.sendCommand = function (this: unknown, cmd: { name: string }, stream?: object) {
  if (counting) {
    if (stream) {
      if (!streams.has(stream)) {
        streams.add(stream);
        pipelines++;
      }
      piped.set(cmd.name, (piped.get(cmd.name) ?? 0) + 1);
    } else single.set(cmd.name, (single.get(cmd.name) ?? 0) + 1);
  }
  return sendCommand.call(this, cmd, stream);
};

const stages = new Map<string, { calls: number; ms: number }>();
/** A proxy timing the named methods (the store is itself a proxy, so its methods are not patched in place). */
function timed<T extends object>(obj: T, label: string, methods: string[]): T {
  return new Proxy(obj, {
    get(target, prop, receiver) {
      const v = Reflect.get(target, prop, receiver) as unknown;
      if (typeof v !== 'function') return v;
      const fn = (v as (...a: unknown[]) => unknown).bind(target);
      if (!methods.includes(String(prop))) return fn;
      return async (...args: unknown[]) => {
        const t = performance.now();
        try {
          return await fn(...args);
        } finally {
          if (counting) {
            const k = `${label}.${String(prop)}`;
            const s = stages.get(k) ?? { calls: 0, ms: 0 };
            s.calls++;
            s.ms += performance.now() - t;
            stages.set(k, s);
          }
        }
      };
    },
  });
}

let accepted = 0;
const sink = await startMailSink((head) => {
  if (/^Subject: .*decision/im.test(head) && !/not yet approved/i.test(head)) accepted++;
});
const port = sink.port;

const env: Record<string, string> = {};
for (const k of ['WORKER_CONCURRENCY', 'SMTP_POOL_SIZE']) if (process.env[k]) env[k] = process.env[k]!;
const config = benchConfig({
  redisUrl: url,
  prefix,
  start: '2027-01-04T09:00:00Z',
  smtpUrl: `smtp://127.0.0.1:${port}`,
  key: KEY,
  env: { LOG_LEVEL: 'error', ...env },
});
const rt = await startRuntime(config, createLogger({ level: 'error' }));
const deps = rt.deps;
deps.store = timed(deps.store, 'store', ['get', 'update', 'audit']);
deps.ledger = timed(deps.ledger, 'ledger', ['claim', 'claimMany', 'markSent', 'get', 'getMany', 'list']);
deps.mailer = timed(deps.mailer, 'mailer', ['send']);
deps.jobs = timed(deps.jobs, 'jobs', ['schedule']);
deps.renders = timed(deps.renders, 'renders', ['getOrRender']);

const api = benchApi(rt.url, KEY);
const created: { id: string; attendees: { id: string }[] }[] = [];
for (let i = 0; i < CONFERENCES; i += 10)
  created.push(
    ...(await Promise.all(
      Array.from({ length: Math.min(10, CONFERENCES - i) }, (_, k) =>
        api('POST', '/api/conferences', fanOutConferenceBody(i + k, RECIPIENTS)),
      ),
    )),
  );
const idle = async () => {
  for (;;) {
    const c = await rt.scheduler.queue.getJobCounts('waiting', 'active', 'prioritized');
    if ((c['waiting'] ?? 0) + (c['active'] ?? 0) + (c['prioritized'] ?? 0) === 0) return;
    await new Promise((r) => setTimeout(r, 100));
  }
};
await idle();
await api('POST', '/api/dev/clock', { advanceTo: '2027-01-04T10:00' });
for (const c of created) {
  await holdAndDecide(api, c);
}
await idle();

const profileTo = process.env.BENCH_CPU_PROFILE;
const inspector = profileTo ? new Session() : undefined;
const heapTo = process.env.BENCH_HEAP_PROFILE;
const heapInspector = heapTo ? new Session() : undefined;
if (inspector) {
  inspector.connect();
  await inspector.post('Profiler.enable');
  await inspector.post('Profiler.start');
}
if (heapInspector) {
  heapInspector.connect();
  await heapInspector.post('HeapProfiler.enable');
  await heapInspector.post('HeapProfiler.startSampling', {
    samplingInterval: 16384,
    includeObjectsCollectedByMajorGC: true,
    includeObjectsCollectedByMinorGC: true,
  });
}
const expected = CONFERENCES * RECIPIENTS;
// Redis's own CPU for the window (only meaningful when nothing else uses this Redis).
const probe = new Redis(url);
const redisCpu = async () => {
  const info = await probe.info('cpu');
  const f = (k: string) => Number(new RegExp(`${k}:([\\d.]+)`).exec(info)?.[1] ?? NaN);
  return (f('used_cpu_user') + f('used_cpu_sys')) * 1000;
};
const redis0 = await redisCpu();
counting = true;
const t0 = performance.now();
const cpu0 = process.cpuUsage();
await Promise.all(created.map((c) => api('POST', `/api/conferences/${c.id}/decision/approve`, {})));
const approvedMs = performance.now() - t0;
while (accepted < expected && performance.now() - t0 < 300_000) await new Promise((r) => setTimeout(r, 5));
const wallMs = performance.now() - t0;
const cpu = process.cpuUsage(cpu0);
counting = false;
const redisMs = (await redisCpu()) - redis0;
probe.disconnect();
if (inspector && profileTo) {
  const { profile } = await inspector.post('Profiler.stop');
  writeFileSync(profileTo, JSON.stringify(profile));
  inspector.disconnect();
}
if (heapInspector && heapTo) {
  const { profile } = await heapInspector.post('HeapProfiler.stopSampling');
  writeFileSync(heapTo, JSON.stringify(profile));
  heapInspector.disconnect();
}
const retried = (await rt.scheduler.queue.getJobs(['completed', 'failed', 'delayed'], 0, -1)).filter(
  (j) => j.attemptsMade > 1 || (j.failedReason ?? '') !== '',
).length;
await rt.stop();
const cleaner = new Redis(url);
await deleteKeysByPrefix(cleaner, prefix);
cleaner.disconnect();
await sink.close();

const per = (n: number) => (n / expected).toFixed(2);
console.log(
  `${accepted}/${expected} decision letters from ${CONFERENCES} conferences in ${wallMs.toFixed(0)} ms (approvals answered in ${approvedMs.toFixed(0)} ms) = ${(accepted / (wallMs / 1000)).toFixed(1)} letters/s`,
);
console.log(
  `  process CPU ${((cpu.user + cpu.system) / 1000).toFixed(0)} ms (${(((cpu.user + cpu.system) / 1000 / wallMs) * 100).toFixed(0)}% of one core) = ${per((cpu.user + cpu.system) / 1000)} ms CPU per letter; jobs that failed an attempt ${retried}`,
);
console.log(`  Redis server CPU ${redisMs.toFixed(0)} ms = ${per(redisMs)} ms per letter (all clients of ${url})`);
console.log('  stage (summed over concurrent calls, queueing included)');
for (const [label, s] of [...stages].sort((a, b) => b[1].ms - a[1].ms))
  console.log(
    `    ${label.padEnd(22)} calls ${String(s.calls).padStart(5)} (${per(s.calls)}/letter)  total ${s.ms.toFixed(0).padStart(7)} ms  mean ${(s.ms / s.calls).toFixed(2).padStart(7)} ms`,
  );
const blocking = new Set(['bzpopmin', 'brpoplpush', 'blmove', 'xread', 'bzpopmax']);
const rows = (m: Map<string, number>) => [...m].filter(([k]) => !blocking.has(k)).sort((a, b) => b[1] - a[1]);
const singles = rows(single).reduce((n, [, v]) => n + v, 0);
console.log(
  `  Redis round trips ${singles + pipelines} (${per(singles + pipelines)}/letter): ${singles} single commands, ${pipelines} pipelines/MULTIs carrying ${[...piped.values()].reduce((a, b) => a + b, 0)} commands; blocking fetches ${[...single].filter(([k]) => blocking.has(k)).reduce((n, [, v]) => n + v, 0)}`,
);
for (const [k, v] of rows(single).slice(0, 16))
  console.log(`    ${k.padEnd(14)} ${String(v).padStart(6)}  ${per(v)}/letter`);
console.log('  in pipelines/MULTIs:');
for (const [k, v] of rows(piped).slice(0, 10))
  console.log(`    ${k.padEnd(14)} ${String(v).padStart(6)}  ${per(v)}/letter`);
process.exit(0);
