import type { Conference } from '../domain/conference.ts';
import type { Policy } from '../domain/policy/schema.ts';
import type { ScheduledJob } from '../ports.ts';
import type { AppDeps } from './deps.ts';

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
  const due = c.timetable.decisionCirculationDue ?? c.timetable.planCirculationDue;
  if (due) {
    const watchdog = new Date(Date.parse(due) - policy.circulation.watchdogMarginHours * 3600_000);
    jobs.push({ ...base, step: 'circulation-watchdog', runAt: watchdog > now ? watchdog : now });
  }
  return jobs;
}
