import { describe, expect, it } from 'vitest';
import { readLondonTime } from '../../src/domain/calendar/london-time.ts';
import { londonTimeMessage } from '../../src/content/london-time-words.ts';

const at = (text: string) => {
  const r = readLondonTime(text);
  return r.kind === 'instant' ? r.at.toISO({ suppressMilliseconds: true }) : r.kind;
};
const message = (text: string) => {
  const r = readLondonTime(text);
  if (r.kind !== 'skipped' && r.kind !== 'repeated') throw new Error(`${text} reads as ${r.kind}`);
  return londonTimeMessage(text, r);
};

describe('a London wall time', () => {
  it('is one instant on an ordinary day, in winter and in summer', () => {
    expect(at('2027-01-04T10:00')).toBe('2027-01-04T10:00:00+00:00');
    expect(at('2027-07-05T10:00')).toBe('2027-07-05T10:00:00+01:00');
  });

  it('does not exist in the hour skipped when the clocks go forward (28 March 2027, 01:00 to 02:00)', () => {
    expect(at('2027-03-28T00:59')).toBe('2027-03-28T00:59:00+00:00');
    expect(at('2027-03-28T01:00')).toBe('skipped');
    expect(at('2027-03-28T01:59')).toBe('skipped');
    expect(at('2027-03-28T02:00')).toBe('2027-03-28T02:00:00+01:00');
    expect(message('2027-03-28T01:30')).toBe(
      '2027-03-28T01:30 does not exist in London: the clocks go forward on 28 March 2027, from 01:00 straight to 02:00; give a time before 01:00 or from 02:00',
    );
  });

  it('happens twice in the hour repeated when the clocks go back (31 October 2027, 02:00 to 01:00)', () => {
    expect(at('2027-10-31T00:59')).toBe('2027-10-31T00:59:00+01:00');
    expect(at('2027-10-31T01:00')).toBe('repeated');
    expect(at('2027-10-31T01:30:00')).toBe('repeated');
    expect(at('2027-10-31T01:59')).toBe('repeated');
    expect(at('2027-10-31T02:00')).toBe('2027-10-31T02:00:00+00:00');
    expect(message('2027-10-31T01:30')).toBe(
      '2027-10-31T01:30 happens twice in London: the clocks go back on 31 October 2027, from 02:00 to 01:00; give the offset, 2027-10-31T01:30+01:00 for the first (BST) or 2027-10-31T01:30+00:00 for the second (GMT)',
    );
  });

  it('with an offset is the instant it names, either side of the change', () => {
    expect(at('2027-10-31T01:30+01:00')).toBe('2027-10-31T01:30:00+01:00');
    expect(at('2027-10-31T01:30+00:00')).toBe('2027-10-31T01:30:00+00:00');
    expect(at('2027-10-31T00:30Z')).toBe('2027-10-31T01:30:00+01:00');
    expect(at('2027-03-28T01:30Z')).toBe('2027-03-28T02:30:00+01:00');
  });

  it('is invalid on a day that does not exist', () => {
    expect(at('2027-02-30T10:00')).toBe('invalid');
    expect(at('2027-02-30T10:00+00:00')).toBe('invalid');
  });
});
