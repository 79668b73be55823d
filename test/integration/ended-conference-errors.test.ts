/**
 * What the coordinator is told when they act on a cancelled conference: one plain sentence saying
 * what state it is in and why the action cannot happen, and nothing changes. Before, a second
 * cancel said 'A conference in state "cancelled" cannot move to "cancelled": the meeting has
 * already taken place or been cancelled', a postpone named the state "rescheduled", and adding
 * someone said it "cannot move to cancelled".
 */
import { describe, expect, it } from 'vitest';
import { hackneyInitialBody, startedServices } from '../helpers/service.ts';

const start = startedServices();

describe('acting on a cancelled conference', () => {
  it('gets a 409 saying it is cancelled and what cannot be done, and nothing changes', async () => {
    const s = await start();
    const created = await s.api('POST', '/api/conferences', hackneyInitialBody());
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    const asked = { reason: 'Family moved away', requestedBy: 'Sam Social' };
    expect((await s.api('POST', `/api/conferences/${id}/cancel`, asked)).status).toBe(200);
    await s.idle(); // the cancellations have gone: only what the refused actions might do is compared
    const before = (await s.api('GET', `/api/conferences/${id}`)).body;

    const tries: [string, unknown, string][] = [
      ['cancel', asked, 'This conference is already cancelled. Nothing was changed.'],
      [
        'postpone',
        asked,
        'This conference is cancelled, so it cannot be rescheduled or postponed. Nothing was changed.',
      ],
      [
        'reschedule',
        { startsAt: '2027-01-11T10:00', ...asked },
        'This conference is cancelled, so it cannot be rescheduled or postponed. Nothing was changed.',
      ],
      [
        'attendees',
        { attendee: { name: 'New Person', role: 'professional', email: 'new@example.org' }, requestedBy: 'Sam' },
        'This conference is cancelled: attendees can be added only before the meeting. Nothing was changed.',
      ],
      ['start', {}, 'This conference is cancelled, so it cannot be started. Nothing was changed.'],
      ['close', {}, 'This conference is cancelled, so it cannot be closed. Nothing was changed.'],
    ];
    for (const [action, body, message] of tries) {
      const r = await s.api('POST', `/api/conferences/${id}/${action}`, body);
      expect(r.status, action).toBe(409);
      expect(r.body.message, action).toBe(message);
    }
    const after = (await s.api('GET', `/api/conferences/${id}`)).body;
    expect(after.version).toBe(before.version);
    expect(after.attendees).toEqual(before.attendees);
    expect(after.audit).toEqual(before.audit);
  });
});
