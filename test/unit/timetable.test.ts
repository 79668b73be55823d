import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { WorkingDayCalendar } from '../../src/domain/calendar/working-days.ts';
import { ValidationError } from '../../src/domain/errors.ts';
import { parsePolicy } from '../../src/domain/policy/load-policy.ts';
import { getPreset } from '../../src/domain/policy/presets/index.ts';
import { buildTimetable } from '../../src/domain/timetable-build.ts';
import { timetableRules } from '../../src/domain/timetable-rules.ts';
import type { TimetableInput } from '../../src/domain/timetable-build.ts';

const cal = new WorkingDayCalendar();
const build = (policyId: string, rest: Omit<TimetableInput, 'policy'>) =>
  buildTimetable({ policy: getPreset(policyId), ...rest }, cal);
/** A custom policy with local pre-birth and transfer-in timings (Hackney otherwise). */
const riverside = parsePolicy(readFileSync('policies/example-custom.yaml', 'utf8'), 'yaml', 'example-custom.yaml');

function issueFields(fn: () => unknown): string[] {
  try {
    fn();
  } catch (err) {
    if (err instanceof ValidationError) return err.issues.map((i) => i.field);
    throw err;
  }
  throw new Error('expected a ValidationError');
}

describe('statutory', () => {
  it('holds only the national timescales (winter, across Christmas 2026)', () => {
    expect(
      build('statutory', {
        kind: 'initial',
        startsAt: '2027-01-04T10:00',
        durationMinutes: 120,
        strategyDiscussionOn: '2026-12-14',
      }),
    ).toEqual({
      latestConferenceDate: '2027-01-07T17:00:00+00:00', // 15 working days, skipping 25 and 28 Dec and 1 Jan
      // No national deadline: reports.defaultDue, 2 working days before (Thu 31 Dec, Wed 30 Dec; 1 Jan is a holiday).
      reportsDue: '2026-12-30T17:00:00+00:00',
      professionalsJoinAt: '2027-01-04T10:00:00+00:00',
      endsAt: '2027-01-04T12:00:00+00:00',
      firstCoreGroupBy: '2027-01-18T17:00:00+00:00',
      nextReviewBy: '2027-04-02T17:00:00+01:00', // 4 April is a Sunday: brought forward to Friday, in summer time
    });
  });

  it('gives a review no latest date and the 6-month next review', () => {
    const t = build('statutory', {
      kind: 'review',
      startsAt: '2027-06-14T10:00',
      durationMinutes: 90,
      strategyDiscussionOn: '2027-01-01',
    });
    expect(t.latestConferenceDate).toBeUndefined();
    expect(t.firstCoreGroupBy).toBeUndefined();
    expect(t.nextReviewBy).toBe('2027-12-14T17:00:00+00:00');
  });
});

describe('hackney', () => {
  it('initial conference in winter: reports 3 working days before, across Christmas', () => {
    expect(build('hackney', { kind: 'initial', startsAt: '2027-01-04T10:00', durationMinutes: 120 })).toEqual({
      reportsDue: '2026-12-29T17:00:00+00:00',
      parentsJoinAt: '2027-01-04T10:00:00+00:00',
      professionalsJoinAt: '2027-01-04T10:30:00+00:00',
      endsAt: '2027-01-04T12:00:00+00:00',
      decisionCirculationDue: '2027-01-05T12:00:00+00:00',
      planCirculationDue: '2027-01-05T12:00:00+00:00',
      recordBundleDue: '2027-01-25T17:00:00+00:00',
      firstCoreGroupBy: '2027-01-18T17:00:00+00:00',
      nextReviewBy: '2027-04-02T17:00:00+01:00',
    });
  });

  it('review conference in summer time: reports 5 working days before, offsets +01:00', () => {
    expect(build('hackney', { kind: 'review', startsAt: '2027-06-14T14:00', durationMinutes: 120 })).toEqual({
      reportsDue: '2027-06-07T17:00:00+01:00',
      parentsJoinAt: '2027-06-14T14:00:00+01:00',
      professionalsJoinAt: '2027-06-14T14:30:00+01:00',
      endsAt: '2027-06-14T16:00:00+01:00',
      decisionCirculationDue: '2027-06-15T16:00:00+01:00',
      planCirculationDue: '2027-06-15T16:00:00+01:00',
      recordBundleDue: '2027-07-05T17:00:00+01:00',
      nextReviewBy: '2027-12-14T17:00:00+00:00',
    });
  });

  it('record bundle due across Christmas 2026', () => {
    const t = build('hackney', { kind: 'initial', startsAt: '2026-12-14T10:00', durationMinutes: 120 });
    expect(t.recordBundleDue).toBe('2027-01-07T17:00:00+00:00');
  });

  it('accepts a start with an offset and reads it in London', () => {
    const t = build('hackney', { kind: 'initial', startsAt: '2027-06-14T09:00:00Z', durationMinutes: 60 });
    expect(t.parentsJoinAt).toBe('2027-06-14T10:00:00+01:00');
  });
});

