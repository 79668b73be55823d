import type { Conference } from '../domain/conference.ts';
import { circulationDueAt } from '../domain/circulation.ts';
import type { Policy } from '../domain/policy/schema.ts';
import type { ScheduledJob } from '../ports.ts';
import type { AppDeps } from './deps.ts';

/**
 * The SLA watchdog, `watchdogMarginHours` before the circulation deadline (or now, if that has
 * passed). Queued when the decision is recorded and again at approval: the deterministic job id
 * makes the second a no-op, so it runs once, from the end of the meeting.
 */
export function planWatchdog(c: Conference, policy: Policy, deps: Pick<AppDeps, 'clock'>): ScheduledJob[] {
  const due = circulationDueAt(c);
  if (!due) return [];
  const now = deps.clock.now();
  const at = new Date(Date.parse(due) - policy.circulation.watchdogMarginHours * 3600_000);
  return [{ conferenceId: c.id, version: c.version, step: 'circulation-watchdog', runAt: at > now ? at : now }];
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
  return [...jobs, ...planWatchdog(c, policy, deps)];
}
