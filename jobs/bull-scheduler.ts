import { Queue, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Clock } from '../src/ports.ts';
import type { JobScheduler, PendingJob, RetriedJob, ScheduledJob } from '../src/ports/jobs.ts';
import type { DataCipher } from '../src/infra/data-cipher.ts';
import { readFailureReason } from './failure-reason.ts';
import { jobId, parseJobId } from './job-ids.ts';
import { StepJobPayload } from './payload.ts';
import { EVENTS_MAX_LEN, SIMULATED_PARK_DELAY_MS, WORKFLOW_QUEUE, type QueueSettings } from './queues.ts';

const PENDING_STATES = new Set(['delayed', 'waiting', 'prioritized', 'paused']);

function groupBy<T>(xs: readonly T[], key: (x: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const x of xs) out.set(key(x), [...(out.get(key(x)) ?? []), x]);
  return out;
}

/**
 * JobScheduler on one BullMQ queue. Each conference's job ids are tracked in a Redis set so that
 * reschedule and cancel can remove exactly its jobs (no ghost reminders) without scanning the queue.
 *
 * Completed jobs are not kept (beyond the newest `keepCompleted`, to look at): the send ledger and
 * the audit trail hold what happened. A job that has run moves from the conference's `jobs` set to
 * its `ran` hash (the id without the `conf-<id>-` head), and `schedule` skips ids found there, so
 * adding a deadline again is a no-op exactly as when BullMQ still held the completed job. Should
 * that marker ever be missing (a failover that lost the last writes), the job runs again and the
 * send ledger finds its sends already made.
 */
export class BullJobScheduler implements JobScheduler {
  readonly queue: Queue;
  readonly #redis: Redis;
  readonly #prefix: string;

  constructor(
    private readonly options: {
      connection: Redis;
      prefix: string;
      clock: Clock;
      simulated: boolean;
      settings: QueueSettings;
      /** Decrypts the failure reasons the worker stored encrypted (see failure-reason.ts). */
      cipher?: DataCipher;
    },
  ) {
    this.#redis = options.connection;
    this.#prefix = options.prefix;
    this.queue = new Queue(WORKFLOW_QUEUE, {
      connection: options.connection,
      prefix: `${options.prefix}-bull`,
      defaultJobOptions: {
        attempts: options.settings.attempts,
        backoff: { type: 'exponential', delay: options.settings.backoffMs },
        // Only the newest completed jobs stay (a fixed amount, not per conference); failed jobs stay
        // until a coordinator retries or clears them: a failure is never silent.
        removeOnComplete: keepCompleted(options.settings),
        removeOnFail: false,
      },
      streams: { events: { maxLen: EVENTS_MAX_LEN } },
    });
    // Lost Redis connections reconnect by themselves; an unheard 'error' event would crash the process.
    this.queue.on('error', () => {});
  }

