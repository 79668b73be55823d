/**
 * The periodic follow-on sweep: every FOLLOW_ON_SWEEP_MINUTES, the same sweep a job-running process
 * makes at start-up and after a Redis reconnection (app/conference/follow-on.ts), so a change whose
 * follow-on work failed in the request and whose repair job could not be queued either, while Redis
 * stayed connected, is done within one interval rather than at the next start-up.
 *
 * One delayed job per interval on the workflow queue, id `follow-on-sweep-<minutes>m-<slot>` (the
 * slot counts intervals since the epoch), payload `{ step: 'follow-on-sweep', runAt }`: no conference,
 * no names. Every process adds the next run when it starts and each run adds the following one
 * before it sweeps; the id being the slot, all of them together still make one job per interval.
 * Not BullMQ's job scheduler, for the reason given in retention-sweep.ts: its next run comes from
 * the real clock, which SIMULATED_CLOCK and `advanceSimulatedTime` could not drive.
 */
import type { AppDeps } from '../src/app/deps.ts';
import { completePendingFollowOns } from '../src/app/conference/follow-on.ts';
import type { BullJobScheduler } from './bull-scheduler.ts';
import { ServiceJobPayload } from './payload.ts';

export const FOLLOW_ON_SWEEP = 'follow-on-sweep' as const;

export interface FollowOnSweepOptions {
  scheduler: BullJobScheduler;
  deps: AppDeps;
  /** FOLLOW_ON_SWEEP_MINUTES: how often the sweep runs; 0 schedules none. */
  minutes: number;
}

export class FollowOnSweep {
  constructor(private readonly options: FollowOnSweepOptions) {}

  private get intervalMs(): number {
    return this.options.minutes * 60_000;
  }

  /** `follow-on-sweep-<minutes>m-<slot>`: any process adding the run for that slot adds the same job. */
  jobId(runAt: Date): string {
    return `${FOLLOW_ON_SWEEP}-${this.options.minutes}m-${Math.floor(runAt.getTime() / this.intervalMs)}`;
  }

  /** At start-up (processes that run jobs): makes sure the next run is on the queue. */
  async start(): Promise<void> {
    if (this.options.minutes > 0) await this.scheduleNext(this.options.deps.clock.now());
  }

  /** Adds the first run after `after` (the next interval boundary) unless that slot's job is already there. */
  async scheduleNext(after: Date): Promise<{ jobId: string; runAt: string }> {
    const slot = Math.floor(after.getTime() / this.intervalMs) + 1;
    const runAt = new Date(slot * this.intervalMs);
    const jobId = this.jobId(runAt);
    const payload = ServiceJobPayload.parse({ step: FOLLOW_ON_SWEEP, runAt: runAt.toISOString() });
    const { queue } = this.options.scheduler;
    if (!(await queue.getJob(jobId))) {
      // Not kept once done: one an interval would soon push the conferences' jobs out of the completed list.
      const delay = this.options.scheduler.delayFor(runAt);
      await queue.add(FOLLOW_ON_SWEEP, payload, { jobId, delay, removeOnComplete: true });
    }
    return { jobId, runAt: payload.runAt };
  }

  /** The job: first the next run (so one that fails does not end the schedule), then the sweep. */
  async run(payload: ServiceJobPayload): Promise<void> {
    const { deps } = this.options;
    const due = new Date(payload.runAt);
    const now = deps.clock.now();
    if (this.options.minutes > 0) await this.scheduleNext(now > due ? now : due);
    const repaired = await completePendingFollowOns(deps);
    if (repaired) deps.logger.warn('follow-on work of stored changes completed by the periodic sweep', { repaired });
  }
}