describe('hampshire', () => {
  it('24 and 48 hours before a Monday conference count back over working days: Friday and Thursday', () => {
    expect(build('hampshire', { kind: 'initial', startsAt: '2027-02-01T10:00', durationMinutes: 120 })).toEqual({
      socialWorkerReportDue: '2027-01-28T10:00:00+00:00',
      reportsDue: '2027-01-29T10:00:00+00:00',
      professionalsJoinAt: '2027-02-01T09:45:00+00:00',
      endsAt: '2027-02-01T12:00:00+00:00',
      planCirculationDue: '2027-02-03T17:00:00+00:00',
      hardCopyDue: '2027-02-05T17:00:00+00:00', // 5 days lands on Saturday: brought forward
      minutesDue: '2027-02-15T17:00:00+00:00',
      firstCoreGroupBy: '2027-02-01T12:00:00+00:00', // straight after the conference
      nextReviewBy: '2027-04-30T17:00:00+01:00',
    });
  });

  it('exact hours on a midweek conference', () => {
    const t = build('hampshire', { kind: 'initial', startsAt: '2027-02-03T10:00', durationMinutes: 120 });
    expect(t.reportsDue).toBe('2027-02-02T10:00:00+00:00');
    expect(t.socialWorkerReportDue).toBe('2027-02-01T10:00:00+00:00');
  });

  it('falls back over Easter and the clock change, keeping the local time', () => {
    // Tue 30 Mar 2027 (BST): one working day back skips Easter Monday and Good Friday to Thu 25 Mar
    // (GMT, before the clocks change), two working days back is Wed 24 Mar; 10:00 London time both.
    const t = build('hampshire', { kind: 'review', startsAt: '2027-03-30T10:00', durationMinutes: 120 });
    expect(t.reportsDue).toBe('2027-03-25T10:00:00+00:00');
    expect(t.socialWorkerReportDue).toBe('2027-03-24T10:00:00+00:00');
    expect(t.firstCoreGroupBy).toBe('2027-05-11T17:00:00+01:00'); // review: core group cadence, 6 weeks
  });
});

describe('hours after the meeting across the clock change', () => {
  it('72 hours after Thursday 16:00 BST is Sunday 16:00 GMT, the same London time', () => {
    const t = build('bexley', {
      kind: 'transfer-in',
      startsAt: '2027-10-28T14:00',
      durationMinutes: 120,
      notifiedOn: '2027-10-20',
    });
    expect(t.endsAt).toBe('2027-10-28T16:00:00+01:00');
    expect(t.planCirculationDue).toBe('2027-10-31T16:00:00+00:00');
    expect(t.minutesDue).toBe('2027-10-31T16:00:00+00:00');
  });
});

describe('cumbria', () => {
  it('initial conference in summer time with the parents first', () => {
    expect(
      build('cumbria', {
        kind: 'initial',
        startsAt: '2027-07-05T13:30',
        durationMinutes: 90,
        strategyDiscussionOn: '2027-06-21',
      }),
    ).toEqual({
      latestConferenceDate: '2027-07-12T17:00:00+01:00',
      reportsDue: '2027-07-01T17:00:00+01:00', // reports.defaultDue: 2 working days before Monday
      parentsJoinAt: '2027-07-05T13:30:00+01:00',
      professionalsJoinAt: '2027-07-05T14:00:00+01:00',
      endsAt: '2027-07-05T15:00:00+01:00',
      firstCoreGroupBy: '2027-07-19T17:00:00+01:00',
      nextReviewBy: '2027-10-05T17:00:00+01:00',
    });
  });

  it('review: core groups every 4 weeks, next review within 6 months', () => {
    const t = build('cumbria', { kind: 'review', startsAt: '2027-10-05T10:00', durationMinutes: 90 });
    expect(t.firstCoreGroupBy).toBe('2027-11-02T17:00:00+00:00');
    expect(t.nextReviewBy).toBe('2028-04-05T17:00:00+01:00');
  });
});

describe('bexley', () => {
  it('plan and minutes within 72 hours of the end of the meeting', () => {
    expect(build('bexley', { kind: 'initial', startsAt: '2027-01-11T10:00', durationMinutes: 120 })).toEqual({
      reportsDue: '2027-01-07T17:00:00+00:00', // reports.defaultDue: 2 working days before Monday
      professionalsJoinAt: '2027-01-11T10:00:00+00:00',
      endsAt: '2027-01-11T12:00:00+00:00',
      planCirculationDue: '2027-01-14T12:00:00+00:00',
      minutesDue: '2027-01-14T12:00:00+00:00',
      firstCoreGroupBy: '2027-01-25T17:00:00+00:00',
      nextReviewBy: '2027-04-09T17:00:00+01:00',
    });
  });
});

