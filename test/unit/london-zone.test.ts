/**
 * LONDON_ZONE keeps each hour's offset: it must answer as luxon's own Europe/London does, at every
 * minute around each change of the clocks, at instants anywhere from 1848 to 2100, and before 1848
 * (when London kept its own mean time, not changed on the hour), and its DateTimes must read, move
 * and write out the same.
 */
import { DateTime, IANAZone } from 'luxon';
import { describe, expect, it } from 'vitest';
import { LONDON, LONDON_ZONE } from '../../src/domain/calendar/zone.ts';

const luxons = IANAZone.create(LONDON);
const MINUTE = 60_000;

/** The instants London's clocks changed in a year, found by luxon's own zone hour by hour. */
function changesIn(year: number): number[] {
  const out: number[] = [];
  for (let t = Date.UTC(year, 0, 1); t < Date.UTC(year + 1, 0, 1); t += 3_600_000)
    if (luxons.offset(t) !== luxons.offset(t + 3_600_000)) out.push(t + 3_600_000);
  return out;
}

describe('LONDON_ZONE', () => {
  it('gives luxon’s offset at every minute of the three hours around each change of the clocks', () => {
    for (const year of [1916, 1941, 1947, 1968, 1971, 1996, 2026, 2027, 2040]) {
      const changes = changesIn(year);
      expect(changes.length, String(year)).toBeGreaterThan(0);
      for (const change of changes)
        for (let t = change - 90 * MINUTE; t <= change + 90 * MINUTE; t += MINUTE)
          expect(LONDON_ZONE.offset(t), new Date(t).toISOString()).toBe(luxons.offset(t));
    }
  });

  it('gives luxon’s offset at instants spread over 1848 to 2100, asked twice, and before 1848', () => {
    let seed = 20261207;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31) as number;
    const from = Date.UTC(1848, 0, 1);
    const to = Date.UTC(2100, 0, 1);
    const instants = Array.from({ length: 3000 }, () => Math.floor(from + random() * (to - from)));
    for (let round = 0; round < 2; round++)
      for (const t of instants) expect(LONDON_ZONE.offset(t), new Date(t).toISOString()).toBe(luxons.offset(t));
    for (const t of [Date.UTC(1847, 11, 1, 0, 0), Date.UTC(1847, 11, 1, 0, 1), Date.UTC(1847, 11, 1, 0, 2)])
      expect(LONDON_ZONE.offset(t)).toBe(luxons.offset(t));
  });

  it('makes, moves and writes out DateTimes as luxon’s zone does', () => {
    const wall = { year: 2027, month: 3, day: 28, hour: 1, minute: 30 };
    const pairs = [
      [DateTime.fromObject(wall, { zone: LONDON_ZONE }), DateTime.fromObject(wall, { zone: LONDON })],
      [
        DateTime.fromISO('2027-10-31T01:30', { zone: LONDON_ZONE }),
        DateTime.fromISO('2027-10-31T01:30', { zone: LONDON }),
      ],
      [
        DateTime.fromMillis(Date.UTC(2027, 2, 27, 16), { zone: LONDON_ZONE }).plus({ days: 1 }),
        DateTime.fromMillis(Date.UTC(2027, 2, 27, 16), { zone: LONDON }).plus({ days: 1 }),
      ],
      [
        DateTime.fromISO('2027-06-01T09:00:00Z').setZone(LONDON_ZONE).set({ hour: 17 }),
        DateTime.fromISO('2027-06-01T09:00:00Z').setZone(LONDON).set({ hour: 17 }),
      ],
    ] as const;
    for (const [ours, theirs] of pairs) {
      expect(ours.toISO()).toBe(theirs.toISO());
      expect(ours.toMillis()).toBe(theirs.toMillis());
      expect(ours.zoneName).toBe(LONDON);
      expect(ours.toFormat('ZZZZ')).toBe(theirs.toFormat('ZZZZ'));
      expect(ours.setZone(LONDON).toISO()).toBe(theirs.toISO());
    }
  });
});
