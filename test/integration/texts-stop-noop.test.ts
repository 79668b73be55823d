/**
 * Stopping texts for someone who is not texted (a professional, or a parent already stopped) changes
 * nothing. Before, the API answered 200 and still rewrote the conference (its rev went up) and
 * audited "texts.stopped" for a person who never had texts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hackneyInitialBody, startTestService, type TestService } from '../helpers/service.ts';

let s: TestService;
beforeAll(async () => {
  s = await startTestService();
});
afterAll(async () => s.stop());

describe('stopping texts for someone with none', () => {
  it('answers 200 with no texts and writes nothing', { timeout: 60_000 }, async () => {
    const created = await s.api('POST', '/api/conferences', hackneyInitialBody());
    expect(created.status).toBe(201);
    await s.idle();
    const view = async () => (await s.api('GET', `/api/conferences/${created.body.id}`)).body;
    const before = await view();
    const pro = before.attendees.find((a: any) => a.role !== 'parent' && a.role !== 'child' && !a.textReminders);
    expect(pro).toBeDefined();
    const r = await s.api('POST', `/api/conferences/${before.id}/attendees/${pro.id}/texts/stop`, {});
    expect(r.status).toBe(200);
    expect(r.body.attendee).toEqual({ id: pro.id, textReminders: false, textsStopped: null });
    const after = await view();
    expect(after.rev).toBe(before.rev);
    expect(after.audit.filter((e: any) => e.action === 'texts.stopped')).toEqual([]);
  });
});
