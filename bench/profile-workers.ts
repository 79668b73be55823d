/**
 * `npx tsx bench/profile-workers.ts`: where the CPU goes while the bench's decision fan-out runs with
 * 1 and then 2 worker processes (bench/decision.ts, as `npm run bench`'s fanout section): for the
 * window from the approvals to the last letter, the CPU seconds of this process (the web process,
 * which runs no jobs here, and the SMTP sink), of each worker process, and of Redis (INFO's
 * used_cpu, so shared with anything else using it), beside the machine's own busy time from
 * /proc/stat (every process, other sessions included). Whether a second worker can help is then a
 * sum: the CPU a fan-out needs against the cores there are. Linux only. Env: BENCH_DECIDING (50),
 * BENCH_RECIPIENTS (30), BENCH_FANOUT_WORKERS ("1,2"), BENCH_WARMUP (conferences decided and sent
 * first, not measured: the bench's workers are fresh processes, and each compiles the letters' and
 * PDFs' code on its first fan-out; 0 by default, as the bench), REDIS_URL, plus config variables
 * (WORKER_CONCURRENCY, SMTP_POOL_SIZE; the bench's recommended 10 and 8 by default).
 * Figures, not assertions.
 */
import { readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { Redis } from 'ioredis';
import { decisionToLastRecipient } from './decision.ts';
import { RECOMMENDED } from './readme-figures.ts';

const url = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const deciding = Number(process.env.BENCH_DECIDING ?? 50);
const recipients = Number(process.env.BENCH_RECIPIENTS ?? 30);
const warmUp = Number(process.env.BENCH_WARMUP ?? 0);
const counts = (process.env.BENCH_FANOUT_WORKERS ?? '1,2').split(',').map(Number);
const tuning = {
  SMTP_POOL_SIZE: process.env.SMTP_POOL_SIZE ?? String(RECOMMENDED.smtpPoolSize),
  WORKER_CONCURRENCY: process.env.WORKER_CONCURRENCY ?? String(RECOMMENDED.workerConcurrency),
};
const TICK = 100; // USER_HZ: /proc's clock ticks per second on Linux

/** utime + stime of a process, in seconds. */
function processCpu(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICK;
  } catch {
    return NaN;
  }
}

/** The machine's busy and total time over all cores, in seconds (/proc/stat's first line). */
function machineCpu(): { busy: number; total: number } {
  const [, ...v] = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).map(Number);
  const total = v.reduce((a, b) => a + b, 0);
  const idle = v[3]! + v[4]!;
  return { busy: (total - idle) / TICK, total: total / TICK };
}

async function redisCpu(redis: Redis): Promise<number> {
  const info = await redis.info('cpu');
  const get = (k: string) => Number(new RegExp(`${k}:([\\d.]+)`).exec(info)?.[1] ?? NaN);
  return get('used_cpu_user') + get('used_cpu_sys');
}

const redis = new Redis(url);
for (const n of counts) {
  let start: { at: number; self: number; workers: Map<number, number>; machine: ReturnType<typeof machineCpu> };
  let end: typeof start;
  let redisStart = Promise.resolve(NaN);
  let redisEnd = Promise.resolve(NaN);
  const take = (workers: number[]) => ({
    at: performance.now(),
    self: (process.cpuUsage().user + process.cpuUsage().system) / 1e6,
    workers: new Map(workers.map((pid) => [pid, processCpu(pid)])),
    machine: machineCpu(),
  });
  let pids: number[] = [];
  const figures = await decisionToLastRecipient(
    url,
    `benchwk${Date.now().toString(36)}`,
    deciding,
    recipients,
    tuning,
    n,
    {
      start: (w) => {
        pids = w;
        redisStart = redisCpu(redis);
        start = take(w);
      },
      end: () => {
        end = take(pids);
        redisEnd = redisCpu(redis);
      },
      warmUp,
    },
  );
  const seconds = (end!.at - start!.at) / 1000;
  const letters = figures.decisionToLastRecipientMs.letters;
  const self = end!.self - start!.self;
  const workers = pids.map((pid) => end!.workers.get(pid)! - start!.workers.get(pid)!);
  const redisSeconds = (await redisEnd) - (await redisStart);
  const busy = end!.machine.busy - start!.machine.busy;
  const capacity = end!.machine.total - start!.machine.total;
  const ours = self + workers.reduce((a, b) => a + b, 0) + redisSeconds;
  const ms = (s: number) => `${((s / letters) * 1000).toFixed(2)} ms`;
  console.log(
    `${n} worker process(es) × ${tuning.WORKER_CONCURRENCY}, SMTP pool ${tuning.SMTP_POOL_SIZE}: ${letters} letters in ${seconds.toFixed(2)} s (p99 ${figures.decisionToLastRecipientMs.p99} ms)${warmUp ? ` after ${warmUp} conferences' fan-out to warm the workers` : ''}`,
  );
  console.log(
    `  CPU in the window: workers ${workers.map((w) => `${w.toFixed(2)} s`).join(' + ')} (${workers.map(ms).join(' + ')} per letter); web process + SMTP sink ${self.toFixed(2)} s (${ms(self)}); Redis ${redisSeconds.toFixed(2)} s (${ms(redisSeconds)})`,
  );
  console.log(
    `  ours together ${ours.toFixed(2)} s = ${(ours / seconds).toFixed(2)} cores busy on average; the machine (${cpus().length} cores, every process) ${(busy / seconds).toFixed(2)} cores busy of ${(capacity / seconds).toFixed(2)}, so ${((busy - ours) / seconds).toFixed(2)} cores went to other processes`,
  );
}
redis.disconnect();
process.exit(0);
