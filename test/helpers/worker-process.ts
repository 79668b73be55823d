/**
 * `src/worker.ts` (what `npm run worker` runs) as a child process, for crash tests. One node process
 * (`node --import tsx`, as scripts/chaos/infra.ts starts workers), not `npx tsx`, which starts npm's
 * exec and the tsx CLI first (two more node processes, about 3 s of CPU per worker); still started in
 * its own process group, so a SIGKILL leaves nothing behind. test/integration/startup.test.ts keeps
 * the `npx tsx` start a person types.
 *
 * A worker that no test kills runs inside the test process instead (startInProcessWorker): the same
 * startRuntime src/worker.ts calls, without a process that imports the whole service again (about
 * 5 s of CPU each).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { readConfig } from '../../src/config.ts';
import { createLogger } from '../../src/infra/logger.ts';
import { startRuntime } from '../../src/runtime/start.ts';
import { redisUrl } from './redis.ts';

export interface WorkerProcess {
  child: ChildProcess;
  ready: Promise<void>;
  output: () => string;
}

export function spawnWorker(env: Record<string, string>): WorkerProcess {
  let out = '';
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/worker.ts'], {
    cwd: process.cwd(),
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const ready = new Promise<void>((resolve, reject) => {
    // Start-up is mostly importing the service's modules: seconds on a quiet machine, but over 20 s
    // when other processes share the two cores. Not a figure this test checks.
    const timer = setTimeout(() => reject(new Error(`worker not ready in 60 s: ${out}`)), 60_000);
    child.stdout!.on('data', () => {
      if (out.includes('worker ready')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`worker exited (${code}): ${out}`));
    });
  });
  return { child, ready, output: () => out };
}

/** SIGKILLs the worker's whole process group and waits for it to be gone. */
export async function killWorker(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  try {
    process.kill(-child.pid!, 'SIGKILL');
  } catch {
    return; // already gone
  }
  await exited;
}

export interface InProcessWorker {
  output: () => string;
  /** Stops as src/worker.ts does on SIGTERM: running jobs finish, then the connections close. */
  stop: () => Promise<void>;
}

/** What src/worker.ts starts, from the same environment, in this process. */
export async function startInProcessWorker(env: Record<string, string>): Promise<InProcessWorker> {
  const lines: string[] = [];
  const config = readConfig(env);
  const rt = await startRuntime(
    config,
    createLogger({ level: config.LOG_LEVEL, base: { proc: 'worker' }, write: (l) => lines.push(l) }),
    { listen: false, workers: true },
  );
  return { output: () => lines.join('\n'), stop: () => rt.stop() };
}

/**
 * The environment a worker beside a test service starts with: its Redis key prefix, its SMTP sink
 * and its simulated clock where it stands now. `extra` adds or overrides settings.
 */
export function workerEnvFor(
  s: { prefix: string; smtp: { url: string }; rt: { clock: { now(): Date } } },
  extra: Record<string, string> = {},
): Record<string, string> {
  return {
    NODE_ENV: 'test',
    REDIS_URL: redisUrl(),
    REDIS_PREFIX: s.prefix,
    SMTP_URL: s.smtp.url,
    SMTP_REQUIRE_TLS: 'false',
    SIMULATED_CLOCK: '1',
    SIMULATED_START: s.rt.clock.now().toISOString(),
    COORDINATOR_EMAIL: 'coordinator@example.gov.uk',
    LOG_LEVEL: 'warn',
    ...extra,
  };
}
