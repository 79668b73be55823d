/**
 * The follow-on work of a change already stored (the transactional outbox of a cancel, postpone,
 * reschedule or close): written in the same transaction as the change, done after it (the old
 * version's jobs removed, the new ones queued, the audit written) and cleared once done. A failure
 * in between leaves it here, where a repair job and the sweeps (at start-up, after a Redis
 * reconnection, periodically) find it (app/conference/follow-on.ts), and the coordinator sees what is still to happen.
 */
import type { IsoInstant } from './conference-parts.ts';
import type { DeliveryRecord } from './deliveries.ts';
import type { SendKind, Step, StepTarget } from './steps.ts';

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
  | 'approve'
  /**
   * A smaller change (an attendee added, a report filed, an escalation opened…): only the effects
   * listed on its entry. Never replaces one of the kinds above still pending (withFollowOn).
   */
  | 'effects';

/** A job a change queues, kept with the change until it is queued (the conference is the marker's own). */
export type FollowOnJob = { [S in Step]: { version: number; runAt: IsoInstant } & StepTarget<S> }[Step];

/**
 * One call to the job scheduler a smaller change makes after it is stored, kept as data with the
 * change; each is safe to repeat (deterministic job ids, a job that has run is not queued again).
 * `countAs` names the detail of the change's audit entry that says how many jobs went.
 */
export type FollowOnEffect =
  | { do: 'schedule'; jobs: FollowOnJob[] }
  | { do: 'cancel-attendee'; attendeeId: string; steps?: Step[]; countAs?: string }
  | { do: 'cancel-steps'; steps: Step[]; keep: FollowOnJob[]; countAs?: string }
  /** Sends claimed but not made (a removed job's attempt died mid-send) closed as skipped, with the reason. */
  | { do: 'skip-unsent'; steps: SendKind[]; recipients: string[]; reason: string }
  /** Something done by a person, not sent (a parent told in person), entered in the send ledger once. */
  | { do: 'record-delivery'; step: SendKind; recipient: string; channel: DeliveryRecord['channel']; note: string };

/** An audit entry still to be written (`jobsRemoved` is added when the jobs are removed). */
export interface FollowOnAudit {
  at: IsoInstant;
  actor: string;
  action: string;
  detail: Record<string, unknown>;
  /** Unproven mail the change resolved as superseded (one `inbound.superseded` entry each). */
  superseded?: string[];
  /** Why they were superseded, when not because the conference ended (InboundQueueItem's reason). */
  supersededBecause?: 'report-filed';
  /** What this change still has to do besides its kind's work, in order, before its entry is written. */
  effects?: FollowOnEffect[];
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

/**
 * The marker a change stores with itself: this change's work, after any earlier change's entries
 * still to do. A smaller change (`effects`) keeps an earlier pending kind, its version and since.
 */
export function withFollowOn(
  before: PendingFollowOn | undefined,
  next: { kind: FollowOnKind; version: number; since: IsoInstant; audit: FollowOnAudit },
): PendingFollowOn {
  const audit = [...(before?.audit ?? []), next.audit];
  if (before && next.kind === 'effects') return { ...before, audit };
  return { kind: next.kind, version: next.version, since: next.since, audit };
}

/** A smaller change's marker: its audit entry and the jobs it queues or removes, kept with it. */
export function withEffects(
  c: { followOn?: PendingFollowOn; version: number },
  since: IsoInstant,
  audit: Omit<FollowOnAudit, 'at'>,
  effects: FollowOnEffect[],
): PendingFollowOn {
  const work = effects.filter((e) => e.do !== 'schedule' || e.jobs.length > 0);
  return withFollowOn(c.followOn, {
    kind: 'effects',
    version: c.version,
    since,
    audit: { at: since, ...audit, ...(work.length ? { effects: work } : {}) },
  });
}
