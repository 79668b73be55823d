import { DateTime } from 'luxon';
import { toCalendarDay } from './calendar/working-days.ts';
import { readLondonTime } from './calendar/london-time.ts';
import type { WorkingDayCalendar } from './calendar/working-days.ts';
import { ValidationError } from './errors.ts';
import type { FieldIssue } from './errors.ts';
import type { Policy } from './policy/schema.ts';
import type { Duration } from './policy/duration.ts';
import type { Timetable } from './timetable.ts';
import { preBirthDeadlines } from './pre-birth.ts';
import type { ConferenceKind } from './vocabulary.ts';
import { atEndOfDay, deadlineAfter, deadlineBefore, fmt } from './deadlines.ts';
import { reportsDueRule } from './timetable-rules.ts';

export interface TimetableInput {
  policy: Policy;
  kind: ConferenceKind;
  /** Calendar start (ISO 8601; without an offset it is London local time). */
  startsAt: string;
  durationMinutes: number;
  strategyDiscussionOn?: string;
  notifiedOn?: string;
  expectedDueDate?: string;
  /** The date the conference was actually held; defaults to the London date of `startsAt`. */
  heldOn?: string;
  /**
   * When the meeting actually ended (the chair's decision): deadlines in hours, such as a 24-hour
   * circulation window, run from here instead of the planned end.
   */
  endedAt?: string;
}

/** Timetable keys in the order a reader meets them: before, during, then after the conference. */
export const TIMETABLE_KEYS = [
  'latestConferenceDate',
  'socialWorkerReportDue',
  'reportsDue',
  'parentsJoinAt',
  'professionalsJoinAt',
  'endsAt',
  'decisionCirculationDue',
  'planCirculationDue',
  'hardCopyDue',
  'minutesDue',
  'recordBundleDue',
  'firstCoreGroupBy',
  'birthPlanDue',
  'nextReviewBy',
] as const satisfies readonly (keyof Timetable)[];

function parseInstant(value: string, field: string, issues: FieldIssue[]): DateTime | undefined {
  const r = readLondonTime(value);
  if (r.kind === 'instant') return r.at;
  if (r.kind === 'invalid') issues.push({ field, message: `"${value}" is not a valid date and time (${r.why})` });
  // The clocks skip or repeat it: the reason, typed; each door words it (content/london-time-words.ts).
  else
    issues.push({
      field,
      message: `${value} is ${r.kind} in London`,
      reason: { kind: 'london-time', text: value, reading: r },
    });
  return undefined;
}

function parseDate(value: string | undefined, field: string, issues: FieldIssue[]): string | undefined {
  if (value === undefined) return undefined;
  try {
    return toCalendarDay(value, field).toISODate() ?? undefined;
  } catch (err) {
    if (err instanceof ValidationError) issues.push(...err.issues);
    else throw err;
    return undefined;
  }
}

/** The earliest of the candidate instants (pre-birth: strategy discussion and due date both bind). */
const earliest = (xs: (DateTime | undefined)[]): DateTime | undefined =>
  xs
    .filter((x): x is DateTime => x !== undefined)
    .reduce<DateTime | undefined>((a, x) => (a && a <= x ? a : x), undefined);

/**
 * Every deadline of one conference under a policy. Keys the policy has no rule for are absent;
 * a missing optional input (e.g. no expected due date) omits what depends on it.
 */
