/**
 * The reminder and overdue jobs of the plan's actions: kept apart from the plan's use-cases
 * (plan.ts) because the follow-on work of a change (conference/follow-on.ts) queues them too, and a
 * change to an action stores its jobs with it.
 */
import type { Conference } from '../../domain/conference.ts';
import { planActionTimes, planRowSeq } from '../../domain/plan.ts';
import type { Policy } from '../../domain/policy/schema.ts';
import type { ScheduledJob } from '../../ports/jobs.ts';
import type { AppDeps } from '../deps.ts';

export const PLAN_STEPS = ['plan-action-reminder', 'plan-action-overdue'] as const;

/** The reminder and overdue jobs of the given actions (all open ones with an owner or a due date by default). */
export function planActionJobs(
  c: Conference,
  policy: Policy,
  deps: Pick<AppDeps, 'calendar' | 'clock'>,
  rows = c.decision?.plan ?? [],
): ScheduledJob[] {
  const now = deps.clock.now();
  const base = { conferenceId: c.id, version: c.version };
  return rows.flatMap((r) => {
    if (!r.id || !r.dueOn || r.status === 'done' || r.status === 'dropped') return [];
    const t = planActionTimes(policy, deps.calendar, r.dueOn, now);
    const seq = planRowSeq(r);
    const owner = r.ownerAttendeeId ? { attendeeId: r.ownerAttendeeId } : {};
    return [
      ...(t.remindAt && r.ownerAttendeeId
        ? [{ ...base, ...owner, step: 'plan-action-reminder' as const, seq, runAt: t.remindAt }]
        : []),
      { ...base, step: 'plan-action-overdue' as const, seq, runAt: t.overdueAt },
    ];
  });
}
