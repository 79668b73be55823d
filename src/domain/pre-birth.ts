/**
 * A pre-birth conference's clocks after the meeting: the first core group counts from the conference
 * as for any initial conference (the policy's `coreGroup.first`) but must meet before the expected due
 * date, and the birth plan is agreed `timings.birthPlanWeeksBeforeDueDate` weeks before it. None of the
 * source documents sets either: local practice, documented in docs/policies.md. Pure.
 */
import { DateTime } from 'luxon';
import type { WorkingDayCalendar } from './calendar/working-days.ts';
import { toCalendarDay } from './calendar/working-days.ts';
import { LONDON } from './calendar/zone.ts';
import type { Policy } from './policy/schema.ts';
import type { IsoInstant } from './conference-parts.ts';
import type { ConferenceState } from './conference.ts';
import type { FieldIssue } from './errors.ts';
import { meetingHasBegun } from './state-machine.ts';
import type { ConferenceTask } from './tasks.ts';

const endOfDay = (date: string, eod: string): DateTime => {
  const [h, m] = eod.split(':').map(Number) as [number, number];
  const d = toCalendarDay(date);
  return DateTime.fromObject({ year: d.year, month: d.month, day: d.day, hour: h, minute: m }, { zone: LONDON });
};
const fmt = (dt: DateTime): string => dt.setZone(LONDON).toISO({ suppressMilliseconds: true }) ?? '';

export interface PreBirthDeadlines {
  /** The first core group by: the policy's span from the conference, or the working day before the due date if earlier. */
  firstCoreGroupBy: string;
  /** The birth plan agreed by: the policy's weeks before the due date, never before the first core group's deadline. */
  birthPlanDue: string;
}

/**
 * `fromConference`: the first core group deadline the policy gives any initial conference (absent
 * where it sets none: then the working day before the due date). A conference held too late for the
 * policy's weeks has its birth plan agreed by the first core group at the latest.
 */
export function preBirthDeadlines(
  policy: Pick<Policy, 'endOfWorkingDay' | 'timings'>,
  expectedDueDate: string,
  fromConference: string | undefined,
  calendar: WorkingDayCalendar,
): PreBirthDeadlines {
  const eod = policy.endOfWorkingDay;
  const due = toCalendarDay(expectedDueDate, 'expectedDueDate');
  const beforeBirth = endOfDay(calendar.previousWorkingDayOnOrBefore(due.minus({ days: 1 })), eod);
  const counted = fromConference ? DateTime.fromISO(fromConference, { zone: LONDON }) : undefined;
  const coreGroup = counted && counted < beforeBirth ? counted : beforeBirth;
  const weeks = policy.timings.birthPlanWeeksBeforeDueDate;
  const plan = endOfDay(calendar.previousWorkingDayOnOrBefore(due.minus({ weeks })), eod);
  return { firstCoreGroupBy: fmt(coreGroup), birthPlanDue: fmt(plan < coreGroup ? coreGroup : plan) };
}

/**
 * What is wrong with a birth on `bornOn` for a baby unborn at this pre-birth conference, or nothing.
 * A birth is recorded for a baby who was unborn at the conference (trial finding: a birth the day
 * before it was taken, and the plan's clocks counted as if the conference came first). Born before
 * the meeting took place: the baby was never unborn at it, and a conference about a born child is an
 * initial one. Born on the day it was held is taken: the baby may have come after the meeting.
 */
export function birthDateIssue(
  c: { state: ConferenceState; startsAt: IsoInstant; heldOn?: string },
  bornOn: string,
): FieldIssue | undefined {
  const day = c.heldOn ?? DateTime.fromISO(c.startsAt, { zone: LONDON }).toISODate()!;
  if (!meetingHasBegun(c.state))
    return {
      field: 'bornOn',
      message: `the baby is born before the pre-birth conference (${day}), which has not been held: cancel it and book an initial child protection conference for the baby instead`,
    };
  if (bornOn < day)
    return {
      field: 'bornOn',
      message: `is before the day of the pre-birth conference (${day}): the baby was born before it was held, so was not unborn at it; check the date`,
    };
  return undefined;
}

/**
 * When a baby is born before their birth plan is agreed, the birth plan task is not needed any more:
 * closed as such (never "done", which would say the plan was agreed), with why and when. The core
 * group after the birth takes over (pre-birth.ts).
 */
export function closeBirthPlanAtBirth(
  tasks: readonly ConferenceTask[],
  childId: string,
  because: string,
  at: IsoInstant,
): ConferenceTask[] {
  return tasks.map((t) =>
    t.kind === 'agree-birth-plan' && t.subject === childId && t.status === 'open'
      ? { ...t, status: 'not-needed' as const, notNeeded: because, doneAt: at, doneBy: 'system' }
      : t,
  );
}
