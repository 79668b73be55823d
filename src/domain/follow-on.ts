/**
 * The follow-on work of a change already stored (the transactional outbox of a cancel, postpone,
 * reschedule or close): written in the same transaction as the change, done after it (the old
 * version's jobs removed, the new ones queued, the audit written) and cleared once done. A failure
 * in between leaves it here, where a repair job and the sweeps (at start-up, after a Redis
 * reconnection, periodically) find it (app/conference/follow-on.ts), and the coordinator sees what is still to happen.
 */
import type { IsoInstant } from './conference-parts.ts';

export type FollowOnKind =
  /** Booked: the first version's jobs are planned (invitations, report requests, chasers). */
  | 'create'
  /** A new time: the old version's jobs go, the new version's are planned (invitations, chasers). */
  | 'replan'
  /** Cancelled or postponed: every job of the old version goes, the cancellations are sent. */
  | 'withdraw'
  /** Closed: every remaining job goes. */
  | 'close'
  /** The decision approved: its letters to everyone, the core group's invitations, the plan's reminders. */
  | 'approve';

/** An audit entry still to be written (`jobsRemoved` is added when the jobs are removed). */
export interface FollowOnAudit {
  at: IsoInstant;
  actor: string;
  action: string;
  detail: Record<string, unknown>;
  /** Unproven mail the change resolved as superseded (one `inbound.superseded` entry each). */
  superseded?: string[];
}

/** Follow-on work still pending this long after its change (retried meanwhile) is on the coordinator's worklist. */
export const FOLLOW_ON_GRACE_MS = 30 * 60_000;

export interface PendingFollowOn {
  kind: FollowOnKind;
  /** The schedule version the work is for (the conference's version when it was stored). */
  version: number;
  since: IsoInstant;
  /** Oldest first: a change made before an earlier one's follow-on was done keeps that one's entries. */
  audit: FollowOnAudit[];
}

/** The marker a change stores with itself: this change's work, after any earlier change's audit still unwritten. */
export function withFollowOn(
  before: PendingFollowOn | undefined,
  next: { kind: FollowOnKind; version: number; since: IsoInstant; audit: FollowOnAudit },
): PendingFollowOn {
  return { kind: next.kind, version: next.version, since: next.since, audit: [...(before?.audit ?? []), next.audit] };
}
