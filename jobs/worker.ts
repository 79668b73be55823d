import { UnrecoverableError, Worker, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Logger } from '../src/infra/logger.ts';
import { StepCannotSucceedError } from '../src/ports/jobs.ts';
import type { DataCipher } from '../src/infra/data-cipher.ts';
import { failureReasonForLog, sealFailure } from './failure-reason.ts';
import { jobId, parseJobId } from './job-ids.ts';
import { isServiceJob, JobPayload } from './payload.ts';
import { WORKFLOW_QUEUE, type QueueSettings } from './queues.ts';

export type StepHandler = (payload: JobPayload) => Promise<void>;

/**
 * Where a conference job's payload disagrees with its id (`conf-<id>-<step>-<attendee|all>-v<version>`,
 * `-t<time>` for a shared chaser; job-ids.ts): a payload edited in Redis is no longer the job that
 * was queued, so it never runs.
 */
function editedFields(
  id: string | undefined,
  p: Exclude<JobPayload, { step: 'retention-sweep' | 'follow-on-sweep' }>,
): string[] {
  if (id === jobId(p)) return [];
  const named = id ? parseJobId(id) : undefined;
  if (!named) return ['(root): not a conference job id'];
  const fields: string[] = [];
  if (named.conferenceId !== p.conferenceId) fields.push('conferenceId: not the conference of this job');
  if (named.step !== p.step) fields.push('step: not the step of this job');
  if (named.attendeeId !== p.attendeeId) fields.push('attendeeId: not the attendee of this job');
  if (named.version !== p.version) fields.push('version: not the version of this job');
  // A shared chaser's id carries its run time, which decides whom it chases (report-chasers.ts).
  if (named.at !== parseJobId(jobId(p))?.at) fields.push('runAt: not the time of this job');
  return fields.length ? fields : ['seq: not the number of this job'];
}

/**
 * Thin processor: validate the payload, call the use-case for its step. A payload that does not
 * parse, or that no longer agrees with its job's id, can never succeed, so it fails at once
 * (UnrecoverableError) and stays in the failed list.
 * Whatever is thrown reaches BullMQ sealed (see failure-reason.ts): redacted, encrypted when a
 * cipher is given, the same error class so retries behave as before.
 */
export function createProcessor(
  handle: StepHandler,
  logger: Logger,
  options: { cipher?: DataCipher; afterRun?: (jobId: string) => Promise<void> } = {},
) {
  return async (job: Job): Promise<void> => {
    try {
      const parsed = JobPayload.safeParse(job.data);
      if (!parsed.success) {
        const fields = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
        logger.error('job payload rejected', { jobId: job.id, fields });
        throw new UnrecoverableError(`invalid job payload: ${fields}`);
      }
      const edited = isServiceJob(parsed.data) ? [] : editedFields(job.id, parsed.data);
      if (edited.length) {
        logger.error('job payload rejected', { jobId: job.id, fields: edited.join('; ') });
        throw new UnrecoverableError(`invalid job payload: ${edited.join('; ')}`);
      }
      await handle(parsed.data);
      // Recorded before BullMQ completes (and removes) the job: if this fails the job retries, harmlessly.
      if (options.afterRun && job.id) await options.afterRun(job.id);
    } catch (err) {
      // Can never succeed: no retries, straight to the failed list (BullMQ decides on the class).
      if (err instanceof StepCannotSucceedError) throw sealFailure(new UnrecoverableError(err.message), options.cipher);
      throw sealFailure(err, options.cipher);
    }
  };
}

export function startWorker(options: {
  connection: Redis;
  prefix: string;
  settings: QueueSettings;
  concurrency?: number;
  handle: StepHandler;
  logger: Logger;
  /** Encrypts the failure reasons BullMQ stores (DATA_ENCRYPTION_KEY). */
  cipher?: DataCipher;
  /** After a job's step succeeded: the scheduler records that it ran (BullJobScheduler.markRan). */
  afterRun?: (jobId: string) => Promise<void>;
}): Worker {
  const worker = new Worker(
    WORKFLOW_QUEUE,
    createProcessor(options.handle, options.logger, {
      ...(options.cipher ? { cipher: options.cipher } : {}),
      ...(options.afterRun ? { afterRun: options.afterRun } : {}),
    }),
    {
      connection: options.connection,
      prefix: `${options.prefix}-bull`,
      concurrency: options.concurrency ?? 10,
      // Short lock and stall check: a killed worker's job is picked up again within ~15 s, not a minute.
      lockDuration: options.settings.lockDurationMs,
      stalledInterval: options.settings.stalledIntervalMs,
      maxStalledCount: 3,
    },
  );
  worker.on('failed', (job, err) =>
    options.logger.warn('job failed', {
      jobId: job?.id,
      attemptsMade: job?.attemptsMade,
      final: job ? job.attemptsMade >= (job.opts.attempts ?? 1) : undefined,
      // The error's message is the sealed (encrypted) reason: log the readable, redacted one.
      err: { name: err.name, message: failureReasonForLog(err) },
    }),
  );
  worker.on('error', (err) => options.logger.error('worker error', { err }));
  return worker;
}
