/**
 * Removing a parent someone comes with (their interpreter, supporter or advocate) is refused until
 * the companion is removed or linked to someone else: left linked to nobody, the companion stayed
 * invited to that parent's private time with the chair, and the removal said nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hackneyInitialBody, startTestService, type TestService } from '../helpers/service.ts';

let s: TestService;
beforeAll(async () => {
  s = await startTestService();
});
afterAll(async () => s.stop());

const removal = { reason: 'No longer involved', requestedBy: 'Coordinator' };

describe('removing a parent with a companion', () => {
  it(
    'is refused naming attendeeId and the companion, changes nothing, and works once the companion has gone',
    { timeout: 60_000 },
    async () => {
      const created = await s.api('POST', '/api/conferences', hackneyInitialBody());
      expect(created.status).toBe(201);
      const id = created.body.id;
      const view = async () => (await s.api('GET', `/api/conferences/${id}`)).body;
      const parent = (await view()).attendees.find((a: any) => a.role === 'parent');
      expect(parent).toBeDefined();
      const added = await s.api('POST', `/api/conferences/${id}/attendees`, {
        attendee: {
          name: 'Ines Interpreter',
          email: 'ines@interpreting.example.org',
          role: 'interpreter',
          accompanies: parent.id,
        },
        requestedBy: 'Coordinator',
      });
      expect(added.status, JSON.stringify(added.body)).toBe(201);
      const interpreter = added.body.attendee.id;
      await s.idle();
      const before = await view();

      const refused = await s.api('POST', `/api/conferences/${id}/attendees/${parent.id}/remove`, removal);
      expect(refused.status).toBe(400);
      expect(JSON.stringify(refused.body)).toContain('attendeeId');
      expect(JSON.stringify(refused.body)).toContain(`the interpreter ${interpreter} comes with ${parent.id}`);
      const after = await view();
      expect(after.rev).toBe(before.rev);
      expect(after.attendees.map((a: any) => a.id)).toEqual(before.attendees.map((a: any) => a.id));

      expect((await s.api('POST', `/api/conferences/${id}/attendees/${interpreter}/remove`, removal)).status).toBe(200);
      const removed = await s.api('POST', `/api/conferences/${id}/attendees/${parent.id}/remove`, removal);
      expect(removed.status).toBe(200);
      expect(removed.body.attendees.map((a: any) => a.id)).not.toContain(parent.id);
    },
  );
});
