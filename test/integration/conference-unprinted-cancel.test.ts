/**
 * Cancelling a conference whose invitation letter never left the print room (user trial): the
 * unprinted invitation was superseded by a cancellation letter, so the print room would post a parent
 * "your meeting on … is cancelled" about a meeting they were never told of. Now the invitation is
 * withdrawn unprinted and nothing else is queued, as for a core group (#18 trial finding 9); a parent
 * whose invitation was printed still gets the cancellation letter. A withdrawn letter cannot be marked
 * printed afterwards.
 */
import { describe, expect, it } from 'vitest';
import { create, settle } from '../helpers/decision-flow.ts';
import { hackneyInitialBody, startedServices, type TestService } from '../helpers/service.ts';

const start = startedServices();
const lettersFor = async (s: TestService, id: string, attendeeId: string) =>
  ((await s.api('GET', `/api/conferences/${id}`)).body.hardCopies as any[]).filter((h) => h.attendeeId === attendeeId);
const toPrint = async (s: TestService, id: string) =>
  ((await s.api('GET', '/api/hard-copies')).body as any[]).filter((h) => h.conferenceId === id);
const cancel = async (s: TestService, id: string) => {
  const r = await s.api('POST', `/api/conferences/${id}/cancel`, {
    reason: 'booked in error',
    requestedBy: 'coordinator',
  });
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  await settle(s);
};

describe('cancelling a conference before the posted invitation is printed', () => {
  it(
    'withdraws the invitation and posts nothing; once printed, the cancellation letter is queued',
    { timeout: 120_000 },
    async () => {
      const s = await start();
      const unprinted = await create(s, hackneyInitialBody());
      await settle(s);
      const marcus = unprinted.attendees.find((a) => a.role === 'parent' && !a.email)!;
      expect((await lettersFor(s, unprinted.id, marcus.id)).map((h) => h.document)).toEqual(['invitation']);

      await cancel(s, unprinted.id);
      const after = await lettersFor(s, unprinted.id, marcus.id);
      expect(after.map((h) => [h.document, h.withdrawnReason])).toEqual([['invitation', 'meeting-cancelled']]);
      expect(await toPrint(s, unprinted.id)).toEqual([]);
      // A withdrawn letter cannot then be recorded as printed (a stale print list): the field named, nothing changed.
      const stale = await s.api('POST', `/api/conferences/${unprinted.id}/hard-copies/${after[0].blobId}/printed`, {});
      expect(stale.status).toBe(400);
      expect(stale.body.issues).toEqual([
        {
          field: 'blobId',
          message: 'this letter is not on the print list: withdrawn unprinted: the meeting was cancelled',
        },
      ]);
      expect((await lettersFor(s, unprinted.id, marcus.id))[0].printedAt).toBeUndefined();

      const printed = await create(s, hackneyInitialBody({ startsAt: '2027-01-05T10:00' }));
      await settle(s);
      const [invitation] = await lettersFor(s, printed.id, marcus.id);
      const r = await s.api('POST', `/api/conferences/${printed.id}/hard-copies/${invitation.blobId}/printed`, {});
      expect(r.status).toBe(200);
      await cancel(s, printed.id);
      expect((await toPrint(s, printed.id)).map((h) => [h.attendeeId, h.document])).toEqual([
        [marcus.id, 'cancellation'],
      ]);
    },
  );
});
