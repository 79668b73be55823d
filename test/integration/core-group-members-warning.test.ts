/**
 * A child protection plan whose core group names nobody but the social worker. Trial finding (a
 * county's conference, the first core group booked with the decision through the API, `coreGroup`
 * left out): the decision was recorded without a word, and at approval only the social worker was
 * invited to the first core group; the parents, whose invitation had said "The core group is you and
 * the main workers", and the professionals were never invited. The decision is still the chair's to
 * make: it is recorded, with a warning in the API's answer and on the chair's page before approval.
 */
import { describe, expect, it } from 'vitest';
import { byRole, create, holdMeeting, settle } from '../helpers/decision-flow.ts';
import { PageClient, linkPath, plainText } from '../helpers/pages.ts';
import { hackneyInitialBody, startedServices } from '../helpers/service.ts';

const start = startedServices();
const WARNING = 'The core group has no parent or carer and no professional besides the social worker';

describe('a child protection plan whose core group is only the social worker', () => {
  it('is recorded with a warning, in the API and on the chair’s page', { timeout: 90_000 }, async () => {
    const s = await start();
    const c = await create(s, hackneyInitialBody({ policy: 'cumbria', mode: 'virtual' }));
    await settle(s);
    const sw = byRole(c, 'social-worker');
    const decided = await holdMeeting(s, c, {
      at: '2027-01-04T10:00',
      decideAt: '2027-01-04T11:45',
      decision: {
        coreGroup: [],
        firstCoreGroup: { startsAt: '2027-01-11T10:00', mode: 'virtual', chairAttendeeId: sw.id },
      },
    });
    expect(decided.state).toBe('decided');
    expect(decided.coreGroups[0].members).toEqual([sw.id]);
    const warning = decided.warnings.find((w: string) => w.startsWith(WARNING));
    expect(warning, JSON.stringify(decided.warnings)).toBeDefined();
    expect(warning).toContain('only the social worker would be invited to its meetings');
    expect(warning).toContain('coreGroup');
    // No names in it: it goes back to whoever called the API.
    expect(warning).not.toMatch(/Testfamily|Sam Social/);

    const chair = new PageClient(s.url);
    const page = plainText((await chair.get(await linkPath(s, c.id, byRole(c, 'chair').id, 'chair'))).text);
    expect(page).toContain(WARNING);

    // Named, the parents and the health visitor: no such warning.
    const named = await s.api('POST', `/api/conferences/${c.id}/decision`, {
      outcomes: decided.decision.outcomes,
      coreGroup: [sw.id, c.attendees.find((a) => a.role === 'professional')!.id, byRole(c, 'parent').id],
      firstCoreGroup: { startsAt: '2027-01-11T10:00', mode: 'virtual', chairAttendeeId: sw.id },
      withoutReportsReason: 'Reports were given orally at the meeting',
    });
    expect(named.status, JSON.stringify(named.body)).toBeLessThan(300);
    expect(named.body.warnings.filter((w: string) => w.startsWith(WARNING))).toEqual([]);
  });
});