export function buildTimetable(input: TimetableInput, calendar: WorkingDayCalendar): Timetable {
  const { policy, kind } = input;
  const eod = policy.endOfWorkingDay;
  const issues: FieldIssue[] = [];
  const start = parseInstant(input.startsAt, 'startsAt', issues);
  if (!Number.isInteger(input.durationMinutes) || input.durationMinutes < 1 || input.durationMinutes > 720) {
    issues.push({ field: 'durationMinutes', message: 'expected a whole number of minutes between 1 and 720' });
  }
  const strategy = parseDate(input.strategyDiscussionOn, 'strategyDiscussionOn', issues);
  const notified = parseDate(input.notifiedOn, 'notifiedOn', issues);
  const dueDate = parseDate(input.expectedDueDate, 'expectedDueDate', issues);
  const heldOnInput = parseDate(input.heldOn, 'heldOn', issues);
  const endedAt = input.endedAt !== undefined ? parseInstant(input.endedAt, 'endedAt', issues) : undefined;
  const conferenceDate = start?.toISODate() ?? '';
  if (start) {
    if (strategy && strategy > conferenceDate) {
      issues.push({
        field: 'strategyDiscussionOn',
        message: `${strategy} is after the conference date ${conferenceDate}`,
      });
    }
    if (notified && notified > conferenceDate) {
      issues.push({ field: 'notifiedOn', message: `${notified} is after the conference date ${conferenceDate}` });
    }
    if (heldOnInput && heldOnInput < conferenceDate) {
      issues.push({ field: 'heldOn', message: `${heldOnInput} is before the conference date ${conferenceDate}` });
    }
  }
  if (!start || issues.length) throw new ValidationError('Cannot build the timetable', issues);

  const endsAt = start.plus({ minutes: input.durationMinutes });
  const heldOn = heldOnInput ?? conferenceDate;
  const t: Timetable = { professionalsJoinAt: '', endsAt: fmt(endsAt) };

  if (policy.parentsSlot) {
    t.parentsJoinAt = fmt(start);
    t.professionalsJoinAt = fmt(start.plus({ minutes: policy.parentsSlot.minutes }));
  } else {
    t.professionalsJoinAt = fmt(start.minus({ minutes: policy.professionalsArriveEarlyMinutes }));
  }

  const latest = latestConferenceDate(policy, kind, { strategy, notified, dueDate }, calendar);
  if (latest) t.latestConferenceDate = fmt(latest);

  t.reportsDue = fmt(deadlineBefore(reportsDueRule(policy, kind).duration, start, calendar, eod));
  const sw = policy.reports.socialWorkerDue[kind];
  if (sw) t.socialWorkerReportDue = fmt(deadlineBefore(sw, start, calendar, eod));

  const afterMeeting = (d: Duration | undefined): string | undefined =>
    d ? fmt(deadlineAfter(d, heldOn, endedAt ?? endsAt, calendar, eod)) : undefined;
  const set = <K extends keyof Timetable>(key: K, value: Timetable[K] | undefined): void => {
    if (value !== undefined) t[key] = value;
  };
  set('decisionCirculationDue', afterMeeting(policy.circulation.decision));
  set('planCirculationDue', afterMeeting(policy.circulation.plan));
  set('hardCopyDue', afterMeeting(policy.circulation.hardCopy));
  set('minutesDue', afterMeeting(policy.minutes));
  set('recordBundleDue', afterMeeting(policy.recordBundle));
  set('firstCoreGroupBy', afterMeeting(kind === 'review' ? policy.coreGroup.cadence : policy.coreGroup.first));
  // Pre-birth: the core group and the birth plan before the birth (pre-birth.ts).
  if (kind === 'pre-birth' && dueDate)
    Object.assign(t, preBirthDeadlines(policy, dueDate, t.firstCoreGroupBy, calendar));
  set('nextReviewBy', afterMeeting(kind === 'review' ? policy.review.later : policy.review.first));
  return Object.fromEntries(
    TIMETABLE_KEYS.filter((k) => t[k] !== undefined).map((k) => [k, t[k]]),
  ) as unknown as Timetable;
}

function latestConferenceDate(
  policy: Policy,
  kind: ConferenceKind,
  on: { strategy?: string | undefined; notified?: string | undefined; dueDate?: string | undefined },
  cal: WorkingDayCalendar,
): DateTime | undefined {
  const eod = policy.endOfWorkingDay;
  const timing = policy.conferenceTiming;
  // Spans counted from a date, not a meeting: hours run from the start of that day.
  const from = (date: string, d: Duration) => deadlineAfter(d, date, atEndOfDay(date, '00:00'), cal, eod);
  if (kind === 'initial' || kind === 'pre-birth') {
    const byStrategy =
      on.strategy && timing.initialWithinOfStrategyDiscussion
        ? from(on.strategy, timing.initialWithinOfStrategyDiscussion)
        : undefined;
    const byDueDate =
      kind === 'pre-birth' && on.dueDate && timing.preBirthBeforeDueDate
        ? deadlineBefore(timing.preBirthBeforeDueDate, atEndOfDay(on.dueDate, '00:00'), cal, eod)
        : undefined;
    return earliest([byStrategy, byDueDate]);
  }
  if (kind === 'transfer-in' && on.notified && timing.transferInWithinOfNotification) {
    return from(on.notified, timing.transferInWithinOfNotification);
  }
  return undefined;
}
