import { DateTime } from 'luxon';
import { afterEach, describe, expect, it } from 'vitest';
import { parseClosureDaysIcs } from '../../src/domain/calendar/closure-days.ts';
import { WorkingDayCalendar } from '../../src/domain/calendar/working-days.ts';
import { ValidationError } from '../../src/domain/errors.ts';

const cal = new WorkingDayCalendar();

describe('WorkingDayCalendar: weekends', () => {
  it('skips Saturday and Sunday', () => {
    expect(cal.isWorkingDay('2027-01-08')).toBe(true); // Friday
    expect(cal.isWorkingDay('2027-01-09')).toBe(false);
    expect(cal.isWorkingDay('2027-01-10')).toBe(false);
    expect(cal.addWorkingDays('2027-01-08', 1)).toBe('2027-01-11');
    expect(cal.addWorkingDays('2027-01-11', -1)).toBe('2027-01-08');
    expect(cal.addWorkingDays('2027-01-11', 5)).toBe('2027-01-18');
  });

  it('returns the date itself for n = 0, even on a weekend', () => {
    expect(cal.addWorkingDays('2027-01-09', 0)).toBe('2027-01-09');
  });
});

describe('WorkingDayCalendar: Christmas 2026', () => {
  it('knows Christmas Day and the Monday 28 December Boxing Day substitute', () => {
    expect(cal.holidayName('2026-12-25')).toBe('Christmas Day');
    expect(cal.holidayName('2026-12-28')).toBe('Boxing Day (substitute day)');
    expect(cal.isWorkingDay('2026-12-28')).toBe(false);
    expect(cal.isWorkingDay('2027-01-01')).toBe(false);
    expect(cal.holidayName('2026-12-29')).toBeUndefined();
  });

  it('counts across the holiday in both directions', () => {
    expect(cal.addWorkingDays('2026-12-24', 1)).toBe('2026-12-29');
    expect(cal.addWorkingDays('2026-12-29', -1)).toBe('2026-12-24');
    expect(cal.addWorkingDays('2026-12-31', 1)).toBe('2027-01-04');
    expect(cal.addWorkingDays('2026-12-14', 15)).toBe('2027-01-07');
    expect(cal.addWorkingDays('2027-01-04', -3)).toBe('2026-12-29');
  });

  it('finds the nearest working day on either side', () => {
    expect(cal.previousWorkingDayOnOrBefore('2026-12-28')).toBe('2026-12-24');
    expect(cal.nextWorkingDayOnOrAfter('2026-12-25')).toBe('2026-12-29');
    expect(cal.previousWorkingDayOnOrBefore('2026-12-29')).toBe('2026-12-29');
  });

  it('counts working days between two dates', () => {
    expect(cal.workingDaysBetween('2026-12-24', '2026-12-29')).toBe(1);
    expect(cal.workingDaysBetween('2026-12-29', '2026-12-24')).toBe(-1);
    expect(cal.workingDaysBetween('2026-12-14', '2027-01-07')).toBe(15);
    expect(cal.workingDaysBetween('2027-01-07', '2026-12-14')).toBe(-15);
    expect(cal.workingDaysBetween('2027-01-04', '2027-01-04')).toBe(0);
  });
});

describe('WorkingDayCalendar: Easter 2027', () => {
  it('skips Good Friday 26 March and Easter Monday 29 March', () => {
    expect(cal.holidayName('2027-03-26')).toBe('Good Friday');
    expect(cal.holidayName('2027-03-29')).toBe('Easter Monday');
    expect(cal.holidayName('2027-03-28')).toBeUndefined(); // Easter Sunday is an observance, and a Sunday
    expect(cal.addWorkingDays('2027-03-25', 1)).toBe('2027-03-30');
    expect(cal.addWorkingDays('2027-03-30', -1)).toBe('2027-03-25');
  });
});

describe('WorkingDayCalendar: daylight saving', () => {
  it('counts forward and back across the spring change (Sun 28 Mar 2027)', () => {
    expect(cal.addWorkingDays('2027-03-24', 3)).toBe('2027-03-31');
    expect(cal.addWorkingDays('2027-03-31', -3)).toBe('2027-03-24');
    expect(cal.workingDaysBetween('2027-03-24', '2027-03-31')).toBe(3);
  });

  it('counts forward and back across the autumn change (Sun 25 Oct 2026)', () => {
    expect(cal.addWorkingDays('2026-10-23', 1)).toBe('2026-10-26');
    expect(cal.addWorkingDays('2026-10-26', -1)).toBe('2026-10-23');
    expect(cal.addWorkingDays('2026-10-21', 5)).toBe('2026-10-28');
  });

  it('reads a DateTime as its London date, whatever zone it is in', () => {
    // 23:30 UTC on Sat 24 Oct 2026 is 00:30 BST on Sunday 25 Oct in London.
    expect(cal.isWorkingDay(DateTime.fromISO('2026-10-24T23:30:00Z', { zone: 'utc' }))).toBe(false);
    // 23:30 UTC on Sun 28 Mar 2027 is 00:30 BST on Easter Monday.
    expect(cal.holidayName(DateTime.fromISO('2027-03-28T23:30:00Z', { zone: 'utc' }))).toBe('Easter Monday');
    // 23:30 UTC on Sun 25 Oct 2026 is still Sunday in London (GMT again).
    expect(cal.addWorkingDays(DateTime.fromISO('2026-10-25T23:30:00Z', { zone: 'utc' }), 1)).toBe('2026-10-26');
  });
});

