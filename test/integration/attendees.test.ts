/** Adding a deputy after the invitations went out, and removing someone: each gets their own message, nobody else is re-sent anything. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hackneyInitialBody, startTestService, type TestService } from '../helpers/service.ts';

let svc: TestService;
let conf: { id: string; reference: string };
const wait = async (pred: () => boolean) => {
  const deadline = Date.now() + 10_000;
  while (!pred() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 25));
};
const sentTo = (addr: string) => svc.smtp.messages.filter((m) => m.envelopeTo[0] === addr);

beforeAll(async () => {
  svc = await startTestService();
  const created = await svc.api('POST', '/api/conferences', hackneyInitialBody());
  expect(created.status).toBe(201);
  conf = created.body;
  await wait(() => sentTo('police@police.example.uk').length >= 2); // invitation and report request
  await svc.advanceTo('2026-12-01T09:00:05Z'); // answers once every job queued so far has finished
});
afterAll(async () => svc.stop());

describe('attendees after the invitations', () => {
  it('a deputy gets their own invitation and report request; nobody else hears anything', async () => {
    const before = svc.smtp.messages.length;
    const r = await svc.api('POST', `/api/conferences/${conf.id}/attendees`, {
      attendee: {
        name: 'Dee Deputy',
        email: 'deputy@school.example.org',
        role: 'professional',
        agency: 'School',
        managerEmail: 'head@school.example.org',
      },
      requestedBy: 'coordinator',
    });
    expect(r.status).toBe(201);
    expect(r.body.attendee).toMatchObject({ id: 'a7', role: 'professional' });
    await wait(() => sentTo('deputy@school.example.org').length >= 2);
    await new Promise((res) => setTimeout(res, 300));
    const fresh = svc.smtp.messages.slice(before);
    expect(fresh.map((m) => m.envelopeTo[0])).toEqual(['deputy@school.example.org', 'deputy@school.example.org']);
    const invite = fresh.find((m) => /invitation/.test(m.parsed.subject ?? ''))!;
    expect(invite.raw.toString()).toMatch(/METHOD:REQUEST/);
    expect(fresh.some((m) => /Report request/.test(m.parsed.subject ?? ''))).toBe(true);
    const v = (await svc.api('GET', `/api/conferences/${conf.id}`)).body;
    // Their chasers are the other professionals' (same due date): the one job per step and time chases them too.
    expect(v.pendingJobs.filter((j: any) => j.step === 'report-overdue')).toEqual([
      expect.objectContaining({ id: expect.stringMatching(/-report-overdue-all-v1-t\d{17}$/) }),
    ]);
    expect(v.audit.map((e: any) => e.action)).toContain('attendee.added');
  });

  it('refuses a second chair, a duplicate address and a missing field, by name', async () => {
    const dup = await svc.api('POST', `/api/conferences/${conf.id}/attendees`, {
      attendee: { name: 'X', email: 'hv@nhs.example.org', role: 'professional' },
      requestedBy: 'c',
    });
    expect(dup.status).toBe(400);
    expect(dup.body.issues.map((i: any) => i.field)).toContain('attendee.email');
    const chair = await svc.api('POST', `/api/conferences/${conf.id}/attendees`, {
      attendee: { name: 'X', email: 'x@example.gov.uk', role: 'chair' },
      requestedBy: 'c',
    });
    expect(chair.body.issues.map((i: any) => i.field)).toContain('attendee.role');
    const missing = await svc.api('POST', `/api/conferences/${conf.id}/attendees`, {
      attendee: { name: 'X', email: 'y@example.gov.uk', role: 'professional' },
    });
    expect(missing.body.issues.map((i: any) => i.field)).toContain('requestedBy');
  });

  it('removing an invited professional withdraws their invitation (same UID, CANCEL) and their chasers', async () => {
    const v0 = (await svc.api('GET', `/api/conferences/${conf.id}`)).body;
    const hv = v0.attendees.find((a: any) => a.email === 'hv@nhs.example.org');
    const firstInvite = sentTo('hv@nhs.example.org').find((m) => /METHOD:REQUEST/.test(m.raw.toString()))!;
    const uid = /UID:(\S+)/.exec(firstInvite.raw.toString())![1];
    const r = await svc.api('POST', `/api/conferences/${conf.id}/attendees/${hv.id}/remove`, {
      reason: 'no longer involved',
      requestedBy: 'coordinator',
    });
    expect(r.status).toBe(200);
    await wait(() => sentTo('hv@nhs.example.org').some((m) => /METHOD:CANCEL/.test(m.raw.toString())));
    const cancel = sentTo('hv@nhs.example.org').find((m) => /METHOD:CANCEL/.test(m.raw.toString()))!;
    expect(cancel.raw.toString()).toContain(`UID:${uid}`);
    expect(cancel.parsed.text).not.toContain('no longer involved');
    // The conference goes on: they are told their invitation is withdrawn, never that it is cancelled.
    expect(cancel.parsed.subject).toMatch(
      new RegExp(`^Child protection conference ${conf.reference}: your invitation is withdrawn \\(`),
    );
    expect(cancel.parsed.text).toContain('is withdrawn: you are no longer expected to attend.');
    expect(`${cancel.parsed.subject} ${cancel.parsed.text}`).not.toMatch(/cancelled|will not go ahead/);
    const v = (await svc.api('GET', `/api/conferences/${conf.id}`)).body;
    expect(v.attendees.some((a: any) => a.id === hv.id)).toBe(false);
    expect(v.pendingJobs.filter((j: any) => j.attendeeId === hv.id)).toEqual([]);
    const chair = v.attendees.find((a: any) => a.role === 'chair');
    expect(
      (
        await svc.api('POST', `/api/conferences/${conf.id}/attendees/${chair.id}/remove`, {
          reason: 'x',
          requestedBy: 'y',
        })
      ).status,
    ).toBe(400);
  });

  it('removing a parent whose interpreter and large print were still to arrange takes both off the worklist', async () => {
    const added = await svc.api('POST', `/api/conferences/${conf.id}/attendees`, {
      attendee: {
        name: 'Pat Newparent',
        email: 'pat@family.example.com',
        role: 'parent',
        language: 'Polish',
        interpreterNeeded: true,
        accessibilityNeeds: ['large-print'],
      },
      requestedBy: 'coordinator',
    });
    expect(added.status, JSON.stringify(added.body)).toBe(201);
    const pat = added.body.attendee.id;
    const arrangements = async () =>
      (await svc.api('GET', '/api/worklist')).body.items
        .filter((i: any) => i.conferenceId === conf.id && i.kind === 'arrangement')
        .map((i: any) => i.what);
    expect(await arrangements()).toEqual([
      expect.stringMatching(/^Book an interpreter who speaks Polish/),
      expect.stringMatching(/^Arrange large print/),
    ]);
    const r = await svc.api('POST', `/api/conferences/${conf.id}/attendees/${pat}/remove`, {
      reason: 'not a parent of these children',
      requestedBy: 'coordinator',
    });
    expect(r.status).toBe(200);
    expect(await arrangements()).toEqual([]);
    const tasks = (await svc.api('GET', `/api/conferences/${conf.id}/tasks`)).body.tasks;
    expect(tasks.filter((t: any) => t.subject === pat).map((t: any) => [t.kind, t.status, t.notNeeded])).toEqual([
      ['book-interpreter', 'not-needed', 'removed from the conference'],
      ['arrange-accessibility', 'not-needed', 'removed from the conference'],
    ]);
  });
});
