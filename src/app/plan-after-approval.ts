import type { Conference } from '../domain/conference.ts';
import { circulationDueAt } from '../domain/circulation.ts';
import type { Policy } from '../domain/policy/schema.ts';
import type { ScheduledJob } from '../ports.ts';
import type { AppDeps } from './deps.ts';
import { planMinutesWatch } from './minutes/record-minutes.ts';

/**
 * The SLA watchdog, `watchdogMarginHours` before the circulation deadline (or now, if that has
 * passed), and a second look at the deadline itself. Queued when the decision is recorded and again
 * at approval: the deterministic job ids make the second a no-op, so each runs once.
 */
export function planWatchdog(c: Conference, policy: Policy, deps: Pick<AppDeps, 'clock'>): ScheduledJob[] {
  const due = circulationDueAt(c);
  if (!due) return [];
  const now = deps.clock.now();
  const at = new Date(Date.parse(due) - policy.circulation.watchdogMarginHours * 3600_000);
  const deadline = new Date(Date.parse(due));
  return [
    { conferenceId: c.id, version: c.version, step: 'circulation-watchdog', runAt: at > now ? at : now },
    { conferenceId: c.id, version: c.version, step: 'circulation-deadline', runAt: deadline > now ? deadline : now },
  ];
}

/**
 * Jobs queued when the chair approves: one circulation job per attendee (deterministic ids, so a
 * repeated approval queues nothing twice) and the SLA watchdog before the circulation deadline.
 */
export function planAfterApproval(c: Conference, policy: Policy, deps: Pick<AppDeps, 'clock'>): ScheduledJob[] {
  const now = deps.clock.now();
  const base = { conferenceId: c.id, version: c.version };
  const jobs: ScheduledJob[] = c.attendees
    .filter((a) => a.role !== 'child')
    .map((a) => ({ ...base, step: 'circulate-decision', attendeeId: a.id, runAt: now }));
  // The minutes have a deadline of their own (the record bundle's, where the policy has one): watched from now.
  return [...jobs, ...planWatchdog(c, policy, deps), ...planMinutesWatch(c, policy, deps)];
}
