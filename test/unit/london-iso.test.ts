/** toLondonIso keeps the readings it has made: the same answers, the first time and again. */
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { toLondonIso } from '../../src/app/shared/time.ts';

describe('toLondonIso', () => {
  it('reads an instant in London time, either side of the clocks going forward, the same each time', () => {
    for (let round = 0; round < 2; round++) {
      expect(toLondonIso(new Date('2027-03-28T00:30:00Z'))).toBe('2027-03-28T00:30:00+00:00');
      expect(toLondonIso(new Date('2027-03-28T01:30:00Z'))).toBe('2027-03-28T02:30:00+01:00');
      expect(toLondonIso(new Date('2027-10-31T00:30:00Z'))).toBe('2027-10-31T01:30:00+01:00');
      expect(toLondonIso(new Date('2027-10-31T01:30:00Z'))).toBe('2027-10-31T01:30:00+00:00');
      // A luxon DateTime in another zone: the same instant, read in London.
      expect(toLondonIso(DateTime.fromISO('2027-03-28T10:15:00', { zone: 'Asia/Tokyo' }))).toBe(
        '2027-03-28T02:15:00+01:00',
      );
    }
  });

  it('keeps giving right answers after more instants than it keeps', () => {
    const start = Date.parse('2027-01-04T10:00:00Z');
    for (let i = 0; i < 2000; i++) toLondonIso(new Date(start + i * 60_000));
    expect(toLondonIso(new Date(start))).toBe('2027-01-04T10:00:00+00:00');
    expect(toLondonIso(new Date(start + 1999 * 60_000))).toBe('2027-01-05T19:19:00+00:00');
  });
});
