/**
 * Dates and times as people read them, always in London time whatever the host's zone.
 * Month and day names are spelled here rather than taken from ICU, so output does not change
 * with the Node build (ICU's en-GB short September is "Sept" in some versions).
 */
import { DateTime } from 'luxon';
import { LONDON } from '../domain/calendar/zone.ts';

const DAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'] as const;
const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
] as const;

/**
 * Instants with an explicit offset, already read (DateTime is immutable). Every email formats the
 * same few timetable instants several times, and each zone conversion costs an Intl call. Values
 * without an offset are read in the host's zone, which can change, so they are never kept.
 */
const readInstants = new Map<string, DateTime>();
const HAS_OFFSET = /T[^+-]*(?:Z|[+-]\d\d(?::?\d\d)?)$/i;

export function london(iso: string): DateTime {
  const known = readInstants.get(iso);
  if (known) return known;
  const dt = DateTime.fromISO(iso, { setZone: false }).setZone(LONDON);
  if (!dt.isValid) throw new RangeError(`not an ISO date-time: ${iso}`);
  if (HAS_OFFSET.test(iso)) {
    if (readInstants.size >= 2000) readInstants.clear();
    readInstants.set(iso, dt);
  }
  return dt;
}

const dayName = (dt: DateTime) => DAYS[dt.weekday - 1] ?? '';
const monthName = (dt: DateTime) => MONTHS[dt.month - 1] ?? '';

/** "Monday 4 January 2027" */
export function longDate(iso: string): string {
  const dt = london(iso);
  return `${dayName(dt)} ${dt.day} ${monthName(dt)} ${dt.year}`;
}

/** "Mon 4 Jan 2027" */
export function shortDate(iso: string): string {
  const dt = london(iso);
  return `${dayName(dt).slice(0, 3)} ${dt.day} ${monthName(dt).slice(0, 3)} ${dt.year}`;
}

/** "10:30" (24-hour clock, London time) */
export function time(iso: string): string {
  return london(iso).toFormat('HH:mm');
}

/** "Monday 4 January 2027 at 17:00" */
export function dateAndTime(iso: string): string {
  return `${longDate(iso)} at ${time(iso)}`;
}

/** True when both instants fall on the same London calendar day. */
export function sameLondonDay(a: string, b: string): boolean {
  return london(a).toISODate() === london(b).toISODate();
}

/**
 * Calendar dates already written out: every email about a conference names its children with their
 * dates of birth, read in London whatever the host's zone, so the same date always reads the same.
 */
const calendarDates = new Map<string, string>();

/** "2 May 2019", for a calendar date (`YYYY-MM-DD`: a date of birth or a due date, no time or zone). */
export function calendarDate(date: string): string {
  const known = calendarDates.get(date);
  if (known !== undefined) return known;
  const dt = DateTime.fromISO(date, { zone: LONDON });
  if (!dt.isValid) throw new RangeError(`not a calendar date: ${date}`);
  const text = `${dt.day} ${monthName(dt)} ${dt.year}`;
  if (calendarDates.size >= 2000) calendarDates.clear();
  calendarDates.set(date, text);
  return text;
}
