/**
 * The daily retention sweep: one delayed job per London day on the workflow queue, id
 * `retention-sweep-YYYY-MM-DD`, payload `{ step: 'retention-sweep', runAt }` (no conference, no
 * names). Every process adds the next run when it starts, and each run adds the following day's
 * before it sweeps; the id being the date, all of them together still make one job per day.
 *
 * Why not BullMQ's job scheduler (`upsertJobScheduler` with a cron `pattern` and
 * `tz: 'Europe/London'`, which bullmq 6 has): it computes each next run from the real clock
 * (Date.now()) itself, so under SIMULATED_CLOCK the sweep would fire by real time, or years apart
 * from the simulated one, and `advanceSimulatedTime` (which promotes parked jobs in the order of
 * their payload's `runAt`) could not drive it. A plain delayed job whose due time comes from the
 * injected Clock goes through the same path as every deadline: `delayFor` (parked in simulated
 * time), promoted by the simulated clock, retried with backoff and kept in the failed list when it
 * keeps failing, like any other job.
 */
import { DateTime } from 'luxon';
import type { AppDeps } from '../src/app/deps.ts';
import { runRetentionSweep } from '../src/app/records/retention.ts';
import { londonDate, nextLondonTimeOfDay, toLondonIso } from '../src/app/shared/time.ts';
import { LONDON } from '../src/domain/calendar/zone.ts';
import type { BullJobScheduler } from './bull-scheduler.ts';
import { ServiceJobPayload } from './payload.ts';

export const RETENTION_SWEEP = 'retention-sweep' as const;

const PENDING_STATES = new Set(['delayed', 'waiting', 'prioritized', 'paused']);

/** `retention-sweep-YYYY-MM-DD`: the London date of the run, so any process adding it adds the same job. */
export function retentionSweepJobId(runAt: Date): string {
  return `${RETENTION_SWEEP}-${londonDate(runAt)}`;
}

export interface RetentionSweepOptions {
  scheduler: BullJobScheduler;
  deps: AppDeps;
  /** RETENTION_DAYS: the sweep is scheduled and runs only when above 0. */
  retentionDays: number;
  /** RETENTION_SWEEP_AT: London time of day, `HH:MM`. */
  at: string;
}

export class RetentionSweep {
  constructor(private readonly options: RetentionSweepOptions) {}

  get enabled(): boolean {
    return this.options.retentionDays > 0;
  }

  /** At start-up (every process): makes sure the next run is on the queue. */
  async start(): Promise<void> {
    if (!this.enabled) return;
    const next = await this.scheduleNext(this.options.deps.clock.now());
    this.options.deps.logger.info('retention sweep scheduled', next);
  }

  /**
   * Adds the first run after `after` unless it is already there. A run still in the future for
   * that day or a neighbouring one at another time (RETENTION_SWEEP_AT was changed) is replaced,
   * so a change of time never gives two sweeps; an overdue, running or retrying one is left alone.
   * `added`: this process asked for the job (two starting at the same moment may both; BullMQ keeps one per id).
   */
  async scheduleNext(after: Date): Promise<{ jobId: string; runAt: string; added: boolean }> {
    const runAt = nextLondonTimeOfDay(after, this.options.at);
    const jobId = retentionSweepJobId(runAt);
    const payload = ServiceJobPayload.parse({ step: RETENTION_SWEEP, runAt: runAt.toISOString() });
    const { queue } = this.options.scheduler;
    const now = this.options.deps.clock.now().getTime();
    let present = false;
    const day = DateTime.fromJSDate(runAt).setZone(LONDON);
    for (const id of [-1, 0, 1].map((d) => retentionSweepJobId(day.plus({ days: d }).toJSDate()))) {
      const job = await queue.getJob(id);
      if (!job) continue;
      const data = job.data as Partial<ServiceJobPayload>;
      if (id === jobId && data.runAt === payload.runAt) {
        present = true;
        continue;
      }
      const future = typeof data.runAt === 'string' && Date.parse(data.runAt) > now;
      if (!future || job.attemptsMade > 0 || !PENDING_STATES.has(await job.getState())) {
        if (id === jobId) present = true; // its day is taken: the next run added will be the day after
        continue;
      }
      // Another process may remove it first, or start it: either way it is no longer waiting.
      await job.remove().catch(() => undefined);
    }
    if (!present) {
      await queue.add(RETENTION_SWEEP, payload, { jobId, delay: this.options.scheduler.delayFor(runAt) });
    }
    return { jobId, runAt: toLondonIso(runAt), added: !present };
  }

  /**
   * The job: first the next day's run (so a sweep that fails, retries and ends in the failed list
   * does not end the daily schedule), then the sweep itself.
   */
  async run(payload: ServiceJobPayload): Promise<void> {
    const { deps, retentionDays } = this.options;
    if (!this.enabled) {
      deps.logger.info('retention sweep skipped: RETENTION_DAYS is 0', { runAt: payload.runAt });
      return;
    }
    // From the end of this run's London day, so the next run is never this same day's job.
    const endOfDay = DateTime.fromISO(payload.runAt).setZone(LONDON).endOf('day').toJSDate();
    await this.scheduleNext(new Date(Math.max(deps.clock.now().getTime(), endOfDay.getTime())));
    await runRetentionSweep(deps, retentionDays);
  }
}
