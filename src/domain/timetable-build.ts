import { DateTime } from 'luxon';
import { toCalendarDay } from './calendar/working-days.ts';
import { LONDON } from './calendar/zone.ts';
import type { WorkingDayCalendar } from './calendar/working-days.ts';
import { ValidationError } from './errors.ts';
import type { FieldIssue } from './errors.ts';
import type { Policy } from './policy/schema.ts';
import type { Duration } from './policy/duration.ts';
import type { Timetable } from './timetable.ts';
import { preBirthDeadlines } from './pre-birth.ts';
import type { ConferenceKind } from './vocabulary.ts';

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

const fmt = (dt: DateTime): string => dt.setZone(LONDON).toISO({ suppressMilliseconds: true }) ?? '';

function atEndOfDay(date: string, endOfWorkingDay: string): DateTime {
  const [h, m] = endOfWorkingDay.split(':').map(Number);
  const d = toCalendarDay(date);
  return DateTime.fromObject({ year: d.year, month: d.month, day: d.day, hour: h, minute: m }, { zone: LONDON });
}

const calendarUnits = { days: 'days', weeks: 'weeks', months: 'months' } as const;

/** A deadline `d` before the conference starting at `start` (a London instant). */
function before(d: Duration, start: DateTime, cal: WorkingDayCalendar, eod: string): DateTime {
  const date = start.toISODate() ?? '';
  switch (d.unit) {
    case 'hours': {
      // Whole days of hours count as working days at the same local time: the point of "24 hours
      // before" is a working day to read the report, so 24 hours before Monday 10:00 is Friday 10:00
      // and the social worker's 48 hours is Thursday 10:00 (still earlier than everyone else's).
      if (d.amount > 0 && d.amount % 24 === 0) {
        const prev = toCalendarDay(cal.addWorkingDays(date, -d.amount / 24));
        return start.set({ year: prev.year, month: prev.month, day: prev.day });
      }
      // Otherwise exact, moved back to the previous working day at the same time if it lands on a day off.
      const at = start.minus({ hours: d.amount });
      const day = at.toISODate() ?? '';
      if (cal.isWorkingDay(day)) return at;
      const prev = toCalendarDay(cal.previousWorkingDayOnOrBefore(day));
      return at.set({ year: prev.year, month: prev.month, day: prev.day });
    }
    case 'working-days':
      return atEndOfDay(cal.addWorkingDays(date, -d.amount), eod);
    default: {
      const back = toCalendarDay(date).minus({ [calendarUnits[d.unit]]: d.amount });
      return atEndOfDay(cal.previousWorkingDayOnOrBefore(back), eod);
    }
  }
}

/**
 * A deadline `d` after an event: hours run from `end` (the end of the meeting); every other unit
 * counts from the calendar date `from` and falls due at the end of a working day.
 */
function after(d: Duration, from: string, end: DateTime, cal: WorkingDayCalendar, eod: string): DateTime {
  switch (d.unit) {
    case 'hours':
      // Whole days keep the London wall time across a clock change (72 hours after Thursday 16:00
      // BST is Sunday 16:00 GMT, not 15:00), as deadlines before the meeting do. Calendar days: the
      // bot sends as soon as the chair approves, so a deadline may fall on a weekend.
      return d.amount > 0 && d.amount % 24 === 0 ? end.plus({ days: d.amount / 24 }) : end.plus({ hours: d.amount });
    case 'working-days':
      return atEndOfDay(cal.addWorkingDays(from, d.amount), eod);
    default: {
      // A calendar deadline landing on a weekend or holiday is brought forward, never extended.
      const ahead = toCalendarDay(from).plus({ [calendarUnits[d.unit]]: d.amount });
      return atEndOfDay(cal.previousWorkingDayOnOrBefore(ahead), eod);
    }
  }
}

/** A deadline `d` after a meeting other than the conference (a core group) that ends at `endsAt`. */
export function deadlineAfterMeeting(
  d: Duration,
  endsAt: string,
  calendar: WorkingDayCalendar,
  endOfWorkingDay: string,
): string {
  const end = DateTime.fromISO(endsAt, { zone: LONDON });
  return fmt(after(d, end.toISODate()!, end, calendar, endOfWorkingDay));
}

/**
 * A deadline `d` after a calendar date that is not a meeting (e.g. a birth): working days and
 * calendar units as after a conference; hours run from the end of that working day.
 */
export function deadlineAfterDate(
  d: Duration,
  date: string,
  calendar: WorkingDayCalendar,
  endOfWorkingDay: string,
): string {
  return fmt(after(d, date, atEndOfDay(date, endOfWorkingDay), calendar, endOfWorkingDay));
}

