/** Sharing lines in an emailed report: what counts as one, and what is left as the report's text. */
import { describe, expect, it } from 'vitest';
import { sharingFromEmail } from '../../src/app/reports/emailed-report.ts';
import { ValidationError } from '../../src/domain/errors.ts';
import { makeConference } from '../helpers/fixtures.ts';

const c = makeConference();
const [p1, p2] = c.attendees.filter((a) => a.role === 'parent' || a.role === 'carer');
const today = '2027-01-04';

describe('sharing lines in an emailed report', () => {
  it('reads each line, with any spacing, and leaves the rest as the report', () => {
    const r = sharingFromEmail(
      c,
      'My report.\n   Shared with parent or carer 1 on 2026-12-18  \nWithheld from parent or carer 1:   the caller  \nshared WITH parent or carer 2: 2026-12-20.',
      today,
    );
    expect(r.shared).toEqual([
      { parentId: p1!.id, sharedOn: '2026-12-18', withheld: 'the caller' },
      { parentId: p2!.id, sharedOn: '2026-12-20' },
    ]);
    expect(r.rest).toBe('My report.');
  });

  it('ignores quoted earlier mail and over-long lines (kept as text, never matched)', () => {
    const long = `Withheld from parent or carer 1: a${' '.repeat(60_000)}x`;
    const r = sharingFromEmail(c, `> Shared with parent or carer 1 on 2026-12-18\n${long}`, today);
    expect(r.shared).toEqual([]);
    expect(r.rest.split('\n')).toHaveLength(2);
  });

  it('refuses a parent number that does not exist, a date in the future, and a withheld note without a date', () => {
    for (const text of [
      'Shared with parent or carer 9 on 2026-12-18',
      'Shared with parent or carer 1 on 2027-02-01',
      'Withheld from parent or carer 2: something',
    ]) {
      expect(() => sharingFromEmail(c, text, today), text).toThrow(ValidationError);
    }
  });

  it('refuses the example line copied as it stands, naming the placeholder as not a date', () => {
    for (const text of [
      'Shared with parent or carer 1 on YYYY-MM-DD',
      'Shared with parent or carer 1 on 2027-02-30.',
    ]) {
      let err: unknown;
      try {
        sharingFromEmail(c, `My report.\n${text}`, today);
      } catch (e) {
        err = e;
      }
      expect(err, text).toBeInstanceOf(ValidationError);
      expect(JSON.stringify((err as ValidationError).issues), text).toMatch(/is not a date: write it as 2027-01-04/);
    }
  });
});
