/**
 * Cancelling a core group whose invitation letter never left the print room (#18 trial finding 9):
 * a cancellation letter was queued on top. Now the unprinted invitation is withdrawn from the print
 * queue and nothing else is queued; a parent whose invitation was printed gets the cancellation letter.
 */
import { describe, expect, it } from 'vitest';
import { byRole, create, holdMeeting, settle } from '../helpers/decision-flow.ts';
import { hackneyInitialBody, startedServices, type TestService } from '../helpers/service.ts';

const start = startedServices();
const TEAM_MANAGER = {
  name: 'Tom Manager',
  email: 'tm@example.gov.uk',
  role: 'professional',
  agency: "Children's social care (team manager)",
  managerEmail: 'head@example.gov.uk',
};
const view = async (s: TestService, id: string) => (await s.api('GET', `/api/conferences/${id}`)).body;

describe('cancelling a core group whose letter is not printed', () => {
  it(
    'withdraws the unprinted invitation and queues no cancellation letter; a printed one gets its cancellation',
    { timeout: 120_000 },
    async () => {
      const s = await start();
      const body = hackneyInitialBody();
      const c = await create(s, { ...body, attendees: [...body.attendees, TEAM_MANAGER] });
      await settle(s);
      const tm = c.attendees.find((a) => a.email === TEAM_MANAGER.email)!;
      const parents = c.attendees.filter((a) => a.role === 'parent').map((a) => a.id);
      const marcus = c.attendees.find((a) => a.role === 'parent' && !a.email)!;
      await holdMeeting(s, c, {
        at: '2027-01-04T10:00',
        decision: { coreGroup: [byRole(c, 'social-worker').id, ...parents] },
      });
      expect((await s.api('POST', `/api/conferences/${c.id}/decision/approve`, {})).status).toBe(200);
      await settle(s);
      const base = `/api/conferences/${c.id}/core-groups`;
      const book = async (startsAt: string) => {
        const r = await s.api('POST', base, { startsAt, durationMinutes: 60, mode: 'virtual', chairAttendeeId: tm.id });
        expect(r.status, JSON.stringify(r.body)).toBe(201);
        await settle(s);
        return r.body.coreGroup.id as string;
      };
      const letters = async (cg: string) =>
        (await view(s, c.id)).hardCopies.filter(
          (h: any) => h.document === `core-group-${cg}` && h.attendeeId === marcus.id,
        );

      // cg1: the invitation waits in the print room, then the core group is cancelled.
      const cg1 = await book('2027-01-14T14:00');
      expect((await letters(cg1)).map((h: any) => [h.withdrawnAt ?? null, h.printedAt ?? null])).toEqual([
        [null, null],
      ]);
      expect((await s.api('POST', `${base}/${cg1}/cancel`, { reason: 'chair unwell' })).status).toBe(200);
      await settle(s);
      const after = await letters(cg1);
      expect(after).toHaveLength(1);
      expect(after[0]).toMatchObject({ withdrawnReason: 'meeting-cancelled' });
      expect(after[0].withdrawnAt).toBeTruthy();
      // Nothing for Marcus left on the print queue.
      const queue = (await s.api('GET', '/api/hard-copies')).body;
      expect(
        (Array.isArray(queue) ? queue : (queue.letters ?? queue.items ?? [])).filter(
          (h: any) => h.conferenceId === c.id && h.attendeeId === marcus.id && h.document === `core-group-${cg1}`,
        ),
      ).toEqual([]);
      const page = await fetch(`${s.url}/api/conferences/${c.id}`, {
        headers: { authorization: 'Bearer test-coordinator-key-0123456789' },
      });
      expect(page.status).toBe(200);

      // cg2: printed, then cancelled: the cancellation letter is queued.
      const cg2 = await book('2027-01-15T14:00');
      const [invite] = await letters(cg2);
      expect((await s.api('POST', `/api/conferences/${c.id}/hard-copies/${invite.blobId}/printed`, {})).status).toBe(
        200,
      );
      expect((await s.api('POST', `${base}/${cg2}/cancel`, { reason: 'chair unwell' })).status).toBe(200);
      await settle(s);
      const both = await letters(cg2);
      expect(both).toHaveLength(2);
      expect(both[1].printedAt ?? null).toBeNull();
      expect(both[1].withdrawnAt ?? null).toBeNull();
    },
  );
});