describe('latestConferenceDate', () => {
  const base = { startsAt: '2027-01-04T10:00', durationMinutes: 120 } as const;

  it('initial: 15 working days after the strategy discussion', () => {
    expect(
      buildTimetable({ policy: riverside, kind: 'initial', ...base, strategyDiscussionOn: '2026-12-14' }, cal)
        .latestConferenceDate,
    ).toBe('2027-01-07T17:00:00+00:00');
  });

  it('transfer-in: 15 working days after the notification', () => {
    const t = buildTimetable({ policy: riverside, kind: 'transfer-in', ...base, notifiedOn: '2026-12-01' }, cal);
    expect(t.latestConferenceDate).toBe('2026-12-22T17:00:00+00:00');
    // Every preset has the same local-practice default (the statutory preset's).
    for (const id of ['statutory', 'hackney', 'cumbria', 'hampshire', 'bexley'])
      expect(build(id, { kind: 'transfer-in', ...base, notifiedOn: '2026-12-01' }).latestConferenceDate, id).toBe(
        '2026-12-22T17:00:00+00:00',
      );
  });

  it('pre-birth: the earlier of the strategy discussion rule and 10 weeks before the due date', () => {
    const input = { policy: riverside, kind: 'pre-birth', ...base, strategyDiscussionOn: '2026-12-14' } as const;
    expect(buildTimetable({ ...input, expectedDueDate: '2027-03-01' }, cal).latestConferenceDate).toBe(
      '2026-12-21T17:00:00+00:00',
    );
    expect(buildTimetable({ ...input, expectedDueDate: '2027-06-01' }, cal).latestConferenceDate).toBe(
      '2027-01-07T17:00:00+00:00',
    );
    // No expected due date is not an error: only the strategy discussion rule applies.
    expect(buildTimetable(input, cal).latestConferenceDate).toBe('2027-01-07T17:00:00+00:00');
    expect(buildTimetable({ policy: riverside, kind: 'pre-birth', ...base }, cal).latestConferenceDate).toBeUndefined();
  });

  it('closure days move working-day deadlines', () => {
    const closed = new WorkingDayCalendar(['2026-12-29', '2026-12-30', '2026-12-31']);
    const t = buildTimetable({ policy: getPreset('hackney'), kind: 'initial', ...base }, closed);
    expect(t.reportsDue).toBe('2026-12-22T17:00:00+00:00');
  });
});

describe('impossible input', () => {
  const base = { kind: 'initial', durationMinutes: 120 } as const;
  it('names the bad field', () => {
    expect(issueFields(() => build('hackney', { ...base, startsAt: '2027-02-30T10:00' }))).toEqual(['startsAt']);
    expect(
      issueFields(() =>
        build('hackney', { ...base, startsAt: '2027-01-04T10:00', strategyDiscussionOn: '2027-01-05' }),
      ),
    ).toEqual(['strategyDiscussionOn']);
    expect(
      issueFields(() => build('hackney', { ...base, startsAt: '2027-01-04T10:00', expectedDueDate: '2027-13-01' })),
    ).toEqual(['expectedDueDate']);
    expect(issueFields(() => build('hackney', { ...base, startsAt: '2027-01-04T10:00', durationMinutes: 0 }))).toEqual([
      'durationMinutes',
    ]);
  });
});

describe('timetableRules', () => {
  it('names the rule behind each key', () => {
    const rules = timetableRules(getPreset('hampshire'), 'initial', 120);
    expect(rules.reportsDue).toBe('reports.due.initial: 24 hours before the conference');
    expect(timetableRules(getPreset('statutory'), 'initial', 120).reportsDue).toBe(
      'reports.defaultDue: 2 working days before the conference',
    );
    expect(rules.firstCoreGroupBy).toBe('coreGroup.first: straight after the conference');
    expect(rules.professionalsJoinAt).toBe('professionalsArriveEarlyMinutes: 15 minutes before the start');
    const preBirth = timetableRules(getPreset('statutory'), 'pre-birth', 120);
    expect(preBirth.firstCoreGroupBy).toBe(
      'coreGroup.first: 10 working days after the conference, at the latest the working day before the expected due date',
    );
    expect(preBirth.birthPlanDue).toBe(
      "timings.birthPlanWeeksBeforeDueDate: 4 weeks before the expected due date (not before the first core group's deadline)",
    );
  });
});
