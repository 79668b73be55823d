/**
 * Confirming a drafted review at another time warns of a bank holiday as booking and rescheduling
 * do (docs/policies.md): the coordinator who types Easter Monday is told, and it is still booked.
 * Moving the confirmed review past its statutory deadline is said too.
 */
import { describe, expect, it } from 'vitest';
import { decidedConference } from '../helpers/decision-flow.ts';
import { hackneyInitialBody, startedServices } from '../helpers/service.ts';
import { until } from '../helpers/wait.ts';

const start = startedServices();

describe('confirming a drafted review', () => {
  it('warns when the new date is a bank holiday', { timeout: 90_000 }, async () => {
    const s = await start();
    const { c } = await decidedConference(s, { body: hackneyInitialBody() });
    const draftId = await until('the review draft', async () => {
      const v = (await s.api('GET', `/api/conferences/${c.id}`)).body;
      return v.reviewDraftId as string | undefined;
    });

    const confirmed = await s.api('POST', `/api/conferences/${draftId}/confirm`, { startsAt: '2027-03-29T10:00' });
    expect(confirmed.status, JSON.stringify(confirmed.body)).toBe(200);
    expect(confirmed.body.warnings).toEqual(['2027-03-29 is not a working day (Easter Monday): check the date.']);
    expect(confirmed.body.startsAt).toBe('2027-03-29T10:00:00+01:00');

    // Moved again, past the review's statutory deadline (Friday 2 April 2027, three months after the
    // initial conference): confirming there would need a reason, so moving there is at least said
    // (trial finding: it was not). Moved back within it, nothing is said.
    const moved = await s.api('POST', `/api/conferences/${draftId}/reschedule`, {
      startsAt: '2027-04-06T10:00',
      reason: 'The chair is on leave',
      requestedBy: 'coordinator',
    });
    expect(moved.status, JSON.stringify(moved.body)).toBe(200);
    expect(moved.body.warnings).toEqual([
      `This review is after its statutory deadline: the review of ${c.reference} was due by Friday 2 April 2027. Hold it by then if you can; if not, record why it is late.`,
    ]);
    const back = await s.api('POST', `/api/conferences/${draftId}/reschedule`, {
      startsAt: '2027-03-31T10:00',
      reason: 'The chair is back',
      requestedBy: 'coordinator',
    });
    expect(back.status, JSON.stringify(back.body)).toBe(200);
    expect(back.body.warnings).toEqual([]);
  });
});
