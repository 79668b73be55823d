/**
 * Deadlines from a policy's durations: before the conference, after it or another meeting, or after
 * a date. Working days skip weekends, bank holidays and closure days; everything in London time.
 */
import { DateTime } from 'luxon';
import { toCalendarDay } from './calendar/working-days.ts';
import type { WorkingDayCalendar } from './calendar/working-days.ts';
import { LONDON_ZONE } from './calendar/zone.ts';
import type { Duration } from './policy/duration.ts';

/** A London instant as stored (ISO, no milliseconds). */
export const fmt = (dt: DateTime): string => dt.setZone(LONDON_ZONE).toISO({ suppressMilliseconds: true }) ?? '';

/** The end of the working day `endOfWorkingDay` (HH:mm, London) on `date`. */
export function atEndOfDay(date: string, endOfWorkingDay: string): DateTime {
  const [h, m] = endOfWorkingDay.split(':').map(Number);
  const d = toCalendarDay(date);
  return DateTime.fromObject({ year: d.year, month: d.month, day: d.day, hour: h, minute: m }, { zone: LONDON_ZONE });
}

const calendarUnits = { days: 'days', weeks: 'weeks', months: 'months' } as const;

/** A deadline `d` before the conference starting at `start` (a London instant). */
export function deadlineBefore(d: Duration, start: DateTime, cal: WorkingDayCalendar, eod: string): DateTime {
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
export function deadlineAfter(
  d: Duration,
  from: string,
  end: DateTime,
  cal: WorkingDayCalendar,
  eod: string,
): DateTime {
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
  const end = DateTime.fromISO(endsAt, { zone: LONDON_ZONE });
  return fmt(deadlineAfter(d, end.toISODate()!, end, calendar, endOfWorkingDay));
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
  return fmt(deadlineAfter(d, date, atEndOfDay(date, endOfWorkingDay), calendar, endOfWorkingDay));
}