  #trackKey(conferenceId: string): string {
    return `${this.#prefix}:conf:${conferenceId}:jobs`;
  }

  #ranKey(conferenceId: string): string {
    return `${this.#prefix}:conf:${conferenceId}:ran`;
  }

  /**
   * After a job's step has succeeded (called by the worker before BullMQ marks it completed): its id
   * leaves the conference's pending set for the `ran` hash. Service jobs (no conference) are not tracked.
   */
  async markRan(id: string): Promise<void> {
    const parsed = parseJobId(id);
    if (!parsed) return;
    const head = `conf-${parsed.conferenceId}-`;
    // A small hash, not a set: Redis keeps it as one compact listpack (a set of strings is a hash table).
    await this.#redis
      .multi()
      .hset(this.#ranKey(parsed.conferenceId), id.slice(head.length), '')
      .srem(this.#trackKey(parsed.conferenceId), id)
      .exec();
  }

  delayFor(runAt: Date): number {
    const wait = runAt.getTime() - this.options.clock.now().getTime();
    if (wait <= 0) return 0;
    return this.options.simulated ? SIMULATED_PARK_DELAY_MS : wait;
  }

  async schedule(all: ScheduledJob[]): Promise<void> {
    if (all.length === 0) return;
    // A deadline that has already run is not added again (see the class comment). One HMGET and
    // one SADD per conference, not one command per job (a new conference schedules about 30).
    const groups = [...groupBy(all, (j) => j.conferenceId)];
    const check = this.#redis.pipeline();
    for (const [conferenceId, js] of groups)
      check.hmget(this.#ranKey(conferenceId), ...js.map((j) => jobId(j).slice(`conf-${conferenceId}-`.length)));
    const ranIds = new Set<string>();
    ((await check.exec()) ?? []).forEach(([err, marks], i) => {
      if (err) throw err;
      const js = groups[i]![1];
      (marks as (string | null)[]).forEach((mark, k) => {
        if (mark !== null) ranIds.add(jobId(js[k]!));
      });
    });
    const jobs = all.filter((j) => !ranIds.has(jobId(j)));
    if (jobs.length === 0) return;
    const bulk = jobs.map((j) => {
      const parsed = StepJobPayload.safeParse({
        conferenceId: j.conferenceId,
        version: j.version,
        step: j.step,
        runAt: j.runAt.toISOString(),
        ...(j.attendeeId ? { attendeeId: j.attendeeId } : {}),
        ...(j.seq ? { seq: j.seq } : {}),
      });
      // Refused before anything is queued: a job that could never run is a bug in the use-case.
      if (!parsed.success)
        throw new Error(
          `invalid ${j.step} job: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ')}`,
        );
      const payload = parsed.data;
      return { name: j.step, data: payload, opts: { jobId: jobId(j), delay: this.delayFor(j.runAt) } };
    });
    await Promise.all(
      [...groupBy(bulk, (b) => b.data.conferenceId)].map(([conferenceId, bs]) =>
        this.#redis.sadd(this.#trackKey(conferenceId), ...bs.map((b) => b.opts.jobId)),
      ),
    );
    await this.queue.addBulk(bulk);
  }

  async #removeWhere(conferenceId: string, keep: (id: string) => boolean): Promise<number> {
    const ids = await this.#redis.smembers(this.#trackKey(conferenceId));
    let removed = 0;
    for (const id of ids) {
      if (keep(id)) continue;
      const job = await this.queue.getJob(id);
      if (job) {
        const state = await job.getState();
        if (state === 'active') continue; // a running job re-checks the conference version before it sends
        if (PENDING_STATES.has(state)) {
          // A worker may take it between the two reads (invitations going out as the coordinator
          // cancels): BullMQ keeps a job a worker holds (answers 0), and it is left as a running one is.
          if ((await this.queue.remove(id)) === 0) continue;
          removed++;
        }
      }
      await this.#redis.srem(this.#trackKey(conferenceId), id);
    }
    return removed;
  }

  cancelConference(conferenceId: string, belowVersion?: number): Promise<number> {
    return this.#removeWhere(conferenceId, (id) => {
      const parsed = parseJobId(id);
      return belowVersion !== undefined && parsed !== undefined && parsed.version >= belowVersion;
    });
  }

  cancelAttendee(conferenceId: string, attendeeId: string, steps?: readonly string[]): Promise<number> {
    return this.#removeWhere(conferenceId, (id) => {
      const parsed = parseJobId(id);
      if (!parsed || parsed.attendeeId !== attendeeId) return true;
      return steps !== undefined && !steps.includes(parsed.step);
    });
  }

  cancelSteps(conferenceId: string, steps: readonly string[], keep: readonly ScheduledJob[] = []): Promise<number> {
    const kept = new Set(keep.map(jobId));
    return this.#removeWhere(conferenceId, (id) => {
      const parsed = parseJobId(id);
      return !parsed || !steps.includes(parsed.step) || kept.has(id);
    });
  }

  async pending(conferenceId: string): Promise<PendingJob[]> {
    const ids = await this.#redis.smembers(this.#trackKey(conferenceId));
    const out: PendingJob[] = [];
    for (const id of ids) {
      const job: Job | undefined = await this.queue.getJob(id);
      if (!job) continue;
      const state = await job.getState();
      if (!PENDING_STATES.has(state) && state !== 'active') continue;
      const data = job.data as StepJobPayload;
      out.push({
        id,
        step: data.step,
        version: data.version,
        runAt: data.runAt,
        state,
        ...(data.attendeeId ? { attendeeId: data.attendeeId } : {}),
        ...(data.seq ? { seq: data.seq } : {}),
      });
    }
    return out.sort((a, b) => a.runAt.localeCompare(b.runAt) || a.id.localeCompare(b.id));
  }

  async failed(): Promise<
    {
      id: string;
      step: string;
      conferenceId: string;
      attemptsMade: number;
      failedReason: string;
      finishedOn?: number;
      version?: number;
    }[]
  > {
    const jobs = await this.queue.getFailed(0, 500);
    return jobs.map((j) => ({
      id: j.id ?? '',
      step: String((j.data as Partial<StepJobPayload>).step ?? j.name),
      conferenceId: String((j.data as Partial<StepJobPayload>).conferenceId ?? ''),
      attemptsMade: j.attemptsMade,
      failedReason: this.readFailedReason(j.failedReason),
      ...(j.finishedOn ? { finishedOn: j.finishedOn } : {}),
      ...(typeof (j.data as Partial<StepJobPayload>).version === 'number'
        ? { version: (j.data as Partial<StepJobPayload>).version! }
        : {}),
    }));
  }

  /** A job's stored `failedReason`, decrypted and redacted for display. */
  readFailedReason(stored: string | undefined | null): string {
    return readFailureReason(stored, this.options.cipher);
  }

  async retryFailed(conferenceId: string, steps?: readonly string[]): Promise<RetriedJob[]> {
    const out: RetriedJob[] = [];
    for (const j of await this.queue.getFailed(0, 500)) {
      const data = j.data as Partial<StepJobPayload>;
      if (!j.id || data.conferenceId !== conferenceId || (steps && !steps.includes(String(data.step)))) continue;
      const reason = this.readFailedReason(j.failedReason);
      // Another process may have retried it meanwhile: only one that is still failed is run again.
      if (!(await this.retry(j.id))) continue;
      out.push({ id: j.id, step: String(data.step ?? j.name), reason });
    }
    return out;
  }

  async retry(id: string): Promise<boolean> {
    const job = await this.queue.getJob(id);
    if (!job || (await job.getState()) !== 'failed') return false;
    await job.retry('failed');
    return true;
  }

  close(): Promise<void> {
    return this.queue.close();
  }
}

function keepCompleted(settings: QueueSettings): true | { count: number } {
  const keep = settings.keepCompleted ?? 1000;
  return keep === 0 ? true : { count: keep };
}
