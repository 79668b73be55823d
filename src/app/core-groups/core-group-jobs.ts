/**
 * The jobs of a conference's core groups, after their bookings changed: kept apart from the booking
 * use-cases (core-groups.ts) because the follow-on work of a change (conference/follow-on.ts) queues
 * them too, and the bookings store theirs with it.
 */
import type { Conference } from '../../domain/conference.ts';
import { activeCoreGroups, cadenceNagAt, coreGroupSeq, type CoreGroupMeeting } from '../../domain/core-groups.ts';
import type { Policy } from '../../domain/policy/schema.ts';
import type { ScheduledJob } from '../../ports/jobs.ts';
import type { AppDeps } from '../deps.ts';

/** Every core group step: a replan removes the pending ones it does not queue again. */
export const CORE_GROUP_STEPS = [
  'core-group-invites',
  'core-group-cancellations',
  'core-group-nag',
  'core-group-record-due',
] as const;

/** The jobs after core group bookings changed: invitations or cancellations of `changed`, and a fresh nag. */
export function coreGroupJobs(
  c: Conference,
  policy: Policy,
  deps: Pick<AppDeps, 'calendar' | 'clock'>,
  changed: CoreGroupMeeting[],
): ScheduledJob[] {
  const now = deps.clock.now();
  const base = { conferenceId: c.id, version: c.version };
  const jobs: ScheduledJob[] = changed.map((g) => ({
    ...base,
    step: g.state === 'cancelled' ? 'core-group-cancellations' : 'core-group-invites',
    seq: coreGroupSeq(g),
    runAt: now,
  }));
  // Every booked core group's record deadline (a job already queued or run is the same id: a no-op).
  for (const g of activeCoreGroups(c))
    if (!g.record && g.recordDueAt)
      jobs.push({ ...base, step: 'core-group-record-due', seq: coreGroupSeq(g), runAt: new Date(g.recordDueAt) });
  const nag = cadenceNagAt(policy, c, deps.calendar, now);
  if (nag) jobs.push({ ...base, step: 'core-group-nag', seq: c.coreGroupPlanRev ?? 1, runAt: nag.runAt });
  return jobs;
}

/** Removes pending jobs of earlier revisions and the earlier nag, then queues the new ones. */
export async function replanCoreGroupJobs(deps: AppDeps, c: Conference, changed: CoreGroupMeeting[]): Promise<void> {
  const jobs = coreGroupJobs(c, deps.policies.get(c.policyId), deps, changed);
  await deps.jobs.cancelSteps(c.id, CORE_GROUP_STEPS, jobs);
  await deps.jobs.schedule(jobs);
}
