import type { JobScheduler } from '../../../../ports/jobs.ts';

export interface FailedJob {
  id: string;
  step: string;
  conferenceId: string;
  attemptsMade: number;
  failedReason: string;
  finishedOn?: number;
}

/** The queue's admin side (BullJobScheduler has it; the JobScheduler port does not need it). */
export interface JobAdmin {
  failed(): Promise<FailedJob[]>;
  retry(id: string): Promise<boolean>;
}

export function jobAdmin(jobs: JobScheduler): JobAdmin | undefined {
  const j = jobs as Partial<JobAdmin>;
  return typeof j.failed === 'function' && typeof j.retry === 'function' ? (jobs as unknown as JobAdmin) : undefined;
}
