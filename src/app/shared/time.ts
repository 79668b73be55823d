import { DateTime } from 'luxon';
import { LONDON_ZONE } from '../../domain/calendar/zone.ts';
import { readLondonTime } from '../../domain/calendar/london-time.ts';

/**
 * Parses an instant given either with an offset (`2027-01-04T10:00:00Z`) or as London local time
 * (`2027-01-04T10:00`). Returns undefined for impossible dates and for local times that do not
 * happen exactly once (domain/calendar/london-time.ts says which and why).
 */
export function parseLondonInstant(text: string): DateTime | undefined {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(text)) return undefined;
  const r = readLondonTime(text);
  return r.kind === 'instant' ? r.at : undefined;
}

export function isCalendarDate(text: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(text) && DateTime.fromISO(text, { zone: LONDON_ZONE }).isValid;
}

/**
 * London readings of instants already written, by epoch milliseconds (luxon works out the zone's
 * offset through Intl each time, ~0.1 ms). The same few instants come back again and again: the
 * clock's now within a job, a conference's last change for each invitation's calendar revision.
 * Bounded, oldest dropped first.
 */
const londonIsos = new Map<number, string>();
const LONDON_ISOS_KEPT = 512;

export function toLondonIso(d: Date | DateTime): string {
  const ms = d.valueOf();
  let iso = londonIsos.get(ms);
  if (iso === undefined) {
    const dt = d instanceof Date ? DateTime.fromJSDate(d) : d;
    iso = dt.setZone(LONDON_ZONE).toISO({ suppressMilliseconds: true })!;
    if (Number.isNaN(ms)) return iso;
    londonIsos.set(ms, iso);
    if (londonIsos.size > LONDON_ISOS_KEPT) londonIsos.delete(londonIsos.keys().next().value!);
  }
  return iso;
}

export function londonDate(d: Date | string): string {
  const dt = typeof d === 'string' ? DateTime.fromISO(d) : DateTime.fromJSDate(d);
  return dt.setZone(LONDON_ZONE).toISODate()!;
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
  const today = DateTime.fromJSDate(after).setZone(LONDON_ZONE);
  for (const day of [today, today.plus({ days: 1 }), today.plus({ days: 2 })]) {
    const at = DateTime.fromObject(
      { year: day.year, month: day.month, day: day.day, hour, minute },
      { zone: LONDON_ZONE },
    );
    if (at.toMillis() > after.getTime()) return at.toJSDate();
  }
  throw new Error('unreachable: a London day has every time of day within two days');
}
