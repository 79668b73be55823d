import type { Conference } from '../../domain/conference.ts';
import type { ConferenceStep } from '../../domain/steps.ts';
import { circulationDueAt } from '../../domain/circulation.ts';
import { minutesDueAt } from '../../domain/minutes.ts';
import type { Policy } from '../../domain/policy/schema.ts';
import type { ScheduledJob } from '../../ports/jobs.ts';
import type { AppDeps } from '../deps.ts';

/**
 * A watchdog `watchdogMarginHours` before a deadline (or now, if that has passed), and a second look
 * at the deadline itself; none without a deadline.
 */
function watchJobs(
  c: Conference,
  policy: Policy,
  now: Date,
  due: string | undefined,
  steps: readonly [watchdog: ConferenceStep, deadline: ConferenceStep],
): ScheduledJob[] {
  if (!due) return [];
  const at = new Date(Date.parse(due) - policy.circulation.watchdogMarginHours * 3600_000);
  const deadline = new Date(Date.parse(due));
  return [
    { conferenceId: c.id, version: c.version, step: steps[0], runAt: at > now ? at : now },
    { conferenceId: c.id, version: c.version, step: steps[1], runAt: deadline > now ? deadline : now },
  ];
}

/**
 * The SLA watchdog before the circulation deadline. Queued when the decision is recorded and again
 * at approval: the deterministic job ids make the second a no-op, so each runs once.
 */
export function planWatchdog(c: Conference, policy: Policy, deps: Pick<AppDeps, 'clock'>): ScheduledJob[] {
  return watchJobs(c, policy, deps.clock.now(), circulationDueAt(c), ['circulation-watchdog', 'circulation-deadline']);
}

/** The minutes watchdog before the policy's minutes (or record bundle) deadline: queued at the decision's approval and the minutes'. */
export function planMinutesWatch(c: Conference, policy: Policy, deps: Pick<AppDeps, 'clock'>): ScheduledJob[] {
  return watchJobs(c, policy, deps.clock.now(), minutesDueAt(c, policy), ['minutes-watchdog', 'minutes-deadline']);
}

/**
 * Jobs queued when the chair approves: the decision's fan-out, one job for the whole conference
 * (deterministic id, so a repeated approval queues nothing twice), the children's records, and the
 * SLA watchdog before the circulation deadline.
 */
export function planAfterApproval(c: Conference, policy: Policy, deps: Pick<AppDeps, 'clock'>): ScheduledJob[] {
  const now = deps.clock.now();
  const base = { conferenceId: c.id, version: c.version };
  const jobs: ScheduledJob[] = [{ ...base, step: 'circulate-decision', runAt: now }];
  // Each child's record across conferences learns the decision (plans started, continued or ended).
  jobs.push({ ...base, step: 'record-child-plans', runAt: now });
  // The minutes have a deadline of their own (the record bundle's, where the policy has one): watched from now.
  return [...jobs, ...planWatchdog(c, policy, deps), ...planMinutesWatch(c, policy, deps)];
}
