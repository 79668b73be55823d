/**
 * Only the chair approves the decision (user trial, #18 finding 6): through the coordinator's key a
 * body naming the minute taker was accepted and recorded as `requestedBy`. Now anyone but the chair
 * is refused with 403 naming why, and nothing changes: no state, no audit, no letter.
 */
import { describe, expect, it } from 'vitest';
import { byRole, create, extraAttendees, holdMeeting, settle } from '../helpers/decision-flow.ts';
import { snapshot } from '../helpers/pages.ts';
import { hackneyInitialBody, startedServices } from '../helpers/service.ts';

const start = startedServices();

describe('who approves the decision', () => {
  it(
    'the minute taker (by id, email or name) and a stranger get 403 naming why; nothing changes; the chair approves',
    { timeout: 90_000 },
    async () => {
      const s = await start();
      const body = hackneyInitialBody();
      const c = await create(s, { ...body, attendees: [...body.attendees, ...extraAttendees()] });
      await settle(s);
      await holdMeeting(s, c, { at: '2027-01-04T10:00' });
      const approve = `/api/conferences/${c.id}/decision/approve`;
      const mt = byRole(c, 'minute-taker');
      const chair = byRole(c, 'chair');
      const before = await snapshot(s, c.id);
      for (const by of [mt.id, 'minutes@example.gov.uk', 'Mina Minutes']) {
        const r = await s.api('POST', approve, { by });
        expect(r.status, JSON.stringify(r.body)).toBe(403);
        expect(r.body.message).toBe(
          `Not approved: ${mt.id} is a minute taker: only the chair (${chair.id}) approves the decision. Nothing was changed.`,
        );
      }
      const stranger = await s.api('POST', approve, { by: 'Team Manager' });
      expect(stranger.status).toBe(403);
      expect(stranger.body.message).toContain(
        `"Team Manager" is not an attendee of ${c.reference}: only the chair (${chair.id}) approves the decision`,
      );
      expect(await snapshot(s, c.id)).toEqual(before);
      expect((await s.api('GET', `/api/conferences/${c.id}`)).body.state).toBe('decided');

      const ok = await s.api('POST', approve, { by: chair.email });
      expect(ok.status, JSON.stringify(ok.body)).toBe(200);
      expect(ok.body.state).toBe('approved');
      const audit = await s.rt.deps.store.readAudit(c.id);
      expect(audit.find((e) => e.action === 'decision.approved')).toMatchObject({
        actor: 'coordinator',
        detail: { requestedBy: chair.email },
      });
    },
  );
});
