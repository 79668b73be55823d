/**
 * The late-conference warning (issue #19.7, from a trial): when a pre-birth conference's latest date
 * (10 weeks before the due date) fell before the strategy discussion, the warning says the limit had
 * already passed then, rather than naming a date nobody could have met.
 */
import { describe, expect, it } from 'vitest';
import { WorkingDayCalendar } from '../../src/domain/calendar/working-days.ts';
import { getPreset } from '../../src/domain/policy/presets/index.ts';
import { buildTimetable } from '../../src/domain/timetable-build.ts';
import { lateConferenceWarning } from '../../src/content/late-conference.ts';

const calendar = new WorkingDayCalendar();

describe('a pre-birth conference asked for after its latest date', () => {
  it('Cumbria, strategy discussion 15 November 2027, due 20 January 2028: the limit had already passed', () => {
    const policy = getPreset('cumbria');
    const input = {
      policy,
      kind: 'pre-birth' as const,
      startsAt: '2027-11-29T10:00:00+00:00',
      durationMinutes: 120,
      strategyDiscussionOn: '2027-11-15',
      expectedDueDate: '2028-01-20',
    };
    const t = buildTimetable(input, calendar);
    expect(t.latestConferenceDate!.slice(0, 10)).toBe('2027-11-11');
    const warning = lateConferenceWarning(policy, 'pre-birth', t.latestConferenceDate!, input);
    expect(warning).toContain(
      'the latest date, Thursday 11 November 2027, had already passed when the strategy discussion took place on Monday 15 November 2027',
    );
    expect(warning).not.toContain('should be held by');
    // Without the strategy discussion's date there is nothing to compare: the plain wording.
    expect(lateConferenceWarning(policy, 'pre-birth', t.latestConferenceDate!)).toContain(
      'it should be held by Thursday 11 November 2027.',
    );
  });
});
