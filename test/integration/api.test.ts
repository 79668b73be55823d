/**
 * The coordinator API through the whole service (real Redis, real SMTP sink, simulated clock):
 * authentication, validation naming every bad field, the happy path, reschedule, cancel, health.
 */
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpApp } from '../../src/channels/web/http-app.ts';
import { hackneyInitialBody, startTestService, TEST_API_KEY, type TestService } from '../helpers/service.ts';

let svc: TestService;

beforeAll(async () => {
  svc = await startTestService();
});
afterAll(async () => {
  await svc?.stop();
});

const fields = (body: any): string[] => (body?.issues ?? []).map((i: { field: string }) => i.field);

async function createOk(overrides: Record<string, unknown> = {}) {
  const r = await svc.api('POST', '/api/conferences', hackneyInitialBody(overrides));
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body;
}

describe('authentication', () => {
  const routes: [string, string, unknown?][] = [
    ['GET', '/api/conferences'],
    ['POST', '/api/conferences', {}],
    ['GET', '/api/conferences/abcdefabcdef'],
    ['POST', '/api/conferences/abcdefabcdef/reschedule', {}],
    ['POST', '/api/conferences/abcdefabcdef/postpone', {}],
    ['POST', '/api/conferences/abcdefabcdef/cancel', {}],
    ['GET', '/api/policies'],
    ['GET', '/api/dev/clock'],
    ['POST', '/api/dev/clock', {}],
  ];

  it.each(routes)('%s %s needs the key', async (method, path, body) => {
    const none = await svc.api(method, path, body, null);
    expect(none.status).toBe(401);
    expect(none.body.error).toBe('unauthorised');
    const wrong = await svc.api(method, path, body, 'not-the-key-not-the-key');
    expect(wrong.status).toBe(401);
    const lower = await svc.api(method, path, body, TEST_API_KEY.toUpperCase());
    expect(lower.status).toBe(401);
  });

  it('wrong scheme is refused too', async () => {
    const res = await fetch(`${svc.url}/api/conferences`, { headers: { authorization: `Basic ${TEST_API_KEY}` } });
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toMatch(/Bearer/);
  });

  it('/healthz needs no key and says 200 with Redis up', async () => {
    const res = await fetch(`${svc.url}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok', redis: 'up' });
  });
});

describe('validation names every bad field', () => {
  async function bad(body: unknown) {
    const r = await svc.api('POST', '/api/conferences', body);
    expect(r.status, JSON.stringify(r.body)).toBe(400);
    expect(r.body.error).toBe('validation');
    return fields(r.body);
  }

  it('missing kind', async () => {
    const { kind: _k, ...rest } = hackneyInitialBody();
    expect(await bad(rest)).toContain('kind');
  });

  it('bad attendee email and child date of birth, all at once', async () => {
    const body = hackneyInitialBody();
    (body.attendees as any[])[2].email = 'not-an-email';
    (body.children as any[])[0].dateOfBirth = '02/05/2019';
    const f = await bad(body);
    expect(f).toContain('attendees.2.email');
    expect(f).toContain('children.0.dateOfBirth');
    // Once per field: not also "required" for the address that is there but malformed.
    expect(f.filter((x: string) => x === 'attendees.2.email')).toHaveLength(1);
  });

  it('venue for a blended conference', async () => {
    expect(await bad(hackneyInitialBody({ mode: 'blended' }))).toContain('venue');
  });

  it('an impossible date', async () => {
    expect(await bad(hackneyInitialBody({ startsAt: '2027-02-30T10:00' }))).toContain('startsAt');
    const body = hackneyInitialBody();
    (body.children as any[])[1].dateOfBirth = '2022-02-30';
    expect(await bad(body)).toContain('children.1.dateOfBirth');
  });

  it('a London local time that does not exist (clocks go forward) or happens twice (clocks go back) says so, naming the field', async () => {
    const r = await svc.api('POST', '/api/conferences', hackneyInitialBody({ startsAt: '2027-03-28T01:30' }));
    expect(r.status).toBe(400);
    expect(r.body.issues).toContainEqual({
      field: 'startsAt',
      message:
        '2027-03-28T01:30 does not exist in London: the clocks go forward on 28 March 2027, from 01:00 straight to 02:00; give a time before 01:00 or from 02:00',
    });
    // The night the clocks go back, 01:30 happens twice: refused without an offset, taken with one.
    const twice = await svc.api('POST', '/api/conferences', hackneyInitialBody({ startsAt: '2027-10-31T01:30' }));
    expect(twice.status).toBe(400);
    expect(twice.body.issues).toContainEqual({
      field: 'startsAt',
      message:
        '2027-10-31T01:30 happens twice in London: the clocks go back on 31 October 2027, from 02:00 to 01:00; give the offset, 2027-10-31T01:30+01:00 for the first (BST) or 2027-10-31T01:30+00:00 for the second (GMT)',
    });
    const first = await svc.api('POST', '/api/conferences', hackneyInitialBody({ startsAt: '2027-10-31T01:30+01:00' }));
    expect(first.status).toBe(201);
    expect((await svc.api('GET', `/api/conferences/${first.body.id}`)).body.startsAt).toBe('2027-10-31T01:30:00+01:00');
    // A real date that is not the night the clocks change still gets the general message.
    const impossible = await svc.api('POST', '/api/conferences', hackneyInitialBody({ startsAt: '2027-02-30T10:00' }));
    expect(impossible.body.issues).toContainEqual({
      field: 'startsAt',
      message: 'expected a real date-time, e.g. 2027-01-04T10:00 (London time) or with an offset',
    });
  });

  it('a child with an email', async () => {
    const body = hackneyInitialBody();
    (body.attendees as any[]).push({ name: 'Ruby Testfamily', role: 'child', email: 'ruby@family.example.com' });
    expect(await bad(body)).toContain('attendees.6.email');
  });

  it('a child born in the future, or an unborn baby due long ago', async () => {
    const body = hackneyInitialBody();
    (body.children as any[])[0].dateOfBirth = '2029-01-01';
    expect(await bad(body)).toContain('children.0.dateOfBirth');
    const prebirth = hackneyInitialBody({ kind: 'pre-birth', strategyDiscussionOn: '2026-11-20' });
    (prebirth.children as any[]).push({
      firstName: 'Baby',
      lastName: 'Testfamily',
      unborn: true,
      expectedDueDate: '2026-01-10',
    });
    expect(await bad(prebirth)).toContain('children.2.expectedDueDate');
  });

  it('a parent to be reached by post without a postal address', async () => {
    const body = hackneyInitialBody();
    delete (body.attendees as any[])[5].postalAddress;
    expect(await bad(body)).toContain('attendees.5.postalAddress');
  });

  it('two chairs', async () => {
    const body = hackneyInitialBody();
    (body.attendees as any[]).push({
      name: 'Second Chair',
      email: 'chair2@example.gov.uk',
      role: 'chair',
      agency: 'X',
    });
    const r = await svc.api('POST', '/api/conferences', body);
    expect(r.status).toBe(400);
    expect(fields(r.body)).toContain('attendees');
    expect(JSON.stringify(r.body)).toMatch(/exactly one chair/);
  });

  it('invalid JSON body', async () => {
    const r = await svc.api('POST', '/api/conferences', '{"kind": "initial",');
    expect(r.status).toBe(400);
    expect(r.body.error).toBe('validation');
    expect(fields(r.body)).toEqual(['(body)']);
  });

  it('an unknown policy is named as policy', async () => {
    expect(await bad(hackneyInitialBody({ policy: 'atlantis' }))).toContain('policy');
  });

  it('a start in the past', async () => {
    expect(await bad(hackneyInitialBody({ startsAt: '2026-11-30T10:00' }))).toContain('startsAt');
  });

  it('unknown fields are refused by name', async () => {
    expect(await bad(hackneyInitialBody({ colour: 'blue' }))).toContain('colour');
  });

  it('nothing is stored after a refusal', async () => {
    const before = (await svc.api('GET', '/api/conferences')).body.length;
    await bad(hackneyInitialBody({ mode: 'blended' }));
    expect((await svc.api('GET', '/api/conferences')).body.length).toBe(before);
  });
});

describe('not found', () => {
  it('404 for an unknown id on every route', async () => {
    const body = { reason: 'x', requestedBy: 'y', startsAt: '2027-02-01T10:00' };
    expect((await svc.api('GET', '/api/conferences/zzzzzzzzzzzz')).status).toBe(404);
    expect((await svc.api('POST', '/api/conferences/zzzzzzzzzzzz/reschedule', body)).status).toBe(404);
    expect(
      (await svc.api('POST', '/api/conferences/zzzzzzzzzzzz/cancel', { reason: 'x', requestedBy: 'y' })).status,
    ).toBe(404);
    expect(
      (await svc.api('POST', '/api/conferences/zzzzzzzzzzzz/postpone', { reason: 'x', requestedBy: 'y' })).status,
    ).toBe(404);
    const r = await svc.api('GET', '/api/conferences/zzzzzzzzzzzz');
    expect(r.body.error).toBe('not-found');
  });

  it('404 for an unknown route under /api (after auth)', async () => {
    expect((await svc.api('GET', '/api/nothing-here')).status).toBe(404);
  });
});

describe('happy path', () => {
  let created: any;

  beforeAll(async () => {
    created = await createOk();
  });

  it('201 with id, reference, children ids and the Hackney timetable', async () => {
    expect(created.id).toMatch(/^[a-z0-9]{12}$/);
    expect(created.reference).toMatch(/^CPC-2027-\d{4}$/);
    expect(created.state).toBe('scheduled');
    expect(created.policy).toBe('hackney');
    expect(created.children).toEqual([
      { id: 'c1', unborn: false },
      { id: 'c2', unborn: false },
    ]);
    const text = JSON.stringify(created);
    for (const name of ['Ruby', 'Leo', 'Testfamily']) expect(text).not.toContain(name);
    expect(created.timetable.reportsDue).toBe('2026-12-29T17:00:00+00:00');
    expect(created.timetable.parentsJoinAt).toBe('2027-01-04T10:00:00+00:00');
    expect(created.timetable.professionalsJoinAt).toBe('2027-01-04T10:30:00+00:00');
  });

  it('references count up per year', async () => {
    const second = await createOk();
    const n = (r: string) => Number(r.slice(-4));
    expect(n(second.reference)).toBe(n(created.reference) + 1);
    const y2028 = await createOk({ startsAt: '2028-01-10T10:00', strategyDiscussionOn: undefined });
    expect(y2028.reference).toMatch(/^CPC-2028-\d{4}$/);
  });

  it('warns (but books) a conference on a weekend or a bank holiday', async () => {
    const saturday = await createOk({ startsAt: '2027-01-09T10:00' });
    expect(saturday.warnings.join(' ')).toMatch(/2027-01-09 is not a working day \(Saturday\)/);
    const christmas = await createOk({ startsAt: '2026-12-25T10:00', strategyDiscussionOn: '2026-12-01' });
    expect(christmas.warnings.join(' ')).toMatch(/2026-12-25 is not a working day \(Christmas Day\)/);
    expect(created.warnings.join(' ')).not.toMatch(/not a working day/);
  });

  it('Location header points at the conference', async () => {
    const res = await fetch(`${svc.url}/api/conferences`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TEST_API_KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify(hackneyInitialBody()),
    });
    expect(res.status).toBe(201);
    const body = await res.json();
    expect(res.headers.get('location')).toBe(`/api/conferences/${body.id}`);
  });

  it('GET shows state, attendees with report status, audit with conference.created', async () => {
    const r = await svc.api('GET', `/api/conferences/${created.id}`);
    expect(r.status).toBe(200);
    // The invitations and report requests are queued at once and may already have gone.
    expect(['scheduled', 'invited']).toContain(r.body.state);
    expect(r.body.reference).toBe(created.reference);
    const sw = r.body.attendees.find((a: any) => a.role === 'social-worker');
    expect(['not-requested', 'requested']).toContain(sw.report.status);
    expect(sw.report.dueAt).toBeTruthy();
    const hv = r.body.attendees.find((a: any) => a.email === 'hv@nhs.example.org');
    expect(['not-requested', 'requested']).toContain(hv.report.status);
    const parent = r.body.attendees.find((a: any) => a.role === 'parent');
    expect(parent.report).toBeUndefined();
    expect(r.body.audit.map((e: any) => e.action)).toContain('conference.created');
    expect(r.body.pendingJobs.length).toBeGreaterThan(0);
  });

  it('listed in GET /api/conferences', async () => {
    const r = await svc.api('GET', '/api/conferences');
    expect(r.status).toBe(200);
    expect(r.body.map((s: any) => s.id)).toContain(created.id);
  });
});

describe('reschedule and cancel', () => {
  it('reschedule records reason and who asked, in history and audit; new timetable', async () => {
    const c = await createOk();
    const bad = await svc.api('POST', `/api/conferences/${c.id}/reschedule`, { startsAt: '2027-01-11T10:00' });
    expect(bad.status).toBe(400);
    expect(fields(bad.body)).toEqual(expect.arrayContaining(['reason', 'requestedBy']));

    const r = await svc.api('POST', `/api/conferences/${c.id}/reschedule`, {
      startsAt: '2027-01-11T10:00',
      reason: 'Chair unwell',
      requestedBy: 'Coordinator Cole',
    });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.state).toBe('rescheduled');
    expect(r.body.version).toBe(2);
    expect(r.body.timetable.professionalsJoinAt).toBe('2027-01-11T10:30:00+00:00');

    const view = (await svc.api('GET', `/api/conferences/${c.id}`)).body;
    const last = view.history.at(-1);
    expect(last).toMatchObject({ to: 'rescheduled', by: 'Coordinator Cole', reason: 'Chair unwell' });
    const audit = view.audit.find((e: any) => e.action === 'conference.rescheduled');
    expect(audit.detail).toMatchObject({ requestedBy: 'Coordinator Cole', reason: 'Chair unwell' });
    expect(view.startsAt).toBe('2027-01-11T10:00:00+00:00');
  });

  it('reschedule to the time it already has is refused naming startsAt: no "new time" to everyone, answers kept', async () => {
    const c = await createOk();
    const before = (await svc.api('GET', `/api/conferences/${c.id}`)).body;
    const same = { startsAt: before.startsAt, reason: 'Room', requestedBy: 'Coordinator' };
    const r = await svc.api('POST', `/api/conferences/${c.id}/reschedule`, same);
    expect(r.status, JSON.stringify(r.body)).toBe(400);
    expect(fields(r.body)).toEqual(['startsAt']);
    expect(r.body.issues[0].message).toContain('nothing was changed');
    const after = (await svc.api('GET', `/api/conferences/${c.id}`)).body;
    expect(after.version).toBe(before.version);
    expect(after.audit.map((e: any) => e.action)).not.toContain('conference.rescheduled');
    // A new length at the same start is a change.
    const longer = await svc.api('POST', `/api/conferences/${c.id}/reschedule`, {
      ...same,
      durationMinutes: before.durationMinutes + 30,
    });
    expect(longer.status, JSON.stringify(longer.body)).toBe(200);
    // Postponed, its invitations withdrawn: booking it back at the old time is a change too.
    const p = await svc.api('POST', `/api/conferences/${c.id}/postpone`, { reason: 'x', requestedBy: 'y' });
    expect(p.status, JSON.stringify(p.body)).toBe(200);
    const back = await svc.api('POST', `/api/conferences/${c.id}/reschedule`, {
      ...same,
      durationMinutes: before.durationMinutes + 30,
    });
    expect(back.status, JSON.stringify(back.body)).toBe(200);
  });

  it('reschedule into the past is refused', async () => {
    const c = await createOk();
    const r = await svc.api('POST', `/api/conferences/${c.id}/reschedule`, {
      startsAt: '2026-11-01T10:00',
      reason: 'x',
      requestedBy: 'y',
    });
    expect(r.status).toBe(400);
    expect(fields(r.body)).toContain('startsAt');
  });

  it('cancel records reason and who asked; cancelling twice is an illegal transition (409)', async () => {
    const c = await createOk();
    const r = await svc.api('POST', `/api/conferences/${c.id}/cancel`, {
      reason: 'Family moved away',
      requestedBy: 'Team Manager',
    });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.state).toBe('cancelled');

    const view = (await svc.api('GET', `/api/conferences/${c.id}`)).body;
    expect(view.state).toBe('cancelled');
    expect(view.history.at(-1)).toMatchObject({ to: 'cancelled', by: 'Team Manager', reason: 'Family moved away' });
    const audit = view.audit.find((e: any) => e.action === 'conference.cancelled');
    expect(audit.detail).toMatchObject({ requestedBy: 'Team Manager', reason: 'Family moved away' });

    const again = await svc.api('POST', `/api/conferences/${c.id}/cancel`, {
      reason: 'again',
      requestedBy: 'Team Manager',
    });
    expect(again.status).toBe(409);
    expect(again.body.error).toBe('illegal-transition');
    expect(again.body.from).toBe('cancelled');

    const resched = await svc.api('POST', `/api/conferences/${c.id}/reschedule`, {
      startsAt: '2027-02-01T10:00',
      reason: 'x',
      requestedBy: 'y',
    });
    expect(resched.status).toBe(409);
  });

  it('cancel without a reason is refused by field', async () => {
    const c = await createOk();
    const r = await svc.api('POST', `/api/conferences/${c.id}/cancel`, { requestedBy: 'Team Manager' });
    expect(r.status).toBe(400);
    expect(fields(r.body)).toContain('reason');
  });
});

describe('simulated clock', () => {
  it('moving the clock backwards is refused with 400', async () => {
    const now = (await svc.api('GET', '/api/dev/clock')).body;
    expect(now.simulated).toBe(true);
    const r = await svc.api('POST', '/api/dev/clock', { advanceTo: '2026-11-01T09:00:00Z' });
    expect(r.status).toBe(400);
    expect(fields(r.body)).toContain('advanceTo');
    const bad = await svc.api('POST', '/api/dev/clock', { advanceTo: 'tomorrow' });
    expect(bad.status).toBe(400);
  });
});

describe('/healthz with Redis down', () => {
  it('503 when the health check says Redis is down, or throws', async () => {
    for (const healthy of [async () => false, async () => Promise.reject(new Error('ECONNREFUSED'))]) {
      const app = createHttpApp(svc.rt.deps, { apiKey: TEST_API_KEY, healthy });
      const server: Server = await new Promise((resolve) => {
        const s = app.listen(0, '127.0.0.1', () => resolve(s));
      });
      try {
        const { port } = server.address() as AddressInfo;
        const res = await fetch(`http://127.0.0.1:${port}/healthz`);
        expect(res.status).toBe(503);
        expect(await res.json()).toEqual({ status: 'unavailable', redis: 'down' });
      } finally {
        await new Promise<void>((r) => server.close(() => r()));
      }
    }
  });
});
