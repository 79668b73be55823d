/**
 * WorkingDayCalendar walks days as epoch milliseconds (for speed). This checks it against the
 * straightforward luxon walk it replaced, one day at a time, on random dates across years,
 * bank holidays, clock changes and closure days, with dates given as strings and as DateTimes.
 */
import fc from 'fast-check';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { toCalendarDay, WorkingDayCalendar, type CalendarDate } from '../../src/domain/calendar/working-days.ts';
import { LONDON } from '../../src/domain/calendar/zone.ts';

if (process.env.FC_SEED !== 'random') fc.configureGlobal({ seed: Number(process.env.FC_SEED ?? 20261123) });

/** The previous implementation: luxon DateTimes, a day at a time. */
class Reference {
  constructor(private readonly cal: WorkingDayCalendar) {}
  isWorkingDay(date: CalendarDate): boolean {
    const day = toCalendarDay(date);
    return day.weekday <= 5 && this.cal.holidayName(day) === undefined;
  }
  addWorkingDays(date: CalendarDate, n: number): string {
    let day = toCalendarDay(date);
    const step = n < 0 ? -1 : 1;
    for (let remaining = Math.abs(n); remaining > 0;) {
      day = day.plus({ days: step });
      if (this.isWorkingDay(day)) remaining -= 1;
    }
    return day.toISODate()!;
  }
  walk(date: CalendarDate, step: 1 | -1): string {
    let d = toCalendarDay(date);
    while (!this.isWorkingDay(d)) d = d.plus({ days: step });
    return d.toISODate()!;
  }
  workingDaysBetween(a: CalendarDate, b: CalendarDate): number {
    const from = toCalendarDay(a);
    const to = toCalendarDay(b);
    const [lo, hi, sign] = to >= from ? [from.plus({ days: 1 }), to, 1] : [to, from.minus({ days: 1 }), -1];
    let count = 0;
    for (let d = lo; d <= hi; d = d.plus({ days: 1 })) if (this.isWorkingDay(d)) count += 1;
    return sign * count;
  }
}

const day = fc
  .integer({ min: Date.UTC(1995, 0, 1), max: Date.UTC(2045, 11, 31) })
  .map((ms) => new Date(ms).toISOString().slice(0, 10));
// Any instant, in London, UTC or far zones: read as its London date.
const instant = fc
  .tuple(
    fc.integer({ min: Date.UTC(1995, 0, 1), max: Date.UTC(2045, 11, 31) }),
    fc.constantFrom('utc', LONDON, 'Pacific/Auckland', 'America/Los_Angeles'),
  )
  .map(([ms, zone]) => DateTime.fromMillis(ms, { zone }));
const date: fc.Arbitrary<CalendarDate> = fc.oneof(day, instant);

describe('WorkingDayCalendar agrees with the day-by-day luxon walk', () => {
  for (const [name, closures] of [
    ['bank holidays only', []],
    ['with closure days', ['2026-12-29', '2026-12-30', '2026-12-31', '2027-04-06', '2030-08-27', '2030-08-28']],
  ] as const) {
    const cal = new WorkingDayCalendar(closures);
    const ref = new Reference(cal);

    it(`${name}: isWorkingDay, addWorkingDays, nearest working days, workingDaysBetween`, () => {
      fc.assert(
        fc.property(date, fc.integer({ min: -120, max: 120 }), (d, n) => {
          expect(cal.isWorkingDay(d)).toBe(ref.isWorkingDay(d));
          expect(cal.addWorkingDays(d, n)).toBe(ref.addWorkingDays(d, n));
          expect(cal.previousWorkingDayOnOrBefore(d)).toBe(ref.walk(d, -1));
          expect(cal.nextWorkingDayOnOrAfter(d)).toBe(ref.walk(d, 1));
        }),
        { numRuns: 80 },
      );
      fc.assert(
        fc.property(day, fc.integer({ min: -400, max: 400 }), (d, span) => {
          const other = toCalendarDay(d).plus({ days: span }).toISODate()!;
          expect(cal.workingDaysBetween(d, other)).toBe(ref.workingDaysBetween(d, other));
        }),
        { numRuns: 40 },
      );
    });
  }
});
