/**
 * A failed job on the coordinator's worklist: its id, its step and why it failed, and the addresses
 * the mail server refused for good that hold it up (whose each was, by attendee id: the first is the
 * item's `attendeeId`), from the conference's `refusedAddresses`. Pure, like worklist.ts.
 */
import type { Conference } from './conference.ts';
import type { RefusedAddress } from './deliveries.ts';

export interface FailedJobFact {
  id: string;
  step: string;
  conferenceId: string;
  failedReason: string;
  /** The schedule version the job was for (its payload's). */
  version?: number;
}

/**
 * The conference's refused addresses a failed job is held up by: its reason names the send (a
 * refusal's error quotes its ledger key), or the send is of the job's step and schedule version.
 */
export function refusalsOf(c: Pick<Conference, 'refusedAddresses'>, j: FailedJobFact): RefusedAddress[] {
  return (c.refusedAddresses ?? []).filter(
    (r) =>
      j.failedReason.includes(`(send ${r.key})`) ||
      (r.key.startsWith(`${j.step}-`) && j.version !== undefined && r.key.endsWith(`-v${j.version}`)),
  );
}

/** Whose address was refused for good (absent: not an attendee's), their manager's or their own, and the server's reason. */
export type RefusedOfJob = Pick<RefusedAddress, 'attendeeId' | 'manager' | 'reason'>;

/** The worklist item (worklist.ts) of one failed job of `c`. */
export function failedJobItem(
  c: Pick<Conference, 'refusedAddresses'>,
  j: FailedJobFact,
): {
  kind: 'failed-job';
  place: 'failed-jobs';
  jobId: string;
  step: string;
  reason: string;
  attendeeId?: string;
  refused?: RefusedOfJob[];
} {
  const refused = refusalsOf(c, j).map((r) => ({
    ...(r.attendeeId ? { attendeeId: r.attendeeId } : {}),
    ...(r.manager ? { manager: true } : {}),
    reason: r.reason,
  }));
  return {
    kind: 'failed-job',
    place: 'failed-jobs',
    jobId: j.id,
    step: j.step,
    reason: j.failedReason,
    ...(refused[0]?.attendeeId ? { attendeeId: refused[0].attendeeId } : {}),
    ...(refused.length ? { refused } : {}),
  };
}
