/**
 * A core group booked on a weekend or bank holiday is not refused (an urgent one may need to be) but
 * the booking says so, in the same words as a conference created on one (and `cpc timetable`).
 */
import { describe, expect, it } from 'vitest';
import { byRole, decidedConference } from '../helpers/decision-flow.ts';
import { hackneyInitialBody, startedServices } from '../helpers/service.ts';

const start = startedServices();

describe('a core group on a non-working day', () => {
  it('is booked with a warning naming the day', { timeout: 90_000 }, async () => {
    const s = await start();
    const { c } = await decidedConference(s, { body: hackneyInitialBody(), approvedBy: 'chair' });
    const tm = byRole(c, 'professional');
    const saturday = await s.api('POST', `/api/conferences/${c.id}/core-groups`, {
      startsAt: '2027-01-09T10:00',
      mode: 'virtual',
      chairAttendeeId: tm.id,
    });
    expect(saturday.status, JSON.stringify(saturday.body)).toBe(201);
    expect(saturday.body.warnings).toContain('2027-01-09 is not a working day (Saturday): check the date.');
    const moved = await s.api('POST', `/api/conferences/${c.id}/core-groups/cg1/reschedule`, {
      startsAt: '2027-01-11T10:00',
      reason: 'a working day',
    });
    expect(moved.status).toBe(200);
    expect(moved.body.warnings.join(' ')).not.toContain('not a working day');
  });
});
