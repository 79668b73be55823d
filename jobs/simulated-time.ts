import type { Job, Queue } from 'bullmq';
import type { SimulatedClock } from '../src/infra/clock.ts';
import type { JobPayload } from './payload.ts';

export interface RanJob {
  id: string;
  step: string;
  runAt: string;
  outcome: 'completed' | 'failed' | 'retrying';
  reason?: string;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function waitUntilIdle(queue: Queue, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const c = await queue.getJobCounts('waiting', 'active', 'prioritized');
    if ((c['waiting'] ?? 0) + (c['active'] ?? 0) + (c['prioritized'] ?? 0) === 0) return;
    await sleep(15);
  }
  throw new Error(`jobs still running after ${timeoutMs} ms`);
}

async function settle(queue: Queue, job: Job, timeoutMs: number): Promise<RanJob['outcome']> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const state = await job.getState();
    if (state === 'completed' || state === 'unknown') return 'completed';
    if (state === 'failed') return 'failed';
    if (state === 'delayed' && (await queue.getJob(job.id!))?.attemptsMade) return 'retrying';
    await sleep(10);
  }
  throw new Error(`job ${job.id} did not finish within ${timeoutMs} ms`);
}

/**
 * Moves simulated time forward to `target`, running every job due by then one at a time in due
 * order (the clock is set to each job's due time first), and answers when all have finished.
 * Jobs retrying after a failure are left to their real-time backoff and reported as `retrying`.
 */
export async function advanceSimulatedTime(
  queue: Queue,
  clock: SimulatedClock,
  target: Date,
  timeoutMs = 60_000,
  /** Turns a stored `failedReason` (encrypted by the worker) into the text to report. */
  readReason: (stored: string) => string = (stored) => stored,
): Promise<RanJob[]> {
  const ran: RanJob[] = [];
  const seen = new Set<string>();
  await waitUntilIdle(queue, timeoutMs);
  for (;;) {
    const delayed = await queue.getDelayed(0, -1);
    const due = delayed
      .filter((j) => j.attemptsMade === 0 && !seen.has(j.id!))
      .map((j) => ({ job: j as Job, runAt: (j.data as JobPayload).runAt }))
      .filter((d) => typeof d.runAt === 'string' && Date.parse(d.runAt) <= target.getTime())
      .sort((a, b) => Date.parse(a.runAt) - Date.parse(b.runAt) || a.job.id!.localeCompare(b.job.id!));
    const next = due[0];
    if (!next) break;
    seen.add(next.job.id!);
    clock.advanceTo(new Date(next.runAt));
    try {
      await next.job.promote();
    } catch {
      continue; // removed or promoted meanwhile (e.g. cancelled by the job before it)
    }
    const outcome = await settle(queue, next.job, timeoutMs);
    const stored = outcome === 'failed' ? (await queue.getJob(next.job.id!))?.failedReason : undefined;
    const failed = stored ? readReason(stored) : undefined;
    ran.push({
      id: next.job.id!,
      step: next.job.name,
      runAt: next.runAt,
      outcome,
      ...(failed ? { reason: failed } : {}),
    });
    await waitUntilIdle(queue, timeoutMs);
  }
  clock.advanceTo(target);
  return ran;
}
