/**
 * A conference started weeks after its booked day (trial finding): a Hampshire initial booked for
 * Tuesday 29 December 2026, started on 10 February 2027, was answered heldOn 2027-02-10 and every
 * follow-up counted from a day no one was invited to. Starting it on a later London day than booked
 * is now refused 409 asking the coordinator to reschedule it to the real date first, through the API
 * and the chair's page alike, and nothing changes. Rescheduled to that day, it starts and is held on it.
 * Starting on the booked day, within the policy's early-start margin, is unchanged.
 */
import { describe, expect, it } from 'vitest';
import { create, settle } from '../helpers/decision-flow.ts';
import { oneService, presetConference, PRESETS } from '../helpers/every-preset.ts';

const s = oneService();
const hampshire = PRESETS.find((p) => p.policy === 'hampshire')!;

describe('starting a conference on a later day than booked', () => {
  it('is refused 409 asking for a reschedule first; rescheduled, it starts on the real day', async () => {
    const c = await create(s, presetConference(hampshire, { startsAt: '2026-12-29T10:00' }));
    await settle(s);
    await s.advanceTo('2027-02-10T10:00:00Z');
    const refused = await s.api('POST', `/api/conferences/${c.id}/start`, {});
    expect(refused.status).toBe(409);
    expect(refused.body.message).toBe(
      `${c.reference} was booked for Tuesday 29 December 2026 and today is Wednesday 10 February 2027: a conference starts on the day it is booked for. Reschedule it to the real date and time first (‘Move it to a new date and time’ on the dashboard, or POST /api/conferences/${c.id}/reschedule), which tells everyone the new time, then start it`,
    );
    const after = (await s.api('GET', `/api/conferences/${c.id}`)).body;
    expect(after.state).toBe('invited');
    expect(after.heldOn).toBeUndefined();
    // The round of views (the chair's page and Teams start the meeting this way too) is refused the same.
    const views = await s.api('POST', `/api/conferences/${c.id}/views/open`, {});
    expect(views.status).toBe(409);
    expect(views.body.message).toBe(refused.body.message);

    const moved = await s.api('POST', `/api/conferences/${c.id}/reschedule`, {
      startsAt: '2027-02-10T11:00',
      reason: 'Started late: the real date',
      requestedBy: 'Coordinator',
    });
    expect(moved.status, JSON.stringify(moved.body)).toBe(200);
    await s.advanceTo('2027-02-10T10:55:00Z');
    const started = await s.api('POST', `/api/conferences/${c.id}/start`, {});
    expect(started.status, JSON.stringify(started.body)).toBe(200);
    expect(started.body.heldOn).toBe('2027-02-10');
  });
});
