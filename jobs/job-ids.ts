import type { ScheduledJob } from '../src/ports/jobs.ts';

/** `conf-<id>-<step>-<attendee|all>-v<version>`: deterministic, so a re-add of the same deadline is a no-op. */
export function jobId(job: Pick<ScheduledJob, 'conferenceId' | 'step' | 'attendeeId' | 'version' | 'seq'>): string {
  return `conf-${job.conferenceId}-${job.step}-${job.attendeeId ?? 'all'}-v${job.version}${job.seq ? `-s${job.seq}` : ''}`;
}

const JOB_ID = /^conf-([a-z0-9]+)-([a-z0-9-]+?)-(a\d+|all)-v(\d+)(?:-s\d+)?$/;

export function parseJobId(
  id: string,
): { conferenceId: string; step: string; attendeeId?: string; version: number } | undefined {
  const m = JOB_ID.exec(id);
  if (!m) return undefined;
  const [, conferenceId, step, attendee, version] = m as unknown as [string, string, string, string, string];
  return { conferenceId, step, version: Number(version), ...(attendee === 'all' ? {} : { attendeeId: attendee }) };
}
