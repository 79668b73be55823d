/**
 * `npm run chaos`: conferences run their lifecycle (invites, reminders, chasers, a report by email,
 * views, decision, approval, circulation, follow-ups) in simulated time while workers in child
 * processes are SIGKILLed at random moments, Redis is restarted and the SMTP server refuses mail
 * for a while. Prints messages expected, sent, lost and duplicated (SMTP hand-overs, and those a
 * recipient would see) and the longest recovery after a worker kill; exits 1 when anything was
 * lost or a recipient would see a duplicate.
 *
 * Knobs: CHAOS_CONFERENCES (50), CHAOS_WORKER_KILLS (100), CHAOS_REDIS_RESTARTS (20), CHAOS_SEED.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { readConfig } from '../src/config.ts';
import { createLogger } from '../src/infra/logger.ts';
import { startRuntime } from '../src/runtime/start.ts';
import { conferenceBody, driver, holdMeeting, sendReport, type Created } from './chaos/drive.ts';
import { ChaosRedis, WorkerPool, freePort, startChaosSmtp } from './chaos/infra.ts';
import { tally, waitForDrain, type ChaosTally } from './chaos/tally.ts';

export interface ChaosOptions {
  conferences: number;
  workerKills: number;
  redisRestarts: number;
  /** At least this many SMTP refusal windows (else only the random 15% of chaos rounds refuse mail). */
  minSmtpRefusals?: number;
  seed?: number;
  /** Worker processes (2): each is killed at random and replaced, except after the last kill when another worker remains. */
  workerProcesses?: number;
  /** The web process runs jobs too (a worker no one kills, as with WORKERS=in-process): the CI size needs fewer processes. */
  webRunsJobs?: boolean;
  log?: (line: string) => void;
  /** Diagnostics: every worker output line, at this log level. */
  workerLogLevel?: 'debug' | 'info';
  onWorkerLine?: (line: string) => void;
}

