import { isSharedChaseStep } from '../src/domain/steps.ts';
import type { ScheduledJob } from '../src/ports/jobs.ts';

/** What a job's id is made of: its payload's ids, and its run time (a Date when queued, ISO when read back). */
type IdParts = Pick<ScheduledJob, 'conferenceId' | 'step' | 'attendeeId' | 'version' | 'seq'> & {
  runAt: Date | string;
};

/** `20261222090000000`: a run time in UTC to the millisecond, as an id can carry it (no colons). */
function stamp(runAt: Date | string): string {
  return new Date(runAt).toISOString().replace(/[-:TZ.]/g, '');
}

/**
 * `conf-<id>-<step>-<attendee|all>-v<version>`, `-s<seq>` for a numbered step, and `-t<UTC time>` for
 * a chaser shared by every author due then (steps.ts SHARED_CHASE_STEPS): deterministic, so a re-add
 * of the same deadline is a no-op, and an author added later whose dates are those of others joins
 * their jobs rather than adding their own.
 */
export function jobId(job: IdParts): string {
  const shared = isSharedChaseStep(job.step) && !job.attendeeId;
  return `conf-${job.conferenceId}-${job.step}-${job.attendeeId ?? 'all'}-v${job.version}${job.seq ? `-s${job.seq}` : ''}${shared ? `-t${stamp(job.runAt)}` : ''}`;
}

const JOB_ID = /^conf-([a-z0-9]+)-([a-z0-9-]+?)-(a\d+|all)-v(\d+)(?:-s\d+)?(?:-t(\d{17}))?$/;

export function parseJobId(
  id: string,
): { conferenceId: string; step: string; attendeeId?: string; version: number; at?: string } | undefined {
  const m = JOB_ID.exec(id);
  if (!m) return undefined;
  const [, conferenceId, step, attendee, version, at] = m as unknown as [
    string,
    string,
    string,
    string,
    string,
    string?,
  ];
  return {
    conferenceId,
    step,
    version: Number(version),
    ...(attendee === 'all' ? {} : { attendeeId: attendee }),
    ...(at ? { at } : {}),
  };
}
