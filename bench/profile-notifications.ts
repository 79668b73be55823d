/**
 * `npx tsx bench/profile-notifications.ts`: where the notification figure's time goes. Runs the
 * same workload as `npm run bench` part 2 (BENCH_CONFERENCES conferences through the API, 7
 * invites + 5 report requests each, pooled SMTP to a local server) and times every stage by
 * wrapping the store, ledger and mailer: totals, calls and ms per message, WATCH aborts, the
 * API phase, and the Redis commands per message (INFO commandstats, so run it on a quiet Redis
 * or read the figures as an upper bound; BENCH_MONITOR=1 counts only this run's, after the warm-up,
 * by command and key). Env: BENCH_CONFERENCES, plus any config variable
 * (e.g. WORKER_CONCURRENCY, SMTP_POOL_SIZE). BENCH_SMTP_DELAY_MS adds a delay to each DATA;
 * BENCH_CPU_PROFILE=file writes a V8 CPU profile of the measured window. BENCH_WARMUP=N first sends
 * N other conferences through the same process, not measured (the bench's own rounds come after a
 * warm-up round, so its code is already compiled; a cold run's JIT adds about a millisecond per
 * message).
 * Figures, not assertions.
 */
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { Redis } from 'ioredis';
import { createLogger } from '../src/infra/logger.ts';
import { startRuntime } from '../src/runtime/start.ts';
import { RedisConferenceStore } from '../src/storage/redis-store.ts';
import { deleteKeysByPrefix } from '../src/storage/redis-keys.ts';
import { benchConferenceBody } from './conference-body.ts';
import { startMailSink } from './mail-sink.ts';
import { benchConfig } from './bench-config.ts';
import { recordSent, transportCeiling } from './transport.ts';

const CONFERENCES = Number(process.env.BENCH_CONFERENCES ?? 40);
const SMTP_DELAY_MS = Number(process.env.BENCH_SMTP_DELAY_MS ?? 0);
const url = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const prefix = `benchprof${Date.now().toString(36)}`;

const stages = new Map<string, { calls: number; ms: number }>();
function timed<T extends object>(obj: T, method: keyof T & string, label: string = method): void {
  const original = (obj[method] as (...a: unknown[]) => Promise<unknown>).bind(obj);
  (obj as Record<string, unknown>)[method] = async (...args: unknown[]) => {
    const t = performance.now();
    try {
      return await original(...args);
    } finally {
      const s = stages.get(label) ?? { calls: 0, ms: 0 };
      s.calls++;
      s.ms += performance.now() - t;
      stages.set(label, s);
    }
  };
}

// WATCH rounds: every tryUpdate call; an undefined result is an aborted EXEC.
let watchRounds = 0;
let watchAborts = 0;
const proto = RedisConferenceStore.prototype as unknown as { tryUpdate: (...a: unknown[]) => Promise<unknown> };
const tryUpdate = proto.tryUpdate;
proto.tryUpdate = async function (this: unknown, ...args: unknown[]) {
  watchRounds++;
  const r = await tryUpdate.apply(this, args);
  if (r === undefined) watchAborts++;
  return r;
};

const smtp = await startMailSink({ delayMs: SMTP_DELAY_MS });

const env: Record<string, string> = {};
for (const k of ['WORKER_CONCURRENCY', 'SMTP_POOL_SIZE']) if (process.env[k]) env[k] = process.env[k]!;
const config = benchConfig({
  redisUrl: url,
  prefix,
  start: '2026-12-01T09:00:00Z',
  smtpUrl: `smtp://127.0.0.1:${smtp.port}`,
  env,
});
const rt = await startRuntime(config, createLogger({ level: 'error' }));
const sent = recordSent(rt.deps);
const { store, ledger, mailer, jobs } = rt.deps;
for (const m of ['get', 'update', 'audit', 'create'] as const) timed(store, m, `store.${m}`);
for (const m of ['claimMany', 'markSent', 'get', 'getMany', 'list'] as const) timed(ledger, m, `ledger.${m}`);
timed(mailer, 'send', 'mailer.send (SMTP)');
timed(jobs, 'schedule', 'jobs.schedule');

const body = benchConferenceBody;
const post = (i: number) =>
  fetch(`${rt.url}/api/conferences`, {
    method: 'POST',
    headers: { authorization: 'Bearer bench-key-0123456789abcdef', 'content-type': 'application/json' },
    body: JSON.stringify(body(i)),
  }).then((r) => r.text());

