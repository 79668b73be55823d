/**
 * A review conference's draft minutes carry the policy's review report headings only (Hampshire
 * has both "…what needs to change" for an initial conference and "…what now needs to change" for a
 * review): the minute taker sees each heading once, through the running service.
 */
import { describe, expect, it } from 'vitest';
import { byRole, create, holdMeeting, settle } from '../helpers/decision-flow.ts';
import { hackneyInitialBody, startedServices } from '../helpers/service.ts';

const start = startedServices();

describe('draft minutes of a review conference', () => {
  it('use the review report headings, not the initial ones as well', { timeout: 120_000 }, async () => {
    const s = await start();
    const { strategyDiscussionOn: _none, ...body } = hackneyInitialBody({
      policy: 'hampshire',
      kind: 'review',
      mode: 'in-person',
      venue: 'Civic Offices, Room 2',
    });
    const c = await create(s, body);
    await settle(s);
    await holdMeeting(s, c, { at: '2027-01-04T10:00', decideAt: '2027-01-04T11:45' });
    const r = await s.api('POST', `/api/conferences/${c.id}/minutes/draft`, { by: byRole(c, 'chair').id });
    expect(r.status, JSON.stringify(r.body)).toBeLessThan(300);
    const text = r.body.text as string;
    expect(text).toContain("## The child's view of the situation and what now needs to change");
    expect(text).toContain('## Outcomes of work carried out since the last conference');
    expect(text).not.toContain('what needs to change');
    expect(text).not.toContain('## Details of service involvement');
  });
});
