/**
 * A plan action due on a weekend, bank holiday or closure day is warned about, not refused, as a
 * meeting booked on one is (trial finding: no word at all): the decision's answer names each such
 * action and the day, a due date moved onto one says so, and one moved onto a working day says
 * nothing. Under Hackney only: the working-day calendar (England and Wales) is the same for every
 * preset, and no policy changes this rule.
 */
import { describe, expect, it } from 'vitest';
import { byRole, create, decidedConference, settle } from '../helpers/decision-flow.ts';
import { hackneyInitialBody, startedServices } from '../helpers/service.ts';

const start = startedServices();

const row = (task: string, owner: string, dueOn: string) => ({
  risk: 'Missed health care',
  task,
  byWhom: 'as owner',
  timescale: 'soon',
  plannedOutcome: 'Health needs met',
  ownerAttendeeId: owner,
  dueOn,
});

describe('a plan action due on a day nobody works', () => {
  it(
    'is warned about at the decision and when its date moves, and recorded all the same',
    { timeout: 90_000 },
    async () => {
      const s = await start();
      const c = await create(s, hackneyInitialBody());
      await settle(s);
      const sw = byRole(c, 'social-worker');
      const hv = c.attendees.find((a) => a.role === 'professional')!;
      const { decision } = await decidedConference(s, {
        conference: c,
        meeting: {
          at: '2027-01-04T10:00',
          decideAt: '2027-01-04T11:45',
          plan: [
            row('Book the developmental check', hv.id, '2027-01-20'),
            row('Visit at the weekend', sw.id, '2027-01-23'),
            row('Review the safety plan', sw.id, '2027-03-26'),
          ],
        },
      });
      expect(decision.warnings.filter((w: string) => w.startsWith('Plan action'))).toEqual([
        'Plan action p2: 2027-01-23 is not a working day (Saturday): check the date.',
        'Plan action p3: 2027-03-26 is not a working day (Good Friday): check the date.',
      ]);
      const plan = (await s.api('GET', `/api/conferences/${c.id}`)).body.decision.plan;
      expect(plan.map((r: any) => r.dueOn)).toEqual(['2027-01-20', '2027-01-23', '2027-03-26']);

      // Moved onto a bank holiday: recorded, with the warning; onto a working day: no warning.
      const holiday = await s.api('POST', `/api/conferences/${c.id}/plan/p1`, { dueOn: '2027-05-03' });
      expect(holiday.status, JSON.stringify(holiday.body)).toBe(200);
      expect(holiday.body.action.dueOn).toBe('2027-05-03');
      expect(holiday.body.warnings).toEqual([
        'Plan action p1: 2027-05-03 is not a working day (Early May bank holiday): check the date.',
      ]);
      const weekday = await s.api('POST', `/api/conferences/${c.id}/plan/p2`, { dueOn: '2027-01-25' });
      expect(weekday.status).toBe(200);
      expect(weekday.body.warnings).toEqual([]);
      // A status change alone says nothing of a date already warned about.
      const done = await s.api('POST', `/api/conferences/${c.id}/plan/p3`, { status: 'in-progress' });
      expect(done.body.warnings).toEqual([]);
    },
  );
});
