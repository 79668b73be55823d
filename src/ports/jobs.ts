/** Delayed jobs, one per deadline: what the app schedules and cancels, and the error that says "do not retry". */
import type { Step, StepTarget } from '../domain/steps.ts';

/**
 * One delayed job per deadline. The jobs adapter turns it into a deterministic BullMQ job id
 * (`conf-<id>-<step>-<attendee|all>-v<version>`, `-t<time>` for a shared report chaser); the
 * payload it stores carries these ids only.
 */
export type ScheduledJobOf<S extends Step> = {
  conferenceId: string;
  version: number;
  runAt: Date;
} & StepTarget<S>;
/**
 * A job by its step: an attendee step names the attendee (`attendeeId`), a numbered step says which
 * occurrence (`seq`: a core group, a plan action, the n-th report submission's notices).
 */
export type ScheduledJob = { [S in Step]: ScheduledJobOf<S> }[Step];

export interface PendingJob {
  id: string;
  step: Step;
  attendeeId?: string;
  version: number;
  runAt: string;
  state: string;
  seq?: number;
}

export interface JobScheduler {
  schedule(jobs: ScheduledJob[]): Promise<void>;
  /** Removes pending jobs of a conference: all of them, or those of versions below `belowVersion`. */
  cancelConference(conferenceId: string, belowVersion?: number): Promise<number>;
  /** Removes pending jobs of one attendee (e.g. their chasers once the report arrives). */
  cancelAttendee(conferenceId: string, attendeeId: string, steps?: readonly Step[]): Promise<number>;
  /**
   * Removes pending jobs of a conference whose step is one of `steps`, except those `keep` is about
   * to (re)schedule: an earlier revision's invitations or an earlier nag, so no ghost job waits.
   */
  cancelSteps(conferenceId: string, steps: readonly Step[], keep?: readonly ScheduledJob[]): Promise<number>;
  pending(conferenceId: string): Promise<PendingJob[]>;
  /**
   * Runs the conference's failed jobs again (those of `steps` only, when given), once what held them
   * up may have changed: what each was and why it had failed. A run that finds its work done completes
   * and leaves the failed list; one still held up fails again and stays.
   */
  retryFailed(conferenceId: string, steps?: readonly string[]): Promise<RetriedJob[]>;
}

/** A failed job run again: its id, its step and why it had failed (redacted). */
export interface RetriedJob {
  id: string;
  step: string;
  reason: string;
}

/**
 * A job step that can never succeed however often it is tried (its data names something that does
 * not exist). The jobs adapter fails it at once, without retries, as BullMQ's UnrecoverableError, so
 * it waits in the failed list for a person instead of being retried JOB_ATTEMPTS times.
 */
export class StepCannotSucceedError extends Error {
  override name = 'StepCannotSucceedError';
}