function parseInstant(value: string, field: string, issues: FieldIssue[]): DateTime | undefined {
  const dt = DateTime.fromISO(value, { zone: LONDON });
  if (!dt.isValid) {
    issues.push({
      field,
      message: `"${value}" is not a valid date and time (${dt.invalidExplanation ?? dt.invalidReason})`,
    });
    return undefined;
  }
  // A London wall time that does not exist (clocks go forward): Luxon would move it on silently.
  const local = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2})(?::\d{2}(?:\.\d+)?)?$/.exec(value)?.[1];
  if (local && dt.toFormat("yyyy-MM-dd'T'HH:mm") !== local) {
    issues.push({ field, message: `${local} does not exist in London (the clocks go forward that night)` });
    return undefined;
  }
  return dt;
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

  t.reportsDue = fmt(before(reportsDueRule(policy, kind).duration, start, calendar, eod));
  const sw = policy.reports.socialWorkerDue[kind];
  if (sw) t.socialWorkerReportDue = fmt(before(sw, start, calendar, eod));

  const afterMeeting = (d: Duration | undefined): string | undefined =>
    d ? fmt(after(d, heldOn, endedAt ?? endsAt, calendar, eod)) : undefined;
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
  const from = (date: string, d: Duration) => after(d, date, atEndOfDay(date, '00:00'), cal, eod);
  if (kind === 'initial' || kind === 'pre-birth') {
    const byStrategy =
      on.strategy && timing.initialWithinOfStrategyDiscussion
        ? from(on.strategy, timing.initialWithinOfStrategyDiscussion)
        : undefined;
    const byDueDate =
      kind === 'pre-birth' && on.dueDate && timing.preBirthBeforeDueDate
        ? before(timing.preBirthBeforeDueDate, atEndOfDay(on.dueDate, '00:00'), cal, eod)
        : undefined;
    return earliest([byStrategy, byDueDate]);
  }
  if (kind === 'transfer-in' && on.notified && timing.transferInWithinOfNotification) {
    return from(on.notified, timing.transferInWithinOfNotification);
  }
  return undefined;
}

/** The report deadline for a kind: the policy's own, or its `defaultDue` (never the join time). */
export function reportsDueRule(policy: Policy, kind: ConferenceKind): { path: string; duration: Duration } {
  const own = policy.reports.due[kind];
  return own
    ? { path: `reports.due.${kind}`, duration: own }
    : { path: 'reports.defaultDue', duration: policy.reports.defaultDue };
}

export function describeDuration(d: Duration): string {
  const unit = d.unit === 'working-days' ? 'working day' : d.unit.replace(/s$/, '');
  return `${d.amount} ${unit}${d.amount === 1 ? '' : 's'}`;
}

/** Which policy rule each timetable key came from, in words, for tables and audit notes. */
export function timetableRules(
  policy: Policy,
  kind: ConferenceKind,
  durationMinutes: number,
): Partial<Record<keyof Timetable, string>> {
  const r: Partial<Record<keyof Timetable, string>> = {};
  const rule = (key: keyof Timetable, path: string, d: Duration | undefined, words: string): void => {
    if (d)
      r[key] =
        `${path}: ${d.amount === 0 && d.unit === 'hours' ? 'straight after the conference' : `${describeDuration(d)} ${words}`}`;
  };
  const t = policy.conferenceTiming;
  if (kind === 'initial' || kind === 'pre-birth') {
    rule(
      'latestConferenceDate',
      'conferenceTiming.initialWithinOfStrategyDiscussion',
      t.initialWithinOfStrategyDiscussion,
      'after the strategy discussion',
    );
    if (kind === 'pre-birth' && t.preBirthBeforeDueDate) {
      const due = `conferenceTiming.preBirthBeforeDueDate: ${describeDuration(t.preBirthBeforeDueDate)} before the expected due date`;
      r.latestConferenceDate = r.latestConferenceDate ? `${r.latestConferenceDate}; ${due} (earlier applies)` : due;
    }
  }
  if (kind === 'transfer-in')
    rule(
      'latestConferenceDate',
      'conferenceTiming.transferInWithinOfNotification',
      t.transferInWithinOfNotification,
      'after the notification',
    );
  const due = reportsDueRule(policy, kind);
  rule('reportsDue', due.path, due.duration, 'before the conference');
  rule(
    'socialWorkerReportDue',
    `reports.socialWorkerDue.${kind}`,
    policy.reports.socialWorkerDue[kind],
    'before the conference',
  );
  if (policy.parentsSlot) {
    r.parentsJoinAt = 'parentsSlot: calendar start, parents with the chair';
    r.professionalsJoinAt = `parentsSlot: ${policy.parentsSlot.minutes} minutes after the start`;
  } else {
    const early = policy.professionalsArriveEarlyMinutes;
    r.professionalsJoinAt = early ? `professionalsArriveEarlyMinutes: ${early} minutes before the start` : 'the start';
  }
  r.endsAt = `start + ${durationMinutes} minutes`;
  const afterWords = 'after the conference';
  rule('decisionCirculationDue', 'circulation.decision', policy.circulation.decision, afterWords);
  rule('planCirculationDue', 'circulation.plan', policy.circulation.plan, afterWords);
  rule('hardCopyDue', 'circulation.hardCopy', policy.circulation.hardCopy, afterWords);
  rule('minutesDue', 'minutes', policy.minutes, afterWords);
  rule('recordBundleDue', 'recordBundle', policy.recordBundle, afterWords);
  if (kind === 'review') rule('firstCoreGroupBy', 'coreGroup.cadence', policy.coreGroup.cadence, afterWords);
  else rule('firstCoreGroupBy', 'coreGroup.first', policy.coreGroup.first, afterWords);
  if (kind === 'pre-birth') {
    const cap = 'the working day before the expected due date';
    r.firstCoreGroupBy = r.firstCoreGroupBy ? `${r.firstCoreGroupBy}, at the latest ${cap}` : cap;
    r.birthPlanDue = `timings.birthPlanWeeksBeforeDueDate: ${policy.timings.birthPlanWeeksBeforeDueDate} weeks before the expected due date (not before the first core group's deadline)`;
  }
  if (kind === 'review') rule('nextReviewBy', 'review.later', policy.review.later, afterWords);
  else rule('nextReviewBy', 'review.first', policy.review.first, afterWords);
  return r;
}
