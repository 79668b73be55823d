import { DateTime } from 'luxon';
import { LONDON } from '../domain/calendar/zone.ts';

/**
 * Parses an instant given either with an offset (`2027-01-04T10:00:00Z`) or as London local
 * time (`2027-01-04T10:00`). Returns undefined for impossible dates and for local times that do
 * not exist (the hour skipped when clocks go forward).
 */
export function parseLondonInstant(text: string): DateTime | undefined {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(text)) return undefined;
  const hasOffset = /(Z|[+-]\d{2}:?\d{2})$/i.test(text);
  const dt = hasOffset ? DateTime.fromISO(text, { setZone: true }) : DateTime.fromISO(text, { zone: LONDON });
  if (!dt.isValid) return undefined;
  if (!hasOffset) {
    // Luxon moves a non-existent local time forward silently: refuse it instead.
    const local = dt.setZone(LONDON).toFormat("yyyy-MM-dd'T'HH:mm");
    if (!text.startsWith(local)) return undefined;
  }
  return dt.setZone(LONDON);
}

/**
 * A London wall time (no offset) that does not exist because the clocks go forward that night
 * (e.g. 2027-03-28T01:30): the hour skipped, from and to, for the message that says so.
 */
export function skippedLondonHour(text: string): { date: string; from: string; to: string } | undefined {
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})(?::\d{2}(?:\.\d+)?)?$/.exec(text);
  if (!m) return undefined;
  const [, date, hh, mm] = m;
  const wall = DateTime.fromISO(`${date}T${hh}:${mm}`, { zone: 'UTC' });
  if (!wall.isValid) return undefined;
  const dt = DateTime.fromISO(text, { zone: LONDON });
  if (!dt.isValid || dt.toFormat("yyyy-MM-dd'T'HH:mm") === `${date}T${hh}:${mm}`) return undefined;
  // London's clocks go forward a whole hour on the hour (01:00 to 02:00): the skipped hour is the one asked for.
  const before = DateTime.fromISO(`${date}T00:00`, { zone: LONDON });
  const gap = (before.plus({ days: 1 }).offset - before.offset) / 60;
  if (gap <= 0) return undefined;
  const from = wall.startOf('hour');
  return { date: date!, from: from.toFormat('HH:mm'), to: from.plus({ hours: gap }).toFormat('HH:mm') };
}

export function isCalendarDate(text: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(text) && DateTime.fromISO(text, { zone: LONDON }).isValid;
}

export function toLondonIso(d: Date | DateTime): string {
  const dt = d instanceof Date ? DateTime.fromJSDate(d) : d;
  return dt.setZone(LONDON).toISO({ suppressMilliseconds: true })!;
}

export function londonDate(d: Date | string): string {
  const dt = typeof d === 'string' ? DateTime.fromISO(d) : DateTime.fromJSDate(d);
  return dt.setZone(LONDON).toISODate()!;
}

/**
 * The first instant strictly after `after` at which London's clocks read `hhmm` (24-hour `HH:MM`).
 * Daylight saving: on the day the clocks go forward a time in the skipped hour falls an hour later
 * (01:30 → 02:30 BST); on the day they go back a time in the repeated hour is taken once, at its
 * second (GMT) occurrence. Either way, one instant per London day.
 */
export function nextLondonTimeOfDay(after: Date, hhmm: string): Date {
  const m = /^(\d{1,2}):(\d{2})$/.exec(hhmm);
  const hour = Number(m?.[1]);
  const minute = Number(m?.[2]);
  if (!m || hour > 23 || minute > 59) throw new Error(`expected a time of day as HH:MM, got "${hhmm}"`);
  const today = DateTime.fromJSDate(after).setZone(LONDON);
  for (const day of [today, today.plus({ days: 1 }), today.plus({ days: 2 })]) {
    const at = DateTime.fromObject({ year: day.year, month: day.month, day: day.day, hour, minute }, { zone: LONDON });
    if (at.toMillis() > after.getTime()) return at.toJSDate();
  }
  throw new Error('unreachable: a London day has every time of day within two days');
}