const WARMUP = Number(process.env.BENCH_WARMUP ?? 0);
if (WARMUP > 0) {
  await Promise.all(Array.from({ length: WARMUP }, (_, i) => post(CONFERENCES + i)));
  while (smtp.accepted < WARMUP * 12) await new Promise((r) => setTimeout(r, 5));
  for (;;) {
    const c = await rt.scheduler.queue.getJobCounts('waiting', 'active', 'prioritized');
    if ((c['waiting'] ?? 0) + (c['active'] ?? 0) + (c['prioritized'] ?? 0) === 0) break;
    await new Promise((r) => setTimeout(r, 5));
  }
  stages.clear();
  watchRounds = 0;
  watchAborts = 0;
  sent.length = 0;
}
const acceptedBefore = smtp.accepted;

const stats = new Redis(url);
await stats.config('RESETSTAT');
// BENCH_MONITOR=1: count the commands this run sends (MONITOR, filtered by our prefix and our
// connections), which stays right when other processes share the Redis. MONITOR slows Redis down.
const monitored = new Map<string, number>();
// By command and the shape of its first key of ours (ids and numbers as #, a script by its first
// key): which store, ledger or queue sends them. BENCH_MONITOR_LOG=file keeps every line.
const shapes = new Map<string, number>();
const monitorLog: string[] | undefined = process.env.BENCH_MONITOR_LOG ? [] : undefined;
const keyShape = (args: string[]): string => {
  const key = args.slice(1).find((a) => String(a).startsWith(prefix));
  if (!key) return '';
  return String(key)
    .slice(prefix.length)
    .replace(/(?<=[:-])(?=[\w]*\d)[\w]{6,}/g, '#');
};
const ourClients = new Set<string>();
const monitor = process.env.BENCH_MONITOR ? await stats.duplicate().monitor() : undefined;
monitor?.on('monitor', (_time: string, args: string[], source: string) => {
  const cmd = String(args[0]).toLowerCase();
  // Commands run inside Lua scripts (BullMQ's, the ledger's, the store's create) show as source "lua".
  const inScript = source === 'lua';
  if (args.some((a) => String(a).includes(prefix))) {
    if (!inScript) ourClients.add(source);
  } else if (inScript || !ourClients.has(source) || cmd === 'info' || cmd === 'client') return;
  const k = inScript ? `(in script) ${cmd}` : cmd;
  monitored.set(k, (monitored.get(k) ?? 0) + 1);
  if (!inScript) {
    const shape = `${cmd} ${keyShape(args)}`;
    shapes.set(shape, (shapes.get(shape) ?? 0) + 1);
  }
  if (monitorLog) monitorLog.push(`${source} ${args.map((a) => String(a).slice(0, 80)).join(' ')}`);
});
// BENCH_CPU_PROFILE=file.cpuprofile: a V8 CPU profile of the measured window only (no start-up).
const profileTo = process.env.BENCH_CPU_PROFILE;
const inspector = profileTo ? new Session() : undefined;
if (inspector) {
  inspector.connect();
  await inspector.post('Profiler.enable');
  await inspector.post('Profiler.start');
}
const expected = CONFERENCES * 12;
let firstAcceptedAt = NaN;
const t0 = performance.now();
const startedAtMs = Date.now();
const cpu0 = process.cpuUsage();
const apiDone = Promise.all(Array.from({ length: CONFERENCES }, (_, i) => post(i))).then(() => performance.now() - t0);
while (smtp.accepted - acceptedBefore < expected) {
  if (smtp.accepted > acceptedBefore && Number.isNaN(firstAcceptedAt)) firstAcceptedAt = performance.now() - t0;
  await new Promise((r) => setTimeout(r, 2));
}
const wallMs = performance.now() - t0;
const cpu = process.cpuUsage(cpu0);
const apiMs = await apiDone;
const commandstats = await stats.info('commandstats');
monitor?.disconnect();
// Did any job fail and wait out JOB_BACKOFF_MS (e.g. a send claimed by another attempt, a store conflict)?
const finished = (
  await rt.scheduler.queue.getJobs(['completed', 'failed', 'delayed', 'active', 'waiting'], 0, -1)
).filter((j) => j.timestamp >= startedAtMs);
const retried = finished.filter((j) => j.attemptsMade > 1 || (j.failedReason ?? '') !== '').length;
const ran = finished.filter((j) => j.finishedOn).length;
// The conferences' later deadlines (reminders, chasers, the meeting day), queued and waiting: each costs Redis while the conference is active.
const queuedLater = finished.filter((j) => !j.finishedOn && (j.delay ?? 0) > 0).length;
if (inspector && profileTo) {
  const { profile } = await inspector.post('Profiler.stop');
  writeFileSync(profileTo, JSON.stringify(profile));
  inspector.disconnect();
}
await rt.stop();
await deleteKeysByPrefix(stats, prefix);
stats.disconnect();
// The bench's transport ceiling, by CPU: the same messages straight through the same pooled
// mailer to the same sink (bench/transport.ts). Both runs are CPU-bound in this one process, so
// the ratio of CPU per message is what the bench's rate ratio comes to on an idle machine.
const transportCpu0 = process.cpuUsage();
const ceiling = await transportCeiling(config, sent, () => smtp.accepted);
const transportCpu = process.cpuUsage(transportCpu0);
await smtp.close();