export interface ChaosResult extends ChaosTally {
  conferences: number;
  workerKills: number;
  redisRestarts: number;
  smtpRefusalWindows: number;
  longestRecoveryMs: number;
  recoveriesMeasured: number;
  longestRedisRestartMs: number;
  seconds: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const API_KEY = 'chaos-coordinator-key-0123456789';

/** Days to step the simulated clock through: each step is a window for chaos to land in. */
function days(from: string, to: string, stepHours = 24): string[] {
  const out: string[] = [];
  for (let t = Date.parse(from); t <= Date.parse(to); t += stepHours * 3600_000) out.push(new Date(t).toISOString());
  return out;
}

export async function runChaos(o: ChaosOptions): Promise<ChaosResult> {
  const log = o.log ?? ((l: string) => process.stdout.write(`${l}\n`));
  let seed = o.seed ?? Date.now() % 100_000;
  const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const t0 = performance.now();
  const dir = mkdtempSync(path.join(tmpdir(), 'cpc-chaos-'));
  const redis = new ChaosRedis(await freePort(), path.join(dir, 'redis'));
  await redis.start();
  const smtp = await startChaosSmtp();
  const prefix = 'chaos';
  const jobEnv = {
    JOB_ATTEMPTS: '20',
    JOB_BACKOFF_MS: '300',
    JOB_LOCK_MS: '2000',
    JOB_STALLED_INTERVAL_MS: '1000',
    SEND_LEASE_MS: '5000',
  };
  const env = {
    NODE_ENV: 'test',
    REDIS_URL: redis.url,
    REDIS_PREFIX: prefix,
    SMTP_URL: smtp.url,
    SMTP_REQUIRE_TLS: 'false',
    SIMULATED_CLOCK: '1',
    SIMULATED_START: '2026-12-01T09:00:00Z',
    COORDINATOR_API_KEY: API_KEY,
    COORDINATOR_EMAIL: 'coordinator@example.gov.uk',
    LOG_LEVEL: 'error',
    DATA_DIR: dir,
    API_RATE_LIMIT_BURST: '100000',
    INBOUND_SENDER_BURST: '10000',
    INBOUND_GLOBAL_BURST: '100000',
    ...jobEnv,
  };
  const pool = o.workerProcesses ?? 2;
  const config = readConfig({
    ...env,
    WORKERS: o.webRunsJobs ? 'in-process' : 'none',
    PORT: '0',
    INBOUND_SMTP_PORT: '0',
  });
  const rt = await startRuntime(config, createLogger({ level: 'error', write: (l) => log(`web: ${l}`) }));
  const workers = new WorkerPool(
    { ...env, WORKERS: 'none', INBOUND_SMTP_PORT: '0', ...(o.workerLogLevel ? { LOG_LEVEL: o.workerLogLevel } : {}) },
    pool,
    (l) => (o.onWorkerLine ? o.onWorkerLine(l) : /"level":"error"|Error/.test(l) && log(`worker: ${l.slice(0, 300)}`)),
  );
  await workers.startAll();
  const d = driver(rt.url, API_KEY, log);
  const queue = rt.scheduler.queue;
  log(
    `chaos: ${o.conferences} conferences, ${o.workerKills} worker kills, ${o.redisRestarts} Redis restarts (seed ${seed})`,
  );

  let driving = true;
  let kills = 0;
  let restarts = 0;
  let refusals = 0;
  let longestRecoveryMs = 0;
  let recoveriesMeasured = 0;
  let longestRedisRestartMs = 0;
  const killTimes: number[] = [];

  /** Time from a kill until every job that was active at that moment has finished elsewhere. */
  async function recovery(killedAt: number, active: string[]): Promise<void> {
    if (active.length === 0) return;
    const deadline = killedAt + 120_000;
    while (performance.now() < deadline) {
      const states = await Promise.all(
        active.map(async (id) => (await queue.getJob(id).catch(() => undefined))?.getState().catch(() => 'active')),
      );
      if (states.every((s) => s !== 'active' && s !== 'waiting')) break;
      await sleep(50);
    }
    recoveriesMeasured++;
    longestRecoveryMs = Math.max(longestRecoveryMs, performance.now() - killedAt);
  }

  const chaos = (async () => {
    const perRestart = Math.max(1, Math.floor(o.workerKills / Math.max(1, o.redisRestarts)));
    while (kills < o.workerKills || restarts < o.redisRestarts) {
      await sleep(200 + random() * 900);
      if (kills < o.workerKills) {
        const active = (await queue.getActive().catch(() => [])).map((j) => j.id!);
        const at = performance.now();
        const victim = Math.floor(random() * 2) % pool;
        kills++;
        // After the last kill a replacement is only needed when no other worker is left to finish.
        const replacement = workers.kill(victim, kills < o.workerKills || (pool === 1 && !o.webRunsJobs));
        killTimes.push(at);
        await Promise.all([replacement, recovery(at, active)]);
      }
      if (restarts < o.redisRestarts && (kills % perRestart === 0 || kills >= o.workerKills)) {
        longestRedisRestartMs = Math.max(longestRedisRestartMs, await redis.restart());
        restarts++;
      }
      if (random() < 0.15 || refusals < (o.minSmtpRefusals ?? 0)) {
        // The SMTP server refuses everything for 1-4 s: sends fail with 451 and are retried.
        refusals++;
        smtp.refuse = true;
        setTimeout(() => (smtp.refuse = false), 1000 + random() * 3000);
      }
      if (!driving && kills >= o.workerKills && restarts >= o.redisRestarts) break;
    }
  })();

  const created: Created[] = [];
  for (let i = 0; i < o.conferences; i++) created.push(await d.api('POST', '/api/conferences', conferenceBody(i)));
  for (const at of days('2026-12-02T09:00:00Z', '2026-12-22T09:00:00Z', 48))
    await d.api('POST', '/api/dev/clock', { advanceTo: at });
  const mailbox = rt.deps.policies.get('hackney').reportsMailbox;
  for (const c of created) await sendReport(rt.inbound!.port, config.LINK_SECRET, mailbox, c);
  for (const at of days('2026-12-24T09:00:00Z', '2027-01-04T10:00:00Z', 48))
    await d.api('POST', '/api/dev/clock', { advanceTo: at });
  await d.api('POST', '/api/dev/clock', { advanceTo: '2027-01-04T10:00:00Z' });
  for (const c of created) await holdMeeting(d, c);
  for (const at of days('2027-01-04T12:00:00Z', '2027-02-20T09:00:00Z', 72))
    await d.api('POST', '/api/dev/clock', { advanceTo: at });
  driving = false;
  log(
    `chaos: lifecycle driven in ${Math.round((performance.now() - t0) / 1000)} s; waiting for the remaining chaos and the queue to drain`,
  );
  await chaos;
  smtp.refuse = false;
  await waitForDrain(rt, 180_000);
  const result = await tally(rt, smtp, killTimes);
  await workers.stopAll();
  await rt.stop();
  await smtp.close();
  await redis.stop();
  rmSync(dir, { recursive: true, force: true });
  return {
    ...result,
    conferences: o.conferences,
    workerKills: kills,
    redisRestarts: restarts,
    smtpRefusalWindows: refusals,
    longestRecoveryMs: Math.round(longestRecoveryMs),
    recoveriesMeasured,
    longestRedisRestartMs: Math.round(longestRedisRestartMs),
    seconds: Math.round((performance.now() - t0) / 1000),
  };
}

export function printChaos(r: ChaosResult, log: (l: string) => void = (l) => process.stdout.write(`${l}\n`)): void {
  log(
    `conferences ${r.conferences} (+${r.extraConferences} follow-on), worker kills ${r.workerKills}, Redis restarts ${r.redisRestarts} (longest ${r.longestRedisRestartMs} ms), SMTP refusal windows ${r.smtpRefusalWindows} (${r.refusedRcpts} refused)`,
  );
  log(
    `messages expected ${r.expected}, sent ${r.sent}, lost ${r.lost}, duplicated as a recipient sees it ${r.visibleDuplicates}`,
  );
  log(
    `SMTP hand-overs repeated ${r.duplicated} (${r.duplicatedInKillWindow} within 1 s of a worker kill: the worker died after the server took the message and before the ledger recorded it; each repeat carried the first copy's Message-ID and Date, so mail stores that detect duplicates drop it)`,
  );
  log(
    `longest recovery after a worker kill ${r.longestRecoveryMs} ms (${r.recoveriesMeasured} kills with jobs in flight); failed jobs ${r.failedJobs}; ${r.seconds} s`,
  );
  for (const l of r.details.slice(0, 20)) log(`  ${l}`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const num = (name: string, fallback: number) => (process.env[name] ? Number(process.env[name]) : fallback);
  const result = await runChaos({
    conferences: num('CHAOS_CONFERENCES', 50),
    workerKills: num('CHAOS_WORKER_KILLS', 100),
    redisRestarts: num('CHAOS_REDIS_RESTARTS', 20),
    ...(process.env.CHAOS_SEED ? { seed: Number(process.env.CHAOS_SEED) } : {}),
  });
  printChaos(result);
  process.exit(result.lost > 0 || result.visibleDuplicates > 0 ? 1 : 0);
}
