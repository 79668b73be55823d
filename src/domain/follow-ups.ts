/**
 * What follows an approved decision, per child, counted from the day the conference was held:
 * the first core group and the review conference for children on a child protection plan, and
 * the minutes and record-bundle reminders for the chair and minute-taker. Pure: times in, plan out.
 */
import { DateTime } from 'luxon';
import type { WorkingDayCalendar } from './calendar/working-days.ts';
import type { IsoDate, IsoInstant } from './conference-parts.ts';
import type { Conference } from './conference.ts';
import type { Policy } from './policy/schema.ts';
import type { Duration } from './policy/duration.ts';
import type { ConferenceStep } from './steps.ts';
import type { Timetable } from './timetable.ts';
import { buildTimetable } from './timetable-build.ts';
import { describeDuration } from './timetable-rules.ts';
import { deadlineAfterDate } from './deadlines.ts';
import type { Recommendation } from './vocabulary.ts';
import { LONDON } from './calendar/zone.ts';

/** A draft review conference starts at this London time on its day. */
export const REVIEW_START_TIME = '10:00';

export interface FollowUpJob {
  step: ConferenceStep;
  runAt: Date;
}

export interface FollowUpPlan {
  jobs: FollowUpJob[];
  /** Children on a child protection plan whose core group counts from the conference. */
  onPlan: string[];
  /**
   * Unborn children on a plan (also in `onPlan`): the first core group counts from the conference but
   * meets before the expected due date, and the birth plan is agreed by `birthPlanBy`.
   */
  awaitingBirth: string[];
  /** A pre-birth plan's birth plan agreed by (the timetable's `birthPlanDue`); chased at that time if not recorded. */
  birthPlanBy?: IsoInstant;
  /** Unborn children on a plan whose birth is recorded: core group counted from the birth. */
  born: { childId: string; bornOn: IsoDate; coreGroupBy?: IsoInstant }[];
  /** Children with no plan: no core group, no review. */
  noPlan: { childId: string; outcome: Recommendation }[];
  coreGroupBy?: IsoInstant;
  /** Hampshire: the core group meets straight after the initial conference. */
  coreGroupStraightAfter: boolean;
  /** How often later core groups meet, in words ("4 weeks"). */
  cadence?: string;
  reviewBy?: IsoInstant;
  /** When the draft review conference is pencilled in: 10:00 on the last working day by the deadline. */
  reviewStartsAt?: IsoInstant;
  minutesDue?: IsoInstant;
  recordBundleDue?: IsoInstant;
  /** Plain sentences for the audit trail, e.g. why a child has no core group. */
  notes: string[];
}

const OUTCOME_WORDS: Record<Recommendation, string> = {
  'child-protection-plan': 'child protection plan',
  'child-in-need': 'child in need plan',
  'no-further-action': 'no further action',
};

const londonAt = (date: string, hhmm: string): DateTime => {
  const [h, m] = hhmm.split(':').map(Number) as [number, number];
  return DateTime.fromISO(date, { zone: LONDON }).set({ hour: h, minute: m, second: 0, millisecond: 0 });
};
const iso = (dt: DateTime): string => dt.setZone(LONDON).toISO({ suppressMilliseconds: true }) ?? '';
const londonDate = (instant: string): string =>
  DateTime.fromISO(instant, { zone: LONDON }).setZone(LONDON).toISODate() ?? '';

/**
 * The timetable recomputed at the end of the meeting: hour-based windows (Hackney's 24 hours) run
 * from the actual end, working-day and calendar spans from the date it was actually held.
 */
export function afterMeetingTimetable(
  c: Conference,
  policy: Policy,
  calendar: WorkingDayCalendar,
  endedAt: IsoInstant,
  heldOn: IsoDate,
): Timetable {
  const startDate = londonDate(c.startsAt);
  const dueDate = c.children.find((ch) => ch.unborn && ch.expectedDueDate)?.expectedDueDate;
  return buildTimetable(
    {
      policy,
      kind: c.kind,
      startsAt: c.startsAt,
      durationMinutes: c.durationMinutes,
      // A meeting started a little early (before midnight) still counts from its calendar date.
      heldOn: heldOn < startDate ? startDate : heldOn,
      endedAt,
      ...(c.strategyDiscussionOn ? { strategyDiscussionOn: c.strategyDiscussionOn } : {}),
      ...(c.notifiedOn ? { notifiedOn: c.notifiedOn } : {}),
      ...(dueDate ? { expectedDueDate: dueDate } : {}),
    },
    calendar,
  );
}

/** The first core group for a baby born on `bornOn` (pre-birth plan). */
export function coreGroupAfterBirth(
  policy: Policy,
  bornOn: IsoDate,
  calendar: WorkingDayCalendar,
): IsoInstant | undefined {
  const first = policy.coreGroup.first;
  return first ? deadlineAfterDate(first, bornOn, calendar, policy.endOfWorkingDay) : undefined;
}