describe('WorkingDayCalendar: closure days', () => {
  const closed = new WorkingDayCalendar(['2026-12-29', '2026-12-30', '2026-12-31']);

  it('treats the authority closure days as non-working', () => {
    expect(closed.isWorkingDay('2026-12-30')).toBe(false);
    expect(closed.holidayName('2026-12-30')).toBe('Authority closure day');
    expect(closed.addWorkingDays('2026-12-24', 1)).toBe('2027-01-04');
    expect(closed.addWorkingDays('2027-01-04', -1)).toBe('2026-12-24');
    expect(closed.workingDaysBetween('2026-12-24', '2027-01-04')).toBe(1);
  });

  it('rejects a date that does not exist', () => {
    expect(() => cal.isWorkingDay('2027-02-30')).toThrow(ValidationError);
    expect(() => new WorkingDayCalendar(['29/12/2026'])).toThrow(ValidationError);
  });
});

describe('parseClosureDaysIcs', () => {
  const ics = (events: string) =>
    `BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//closures//EN\r\n${events}END:VCALENDAR\r\n`;
  const event = (uid: string, lines: string) =>
    `BEGIN:VEVENT\r\nUID:${uid}\r\nDTSTAMP:20260101T000000Z\r\nSUMMARY:Closed\r\n${lines}END:VEVENT\r\n`;
  const originalTz = process.env.TZ;
  afterEach(() => {
    if (originalTz === undefined) delete process.env.TZ;
    else process.env.TZ = originalTz;
  });

  it('expands multi-day ranges with an exclusive DTEND and ignores timed events', () => {
    const text = ics(
      event('range', 'DTSTART;VALUE=DATE:20261229\r\nDTEND;VALUE=DATE:20270101\r\n') +
        event('single', 'DTSTART;VALUE=DATE:20270402\r\n') +
        event('timed', 'DTSTART:20270405T090000Z\r\nDTEND:20270405T120000Z\r\n'),
    );
    expect(parseClosureDaysIcs(text)).toEqual(['2026-12-29', '2026-12-30', '2026-12-31', '2027-04-02']);
  });

  it('expands yearly recurring closures', () => {
    const text = ics(event('yearly', 'DTSTART;VALUE=DATE:20261224\r\nRRULE:FREQ=YEARLY;COUNT=3\r\n'));
    expect(parseClosureDaysIcs(text)).toEqual(['2026-12-24', '2027-12-24', '2028-12-24']);
  });

  it('refuses a file that is not a calendar, or a closure day that does not exist, naming the line', () => {
    const problems = (text: string) => {
      try {
        parseClosureDaysIcs(text);
        return 'parsed';
      } catch (err) {
        return err instanceof ValidationError ? err.issues.map((i) => `${i.field}: ${i.message}`) : String(err);
      }
    };
    // Before, each of these started the service with no closure day, or a wrong one (13th month → February 2028).
    expect(problems('Christmas closure: 29 to 31 December')).toEqual([
      'closureDays: not an iCalendar file: it must start with BEGIN:VCALENDAR',
    ]);
    expect(problems('')).toEqual(['closureDays: not an iCalendar file: it must start with BEGIN:VCALENDAR']);
    expect(problems(ics(event('bad', 'DTSTART;VALUE=DATE:20271345\r\n')))).toEqual([
      'closureDays: line 8: DTSTART "20271345" is not a date: write it as YYYYMMDD, e.g. 20271229',
    ]);
    expect(problems(ics(event('dashes', 'DTSTART;VALUE=DATE:2027-12-29\r\n')))).toEqual([
      'closureDays: line 8: DTSTART "2027-12-29" is not a date: write it as YYYYMMDD, e.g. 20271229',
    ]);
    expect(problems(ics(event('backwards', 'DTSTART;VALUE=DATE:20271229\r\nDTEND;VALUE=DATE:20271201\r\n')))).toEqual([
      'closureDays: the closure starting 2027-12-29 ends on or before it starts (DTEND is the day after the last closed day)',
    ]);
  });

  it('reads the same dates whatever the process time zone', () => {
    process.env.TZ = 'Pacific/Auckland';
    const text = ics(event('range', 'DTSTART;VALUE=DATE:20261229\r\nDTEND;VALUE=DATE:20261231\r\n'));
    expect(parseClosureDaysIcs(text)).toEqual(['2026-12-29', '2026-12-30']);
  });
});
