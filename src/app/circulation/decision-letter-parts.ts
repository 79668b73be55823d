/**
 * What both decision letters (the professionals' in circulation-letters.ts, the family's in
 * family-decision-letter.ts) take from an approved conference: who an attendee id is, the dates that
 * come next (core group, review, minutes), the day it was held and a child's key worker.
 */
import { roleLabel } from '../../content/words.ts';
import type { WorkingDayCalendar } from '../../domain/calendar/working-days.ts';
import type { Attendee } from '../../domain/conference-parts.ts';
import type { ChildOutcome, Conference } from '../../domain/conference.ts';
import { planFollowUps } from '../../domain/follow-ups.ts';
import { activeCoreGroups } from '../../domain/core-groups.ts';
import type { Policy } from '../../domain/policy/schema.ts';
import { londonDate } from '../shared/time.ts';

export const who = (c: Conference, id: string | undefined): Attendee | undefined =>
  c.attendees.find((a) => a.id === id);

export function nextDates(c: Conference, policy: Policy, calendar: WorkingDayCalendar) {
  // Planned "now" does not matter for dates: they come from the recomputed timetable.
  const plan = planFollowUps(c, policy, calendar, new Date(Date.parse(c.decision?.approvedAt ?? c.updatedAt)));
  const booked = [...activeCoreGroups(c)].sort((a, b) => Date.parse(a.startsAt) - Date.parse(b.startsAt))[0];
  return {
    ...(plan.coreGroupBy ? { coreGroupBy: plan.coreGroupBy } : {}),
    // A core group booked at the conference: the letter gives its date, not only the deadline.
    ...(booked ? { coreGroupOn: booked.startsAt } : {}),
    coreGroupStraightAfter: plan.coreGroupStraightAfter,
    ...(plan.cadence ? { cadence: plan.cadence } : {}),
    ...(plan.reviewBy ? { reviewBy: plan.reviewBy } : {}),
    ...(plan.minutesDue ? { minutesDue: plan.minutesDue } : {}),
    ...(plan.recordBundleDue ? { recordBundleDue: plan.recordBundleDue } : {}),
    ...(plan.birthPlanBy ? { birthPlanBy: plan.birthPlanBy } : {}),
  };
}

export function heldOn(c: Conference): string {
  return c.heldOn ?? londonDate(c.decision?.decidedAt ?? c.startsAt);
}

/** The key worker ("Jo Bloggs, Social worker (Hackney CSC)") and visiting frequency of a child's plan, where recorded. */
export function keyWorkerLines(
  c: Conference,
  o: Pick<ChildOutcome, 'keyWorker' | 'visitingFrequency'>,
  label: (a: Attendee) => string = (a) => roleLabel(a.role, a.agency),
): { keyWorker?: string; visitingFrequency?: string } {
  const kw = who(c, o.keyWorker);
  return {
    ...(kw ? { keyWorker: `${kw.name} (${label(kw)})` } : {}),
    ...(o.visitingFrequency ? { visitingFrequency: o.visitingFrequency } : {}),
  };
}