/** A reminder `timings.followUpReminderWorkingDays` before `due` at the policy's send time, or now if that has passed. */
export function reminderAt(due: IsoInstant, policy: Policy, calendar: WorkingDayCalendar, now: Date): Date {
  const day = calendar.addWorkingDays(londonDate(due), -policy.timings.followUpReminderWorkingDays);
  const at = Math.min(londonAt(day, policy.reports.reminders.sendAt).toMillis(), Date.parse(due));
  return new Date(Math.max(at, now.getTime()));
}

/** The draft review's start: 10:00 on the last working day on or before the review deadline. */
export function reviewStart(reviewBy: IsoInstant, calendar: WorkingDayCalendar): IsoInstant {
  return iso(londonAt(calendar.previousWorkingDayOnOrBefore(londonDate(reviewBy)), REVIEW_START_TIME));
}

const straightAfter = (d: Duration | undefined): boolean => d !== undefined && d.amount === 0 && d.unit === 'hours';

export function planFollowUps(c: Conference, policy: Policy, calendar: WorkingDayCalendar, now: Date): FollowUpPlan {
  const t = c.timetable;
  const outcomes = c.decision?.outcomes ?? [];
  const plan: FollowUpPlan = {
    jobs: [],
    onPlan: [],
    awaitingBirth: [],
    born: [],
    noPlan: [],
    coreGroupStraightAfter: false,
    notes: [],
  };
  for (const o of outcomes) {
    const child = c.children.find((ch) => ch.id === o.childId);
    if (o.outcome !== 'child-protection-plan') {
      plan.noPlan.push({ childId: o.childId, outcome: o.outcome });
      plan.notes.push(
        `${o.childId}: ${OUTCOME_WORDS[o.outcome]}: no core group and no review conference (the ${policy.shortName} policy schedules them for a child protection plan only)`,
      );
    } else if (child?.unborn && !child.bornOn) {
      plan.awaitingBirth.push(o.childId);
      plan.onPlan.push(o.childId);
      plan.notes.push(
        `${o.childId}: pre-birth plan: the first core group meets before the birth${t.birthPlanDue ? ` and the birth plan is agreed by ${t.birthPlanDue}` : ''}; a core group after the birth is counted from it once it is recorded`,
      );
    } else if (child?.bornOn && child.expectedDueDate) {
      // Unborn at the conference (a pre-birth plan): the core group counts from the birth.
      const by = coreGroupAfterBirth(policy, child.bornOn, calendar);
      plan.born.push({ childId: o.childId, bornOn: child.bornOn, ...(by ? { coreGroupBy: by } : {}) });
    } else {
      plan.onPlan.push(o.childId);
    }
  }
  const firstSpan = c.kind === 'review' ? policy.coreGroup.cadence : policy.coreGroup.first;
  const anyPlan = plan.onPlan.length + plan.born.length > 0;
  if (plan.onPlan.length && t.firstCoreGroupBy) {
    plan.coreGroupBy = t.firstCoreGroupBy;
    plan.coreGroupStraightAfter = straightAfter(firstSpan);
    plan.jobs.push({ step: 'follow-up-core-group', runAt: now });
  } else if (plan.onPlan.length) {
    plan.notes.push(`the ${policy.shortName} policy sets no first core group deadline`);
  }
  if (plan.born.length) plan.jobs.push({ step: 'follow-up-birth-core-group', runAt: now });
  if (plan.awaitingBirth.length && t.birthPlanDue) {
    plan.birthPlanBy = t.birthPlanDue;
    plan.jobs.push({
      step: 'follow-up-birth-plan',
      runAt: new Date(Math.max(Date.parse(t.birthPlanDue), now.getTime())),
    });
  }
  if (anyPlan && policy.coreGroup.cadence) plan.cadence = describeDuration(policy.coreGroup.cadence);
  if (anyPlan && t.nextReviewBy) {
    plan.reviewBy = t.nextReviewBy;
    plan.reviewStartsAt = reviewStart(t.nextReviewBy, calendar);
    plan.jobs.push({ step: 'follow-up-review', runAt: now });
  }
  if (t.minutesDue) {
    plan.minutesDue = t.minutesDue;
    plan.jobs.push({ step: 'follow-up-minutes', runAt: reminderAt(t.minutesDue, policy, calendar, now) });
  }
  if (t.recordBundleDue) {
    plan.recordBundleDue = t.recordBundleDue;
    plan.jobs.push({ step: 'follow-up-record-bundle', runAt: reminderAt(t.recordBundleDue, policy, calendar, now) });
  }
  return plan;
}
