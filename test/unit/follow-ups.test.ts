/**
 * Follow-up dates for every preset, for a conference held on Thursday 17 December 2026: ten working
 * days run across Christmas Day, the substitute Boxing Day (Monday 28th) and New Year's Day.
 */
import { describe, expect, it } from 'vitest';
import { WorkingDayCalendar } from '../../src/domain/calendar/working-days.ts';
import type { Conference } from '../../src/domain/conference.ts';
import { afterMeetingTimetable, coreGroupAfterBirth, planFollowUps } from '../../src/domain/follow-ups.ts';
import { getPreset } from '../../src/domain/policy/presets/index.ts';
import { makeConference } from '../helpers/fixtures.ts';

const calendar = new WorkingDayCalendar();
const ENDED = '2026-12-17T12:00:00+00:00';

function decided(
  policyId: string,
  over: Partial<Conference> = {},
  outcomes: [string, 'child-protection-plan' | 'child-in-need' | 'no-further-action'][] = [
    ['c1', 'child-protection-plan'],
    ['c2', 'child-protection-plan'],
  ],
) {
  const policy = getPreset(policyId);
  const base = makeConference({
    policyId,
    startsAt: '2026-12-17T10:00:00+00:00',
    strategyDiscussionOn: '2026-12-01',
    heldOn: '2026-12-17',
    state: 'approved',
    ...over,
  });
  delete base.notifiedOn;
  const c: Conference = {
    ...base,
    decision: {
      outcomes: outcomes.map(([childId, outcome]) => ({
        childId,
        outcome,
        categories: outcome === 'child-protection-plan' ? ['neglect'] : [],
        rationale: 'r',
      })),
      dissent: [],
      plan: [],
      coreGroup: [],
      decidedAt: ENDED,
      decidedBy: 'a1',
      approvedAt: '2026-12-17T12:30:00+00:00',
    },
  };
  c.timetable = afterMeetingTimetable(c, policy, calendar, ENDED, c.heldOn!);
  return { c, policy, plan: planFollowUps(c, policy, calendar, new Date('2026-12-17T12:30:00Z')) };
}

const steps = (p: ReturnType<typeof decided>['plan']) =>
  Object.fromEntries(p.jobs.map((j) => [j.step, j.runAt.toISOString()]));

