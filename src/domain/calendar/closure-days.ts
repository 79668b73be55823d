import ical from 'node-ical';
import type { DateWithTimeZone, VEvent } from 'node-ical';
import { DateTime } from 'luxon';
import { ValidationError } from '../errors.ts';

/** Open-ended yearly rules ("closed every 24 December") are expanded this far from their start. */
const RECURRENCE_HORIZON_YEARS = 10;

/**
 * node-ical builds all-day dates at local midnight of the process's time zone, so the calendar
 * date is read with local getters, never from the UTC instant.
 */
function dateOnly(d: Date): DateTime {
  return DateTime.utc(d.getFullYear(), d.getMonth() + 1, d.getDate());
}

function expandRange(start: DateWithTimeZone, end: DateWithTimeZone | undefined, into: Set<string>): void {
  const first = dateOnly(start);
  // DTEND is exclusive; an all-day event without DTEND lasts one day (RFC 5545 3.6.1).
  const stop = end ? dateOnly(end) : first.plus({ days: 1 });
  into.add(first.toISODate() ?? '');
  for (let d = first.plus({ days: 1 }); d < stop; d = d.plus({ days: 1 })) into.add(d.toISODate() ?? '');
}

function isAllDay(e: VEvent): boolean {
  return e.datetype === 'date' || e.start?.dateOnly === true;
}

/**
 * The authority's closure days (e.g. the days between Christmas and New Year) from an ICS file:
 * every all-day VEVENT, multi-day ranges expanded, recurring ones expanded. Timed events are
 * ignored: an office closing early is still a working day. Returns sorted `YYYY-MM-DD` dates.
 */
export function parseClosureDaysIcs(icsText: string): string[] {
  let parsed: ReturnType<typeof ical.sync.parseICS>;
  try {
    parsed = ical.sync.parseICS(icsText);
  } catch (err) {
    throw new ValidationError('Closure days file is not valid iCalendar', [
      { field: 'closureDays', message: err instanceof Error ? err.message : String(err) },
    ]);
  }
  const days = new Set<string>();
  for (const component of Object.values(parsed)) {
    if (!component || component.type !== 'VEVENT') continue;
    const event = component as VEvent;
    if (!event.start || !isAllDay(event) || event.status === 'CANCELLED') continue;
    if (!event.rrule) {
      expandRange(event.start, event.end, days);
      continue;
    }
    const from = event.start;
    const to = DateTime.fromJSDate(from).plus({ years: RECURRENCE_HORIZON_YEARS }).toJSDate();
    for (const instance of ical.expandRecurringEvent(event, { from, to })) {
      if (instance.isFullDay) expandRange(instance.start, instance.end, days);
    }
  }
  return [...days].filter(Boolean).sort();
}