const perMsg = (ms: number) => (ms / expected).toFixed(2);
console.log(
  `${expected} messages from ${CONFERENCES} conferences in ${wallMs.toFixed(0)} ms = ${(expected / (wallMs / 1000)).toFixed(1)} messages/s`,
);
console.log(
  `  API phase (all POSTs answered) ${apiMs.toFixed(0)} ms; first message accepted at ${firstAcceptedAt.toFixed(0)} ms`,
);
console.log(
  `  process CPU ${((cpu.user + cpu.system) / 1000).toFixed(0)} ms (${(((cpu.user + cpu.system) / 1000 / wallMs) * 100).toFixed(0)}% of one core) = ${perMsg((cpu.user + cpu.system) / 1000)} ms CPU per message`,
);
{
  const ours = (cpu.user + cpu.system) / 1000 / expected;
  const alone = (transportCpu.user + transportCpu.system) / 1000 / ceiling.messages;
  console.log(
    `  transport alone (same ${ceiling.messages} messages, same pool and sink): ${alone.toFixed(2)} ms CPU per message, ${ceiling.perSecond.toFixed(0)} messages/s; CPU ratio transport / ours ${(alone / ours).toFixed(2)} (the bench's ratioOursToTransport on an idle machine)`,
  );
}
console.log(`  SMTP server DATA handling ${smtp.dataMs.toFixed(0)} ms total`);
console.log(
  `  WATCH rounds ${watchRounds}, aborted ${watchAborts}; jobs finished ${ran}, jobs that failed an attempt (backoff) ${retried}; jobs queued for later ${queuedLater} (${(queuedLater / CONFERENCES).toFixed(1)} per conference)`,
);
console.log('  stage (summed over concurrent calls; wall time a call spent, queueing included)');
for (const [label, s] of [...stages].sort((a, b) => b[1].ms - a[1].ms)) {
  console.log(
    `    ${label.padEnd(22)} calls ${String(s.calls).padStart(5)}  total ${s.ms.toFixed(0).padStart(7)} ms  mean ${(s.ms / s.calls).toFixed(2).padStart(7)} ms  per message ${perMsg(s.ms)} ms`,
  );
}
const rows = commandstats
  .split(/\r?\n/)
  .map((l) => /^cmdstat_([^:]+):calls=(\d+),usec=(\d+)/.exec(l))
  .filter((m): m is RegExpExecArray => m !== null)
  .map((m) => ({ cmd: m[1]!, calls: Number(m[2]), usec: Number(m[3]) }))
  .sort((a, b) => b.calls - a.calls);
const totalCalls = rows.reduce((n, r) => n + r.calls, 0);
const totalUsec = rows.reduce((n, r) => n + r.usec, 0);
console.log(
  `  Redis (INFO commandstats: every client of this Redis, so other processes' too; BENCH_MONITOR=1 counts this run's alone): ${totalCalls} commands (${(totalCalls / expected).toFixed(1)} per message), ${(totalUsec / 1000).toFixed(0)} ms inside Redis; top:`,
);
for (const r of rows.slice(0, 14))
  console.log(
    `    ${r.cmd.padEnd(14)} ${String(r.calls).padStart(6)}  ${(r.calls / expected).toFixed(2)}/msg  ${(r.usec / 1000).toFixed(0)} ms`,
  );
if (monitor) {
  const rows2 = [...monitored].sort((a, b) => b[1] - a[1]);
  const sent = rows2.filter(([k]) => !k.startsWith('(in script)'));
  const n = sent.reduce((k, [, c]) => k + c, 0);
  const inside = rows2.reduce((k, [, c]) => k + c, 0) - n;
  console.log(
    `  Redis commands sent by this run (MONITOR): ${n} = ${(n / expected).toFixed(1)} per message; ${inside} more run inside Lua scripts`,
  );
  for (const [cmd, c] of sent.slice(0, 16))
    console.log(`    ${cmd.padEnd(14)} ${String(c).padStart(6)}  ${(c / expected).toFixed(2)}/msg`);
  console.log('  by command and key (ids and numbers as #):');
  for (const [shape, c] of [...shapes].sort((a, b) => b[1] - a[1]).slice(0, 30))
    console.log(`    ${shape.padEnd(48)} ${String(c).padStart(6)}  ${(c / expected).toFixed(2)}/msg`);
  if (monitorLog && process.env.BENCH_MONITOR_LOG) writeFileSync(process.env.BENCH_MONITOR_LOG, monitorLog.join('\n'));
}
process.exit(0);