describe('follow-up dates across Christmas and New Year, per preset', () => {
  it('statutory: first core group within 10 working days, review within 3 months', () => {
    const { plan } = decided('statutory');
    expect(plan.coreGroupBy).toBe('2027-01-05T17:00:00+00:00');
    expect(plan.coreGroupStraightAfter).toBe(false);
    expect(plan.reviewBy).toBe('2027-03-17T17:00:00+00:00');
    expect(plan.reviewStartsAt).toBe('2027-03-17T10:00:00+00:00');
    expect(plan.onPlan).toEqual(['c1', 'c2']);
    expect(steps(plan)).toEqual({
      'follow-up-core-group': '2026-12-17T12:30:00.000Z',
      'follow-up-review': '2026-12-17T12:30:00.000Z',
    });
  });

  it('Hackney: decision within 24 hours of the actual end, record bundle within 15 working days', () => {
    const { c, plan } = decided('hackney');
    expect(c.timetable.decisionCirculationDue).toBe('2026-12-18T12:00:00+00:00');
    expect(plan.coreGroupBy).toBe('2027-01-05T17:00:00+00:00');
    expect(plan.recordBundleDue).toBe('2027-01-12T17:00:00+00:00');
    expect(plan.minutesDue).toBeUndefined();
    // The reminder two working days before: Friday 8 January at 09:00.
    expect(steps(plan)['follow-up-record-bundle']).toBe('2027-01-08T09:00:00.000Z');
  });

  it('Cumbria: core group within 10 working days then every 4 weeks; review within 3 months', () => {
    const { plan } = decided('cumbria');
    expect(plan.coreGroupBy).toBe('2027-01-05T17:00:00+00:00');
    expect(plan.cadence).toBe('4 weeks');
    expect(plan.reviewBy).toBe('2027-03-17T17:00:00+00:00');
  });

  it('Hampshire: core group straight after, minutes within 10 working days, hard copy within 5 days', () => {
    const { c, plan } = decided('hampshire');
    expect(plan.coreGroupStraightAfter).toBe(true);
    expect(plan.coreGroupBy).toBe(ENDED);
    expect(plan.cadence).toBe('6 weeks');
    expect(plan.minutesDue).toBe('2027-01-05T17:00:00+00:00');
    // Two working days before 5 January: Thursday 31 December (Friday 1st is New Year's Day).
    expect(steps(plan)['follow-up-minutes']).toBe('2026-12-31T09:00:00.000Z');
    expect(c.timetable.planCirculationDue).toBe('2026-12-21T17:00:00+00:00');
    expect(c.timetable.hardCopyDue).toBe('2026-12-22T17:00:00+00:00');
  });

  it('Bexley: plan and minutes within 72 hours of the actual end (reminder at once)', () => {
    const { c, plan } = decided('bexley');
    expect(c.timetable.planCirculationDue).toBe('2026-12-20T12:00:00+00:00');
    expect(plan.minutesDue).toBe('2026-12-20T12:00:00+00:00');
    expect(steps(plan)['follow-up-minutes']).toBe('2026-12-17T12:30:00.000Z');
    expect(plan.coreGroupBy).toBe('2027-01-05T17:00:00+00:00');
  });

  it('brings a review deadline on a bank holiday forward to the working day before', () => {
    const { plan } = decided('statutory', {
      startsAt: '2027-02-03T10:00:00+00:00',
      heldOn: '2027-02-03',
      strategyDiscussionOn: '2027-01-20',
    });
    // 3 May 2027 is the Early May bank holiday.
    expect(plan.reviewBy).toBe('2027-04-30T17:00:00+01:00');
    expect(plan.reviewStartsAt).toBe('2027-04-30T10:00:00+01:00');
  });

  it('schedules no core group or review for a child in need or no further action, and says so', () => {
    const { plan } = decided('hackney', {}, [
      ['c1', 'child-in-need'],
      ['c2', 'no-further-action'],
    ]);
    expect(plan.jobs.map((j) => j.step)).toEqual(['follow-up-record-bundle']);
    expect(plan.notes).toEqual([
      'c1: child in need plan: no core group and no review conference (the Hackney policy schedules them for a child protection plan only)',
      'c2: no further action: no core group and no review conference (the Hackney policy schedules them for a child protection plan only)',
    ]);
  });

  it('pre-birth: the first core group from the conference before the birth, the birth plan 4 weeks before the due date', () => {
    // Held Thursday 17 December 2026, due Sunday 7 February 2027.
    const unborn = { id: 'c1', unborn: true, expectedDueDate: '2027-02-07' };
    const waiting = decided('statutory', { kind: 'pre-birth', children: [unborn] }, [['c1', 'child-protection-plan']]);
    expect(waiting.plan.awaitingBirth).toEqual(['c1']);
    expect(waiting.plan.onPlan).toEqual(['c1']);
    // 10 working days across Christmas, as for an initial conference: well before the birth.
    expect(waiting.plan.coreGroupBy).toBe('2027-01-05T17:00:00+00:00');
    // 4 weeks before Sunday 7 February is Sunday 10 January: brought forward to Friday 8 January.
    expect(waiting.plan.birthPlanBy).toBe('2027-01-08T17:00:00+00:00');
    expect(steps(waiting.plan)).toEqual({
      'follow-up-core-group': '2026-12-17T12:30:00.000Z',
      'follow-up-birth-plan': '2027-01-08T17:00:00.000Z',
      'follow-up-review': '2026-12-17T12:30:00.000Z',
    });
    expect(waiting.plan.notes).toEqual([
      'c1: pre-birth plan: the first core group meets before the birth and the birth plan is agreed by 2027-01-08T17:00:00+00:00; a core group after the birth is counted from it once it is recorded',
    ]);

    // Due Saturday 2 January: the core group is brought before the birth (Thursday 31 December, the
    // working day before), and a birth plan 4 weeks before (already past) is due with it at the latest.
    const soon = decided('statutory', { kind: 'pre-birth', children: [{ ...unborn, expectedDueDate: '2027-01-02' }] }, [
      ['c1', 'child-protection-plan'],
    ]);
    expect(soon.c.timetable.firstCoreGroupBy).toBe('2026-12-31T17:00:00+00:00');
    expect(soon.plan.coreGroupBy).toBe('2026-12-31T17:00:00+00:00');
    expect(soon.plan.birthPlanBy).toBe('2026-12-31T17:00:00+00:00');

    // An authority's own weeks; no plan, no birth plan.
    const policy = getPreset('statutory');
    const weeks = (n: number) => ({ ...policy, timings: { ...policy.timings, birthPlanWeeksBeforeDueDate: n } });
    // 3 weeks before: Sunday 17 January, brought forward to Friday 15 January.
    expect(afterMeetingTimetable(waiting.c, weeks(3), calendar, ENDED, '2026-12-17').birthPlanDue).toBe(
      '2027-01-15T17:00:00+00:00',
    );
    // 6 weeks before would be Thursday 24 December, before the first core group's deadline: agreed by then.
    expect(afterMeetingTimetable(waiting.c, weeks(6), calendar, ENDED, '2026-12-17').birthPlanDue).toBe(
      '2027-01-05T17:00:00+00:00',
    );
    const cin = decided('statutory', { kind: 'pre-birth', children: [unborn] }, [['c1', 'child-in-need']]);
    expect(cin.plan.birthPlanBy).toBeUndefined();
    expect(cin.plan.jobs.map((j) => j.step)).not.toContain('follow-up-birth-plan');

    // The birth recorded: a core group counted from it, as before.
    const born = decided(
      'statutory',
      { kind: 'pre-birth', children: [{ ...unborn, unborn: false, bornOn: '2026-12-23', dateOfBirth: '2026-12-23' }] },
      [['c1', 'child-protection-plan']],
    );
    // 10 working days from Wednesday 23 December 2026: 24, 29, 30, 31 Dec, 4-8 Jan, 11 Jan.
    expect(born.plan.born).toEqual([{ childId: 'c1', bornOn: '2026-12-23', coreGroupBy: '2027-01-11T17:00:00+00:00' }]);
    expect(born.plan.birthPlanBy).toBeUndefined();
    expect(born.plan.jobs.map((j) => j.step)).toEqual(['follow-up-birth-core-group', 'follow-up-review']);
    expect(coreGroupAfterBirth(getPreset('hampshire'), '2026-12-23', calendar)).toBe('2026-12-23T17:00:00+00:00');
  });
});
