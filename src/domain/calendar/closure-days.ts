import ical from 'node-ical';
import type { DateWithTimeZone, VEvent } from 'node-ical';
import { DateTime } from 'luxon';
import { ValidationError, type FieldIssue } from '../errors.ts';

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
  const invalid = (issues: FieldIssue[]) => new ValidationError('Closure days file is not valid iCalendar', issues);
  // node-ical reads anything (a text file gives no events; 20271345 rolls over into February 2028):
  // the file must be a calendar, and every all-day date one that exists, or nothing is skipped silently.
  if (!/^\uFEFF?\s*BEGIN:VCALENDAR\b/i.test(icsText))
    throw invalid([{ field: 'closureDays', message: 'not an iCalendar file: it must start with BEGIN:VCALENDAR' }]);
  const badDates = allDayDateProblems(icsText);
  if (badDates.length) throw invalid(badDates);
  let parsed: ReturnType<typeof ical.sync.parseICS>;
  try {
    parsed = ical.sync.parseICS(icsText);
  } catch (err) {
    throw invalid([{ field: 'closureDays', message: err instanceof Error ? err.message : String(err) }]);
  }
  const days = new Set<string>();
  for (const component of Object.values(parsed)) {
    if (!component || component.type !== 'VEVENT') continue;
    const event = component as VEvent;
    if (!event.start || !isAllDay(event) || event.status === 'CANCELLED') continue;
    if (event.end && dateOnly(event.end) <= dateOnly(event.start))
      throw invalid([
        {
          field: 'closureDays',
          message: `the closure starting ${dateOnly(event.start).toISODate()} ends on or before it starts (DTEND is the day after the last closed day)`,
        },
      ]);
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

/** Every all-day DTSTART or DTEND (`;VALUE=DATE:`) that is not a real date written YYYYMMDD, by line. */
function allDayDateProblems(icsText: string): FieldIssue[] {
  const issues: FieldIssue[] = [];
  // Unfold (RFC 5545 3.1) so a folded line is read whole; line numbers count the unfolded lines.
  const lines = icsText.replace(/\r?\n[ \t]/g, '').split(/\r?\n/);
  lines.forEach((line, i) => {
    const m = /^(DTSTART|DTEND)((?:;[^:]*)?):(.*)$/i.exec(line);
    if (!m || !/;VALUE=DATE(;|$)/i.test(m[2] ?? '')) return;
    const value = (m[3] ?? '').trim();
    if (/^\d{8}$/.test(value) && DateTime.fromFormat(value, 'yyyyMMdd', { zone: 'utc' }).isValid) return;
    issues.push({
      field: 'closureDays',
      message: `line ${i + 1}: ${m[1]!.toUpperCase()} "${value}" is not a date: write it as YYYYMMDD, e.g. 20271229`,
    });
  });
  return issues;
}
