import Holidays from 'date-holidays';
import { DateTime } from 'luxon';
import { ValidationError } from '../errors.ts';
import { LONDON_ZONE } from './zone.ts';

/** A London calendar date as `YYYY-MM-DD`, or a luxon DateTime (read in Europe/London). */
export type CalendarDate = string | DateTime;

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
/** Guards against a runaway loop when a closure list (wrongly) closes every day for years. */
const MAX_STEPS = 3660;

/**
 * Reads a London calendar date. Date arithmetic then runs on a UTC-zoned DateTime, which has no
 * daylight-saving gaps, so "the next day" is always the next calendar date.
 */
export function toCalendarDay(date: CalendarDate, field = 'date'): DateTime {
  if (typeof date !== 'string') {
    if (!date.isValid) throw new ValidationError('Invalid date', [{ field, message: 'not a valid date' }]);
    const local = date.setZone(LONDON_ZONE);
    return DateTime.utc(local.year, local.month, local.day);
  }
  const parsed = ISO_DATE.test(date) ? DateTime.fromISO(date, { zone: 'utc' }) : undefined;
  if (!parsed?.isValid) {
    throw new ValidationError('Invalid date', [{ field, message: `"${date}" is not a calendar date (YYYY-MM-DD)` }]);
  }
  return parsed;
}

const isoDay = (d: DateTime): string => d.toISODate() ?? '';

/**
 * Walking the calendar runs on UTC midnights as epoch milliseconds: a UTC day is always 24 hours,
 * so the next date is +86,400,000 ms, and a walk over weeks costs no luxon object per day (it was
 * most of the time taken to create a conference). Only the start date is read with luxon.
 */
const DAY_MS = 86_400_000;
const isoOfDayMs = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

/**
 * England & Wales bank holidays by year, worked out once per process and shared by every calendar
 * (they depend on nothing but the year): date-holidays takes tens of milliseconds for a year, and
 * every service, worker and test builds its own calendar.
 */
const bankHolidaysByYear = new Map<number, ReadonlyMap<string, string>>();
let englandHolidays: Holidays | undefined;
function bankHolidays(year: number): ReadonlyMap<string, string> {
  const cached = bankHolidaysByYear.get(year);
  if (cached) return cached;
  englandHolidays ??= new Holidays('GB', 'ENG');
  const map = new Map<string, string>();
  for (const h of englandHolidays.getHolidays(year)) {
    // `observance` days (Mother's Day, Easter Sunday) are not days off.
    if (h.type === 'public' || h.type === 'bank') map.set(h.date.slice(0, 10), h.name);
  }
  bankHolidaysByYear.set(year, map);
  return map;
}

/**
 * Working days in England: Monday to Friday, except England & Wales bank holidays (with
 * substitute days) and the authority's own closure days.
 */
export class WorkingDayCalendar {
  private readonly closures: ReadonlySet<string>;

  constructor(closureDays: Iterable<string> = []) {
    const days = new Set<string>();
    for (const d of closureDays) days.add(isoDay(toCalendarDay(d, 'closureDays')));
    this.closures = days;
  }

  /** The bank holiday or closure name for a date, if it is one. */
  holidayName(date: CalendarDate): string | undefined {
    const day = toCalendarDay(date);
    const key = isoDay(day);
    return bankHolidays(day.year).get(key) ?? (this.closures.has(key) ? 'Authority closure day' : undefined);
  }

  isWorkingDay(date: CalendarDate): boolean {
    return this.isWorkingDayMs(toCalendarDay(date).toMillis());
  }

  /** Counts n working days forward (n > 0) or back (n < 0); n = 0 returns the date itself. */
  addWorkingDays(date: CalendarDate, n: number): string {
    if (!Number.isInteger(n))
      throw new ValidationError('Invalid count', [{ field: 'n', message: 'expected a whole number' }]);
    let day = toCalendarDay(date).toMillis();
    const step = n < 0 ? -DAY_MS : DAY_MS;
    let remaining = Math.abs(n);
    let guard = 0;
    while (remaining > 0) {
      day += step;
      if (this.isWorkingDayMs(day)) remaining -= 1;
      if (++guard > MAX_STEPS + Math.abs(n)) throw new Error('No working days found: check the closure days');
    }
    return isoOfDayMs(day);
  }

  previousWorkingDayOnOrBefore(date: CalendarDate): string {
    return this.walk(toCalendarDay(date).toMillis(), -DAY_MS);
  }

  nextWorkingDayOnOrAfter(date: CalendarDate): string {
    return this.walk(toCalendarDay(date).toMillis(), DAY_MS);
  }

  /**
   * Working days after `a` up to and including `b` (negative when `b` is before `a`), so that
   * `addWorkingDays(a, workingDaysBetween(a, b)) === b` whenever `b` is a working day.
   */
  workingDaysBetween(a: CalendarDate, b: CalendarDate): number {
    const from = toCalendarDay(a, 'a').toMillis();
    const to = toCalendarDay(b, 'b').toMillis();
    // Backwards, the steps are the working days in [b, a), mirroring (a, b] forwards.
    const [lo, hi, sign] = to >= from ? [from + DAY_MS, to, 1] : [to, from - DAY_MS, -1];
    let count = 0;
    for (let d = lo; d <= hi; d += DAY_MS) if (this.isWorkingDayMs(d)) count += 1;
    return sign * count;
  }

  private walk(day: number, step: number): string {
    let d = day;
    for (let guard = 0; !this.isWorkingDayMs(d); guard++) {
      if (guard > MAX_STEPS) throw new Error('No working days found: check the closure days');
      d += step;
    }
    return isoOfDayMs(d);
  }

  /** `dayMs` is the UTC midnight of a London calendar date (what toCalendarDay reads it as). */
  private isWorkingDayMs(dayMs: number): boolean {
    const date = new Date(dayMs);
    const weekday = date.getUTCDay();
    if (weekday === 0 || weekday === 6) return false;
    const key = isoOfDayMs(dayMs);
    return !bankHolidays(date.getUTCFullYear()).has(key) && !this.closures.has(key);
  }
}
