/**
 * Smaller changes whose follow-on work (a job queued, an old one removed) failed just after the
 * change was stored: an attendee added, … Each used to answer 500 "may have been partly done" with
 * the change stored and its consequence lost, and a client trying again repeated the change. Each
 * now stores its follow-on work with itself (domain/follow-on.ts, kind `effects`): the answer is 202
 * saying what is still to happen, a repair job does it, and what people see happens once.
 * Failures are injected through the scheduler port, once; the client tries again on any 5xx.
 */
import { describe, expect, it } from 'vitest';
import { hackneyInitialBody, startedServices, type TestService } from '../helpers/service.ts';
import { failOnceScheduling } from '../helpers/fail-scheduler.ts';
import { PageClient, csrfOf, linkPath } from '../helpers/pages.ts';
import { decidedConference } from '../helpers/decision-flow.ts';
import { until } from '../helpers/wait.ts';

const start = startedServices();

/** As a client does: a 5xx is tried again (at most twice), anything else is the answer. */
async function withRetry(s: TestService, method: string, path: string, body: unknown) {
  let r = await s.api(method, path, body);
  for (let i = 0; i < 2 && r.status >= 500; i++) r = await s.api(method, path, body);
  return r;
}

async function created(s: TestService) {
  const r = await s.api('POST', '/api/conferences', hackneyInitialBody());
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  await s.idle();
  return r.body.id as string;
}

const view = async (s: TestService, id: string) => (await s.api('GET', `/api/conferences/${id}`)).body;

describe('an attendee added whose jobs fail to queue after they were stored', () => {
  it('a deputy: 202 saying their invitation will follow; listed once, invited and asked for a report once', async () => {
    const s = await start();
    const id = await created(s);
    const fault = failOnceScheduling(s, (j) => j.step === 'send-invites');
    const r = await withRetry(s, 'POST', `/api/conferences/${id}/attendees`, {
      attendee: {
        name: 'Dee Deputy',
        email: 'deputy@school.example.org',
        role: 'professional',
        agency: 'School',
        managerEmail: 'head@school.example.org',
      },
      requestedBy: 'coordinator',
    });
    expect(fault.failures()).toBe(1);
    expect(r.status, JSON.stringify(r.body)).toBe(202);
    expect(r.body.pending).toMatch(/attendee is added.*will be sent shortly/);
    expect((await view(s, id)).followOn).toMatchObject({ kind: 'effects' });

    await s.idle();
    const v = await view(s, id);
    expect(v.followOn).toBeUndefined();
    expect(v.attendees.filter((a: any) => a.email === 'deputy@school.example.org')).toHaveLength(1);
    const toDeputy = s.smtp.messages.filter((m) => m.envelopeTo.includes('deputy@school.example.org'));
    expect(toDeputy.filter((m) => /invitation/i.test(m.parsed.subject ?? ''))).toHaveLength(1);
    expect(toDeputy.filter((m) => /Report request/.test(m.parsed.subject ?? ''))).toHaveLength(1);
    expect(v.audit.filter((e: any) => e.action === 'attendee.added')).toHaveLength(1);
    expect((await s.api('GET', '/api/jobs/failed')).body).toEqual([]);
  });

  it('two added in turn, each failing once: the second is invited too (its own repair, not the first one’s)', async () => {
    const s = await start();
    const id = await created(s);
    for (const [name, email] of [
      ['Dee Deputy', 'deputy@school.example.org'],
      ['Nia Nurse', 'nurse@school.example.org'],
    ] as const) {
      const fault = failOnceScheduling(s, (j) => j.step === 'send-invites');
      const r = await withRetry(s, 'POST', `/api/conferences/${id}/attendees`, {
        attendee: { name, email, role: 'professional', agency: 'School', managerEmail: 'head@school.example.org' },
        requestedBy: 'coordinator',
      });
      expect(fault.failures()).toBe(1);
      expect(r.status, JSON.stringify(r.body)).toBe(202);
      fault.release();
      await s.idle();
      const v = await view(s, id);
      expect(v.followOn).toBeUndefined();
      const invited = s.smtp.messages.filter(
        (m) => m.envelopeTo.includes(email) && /invitation/i.test(m.parsed.subject ?? ''),
      );
      expect(invited, email).toHaveLength(1);
    }
    expect((await s.api('GET', '/api/jobs/failed')).body).toEqual([]);
  });

  it('a parent by post: listed once, and one invitation letter on the print queue', async () => {
    const s = await start();
    const id = await created(s);
    const fault = failOnceScheduling(s, (j) => j.step === 'send-invites');
    const r = await withRetry(s, 'POST', `/api/conferences/${id}/attendees`, {
      attendee: {
        name: 'Sam Testfamily',
        role: 'parent',
        contactPreference: 'post',
        postalAddress: ['Sam Testfamily', '3 Example Road', 'Testtown', 'TE2 2ST'],
      },
      requestedBy: 'coordinator',
    });
    expect(fault.failures()).toBe(1);

    await s.idle();
    const v = await view(s, id);
    const sam = v.attendees.filter((a: any) => a.role === 'parent' && /3 Example Road/.test(a.postalAddress?.join()));
    expect(sam).toHaveLength(1);
    expect(r.status, JSON.stringify(r.body)).toBe(202);
    const letters = (v.hardCopies as any[]).filter((h) => h.attendeeId === sam[0].id);
    expect(letters.map((h) => h.document)).toEqual(['invitation']);
    expect((await s.api('GET', '/api/jobs/failed')).body).toEqual([]);
  });
});

/** The author's upload page, as they use it: a 5xx page is sent again (at most twice); answers the last status. */
async function uploadWithRetry(s: TestService, id: string, attendeeId: string, text: string) {
  const path = await linkPath(s, id, attendeeId, 'report');
  const client = new PageClient(s.url);
  let status = 0;
  for (let i = 0; i < 3 && (i === 0 || status >= 500); i++) {
    const form = new FormData();
    form.append('_csrf', csrfOf((await client.get(path)).text));
    form.append('text', text);
    status = (await client.request('POST', path, form)).status;
  }
  return status;
}

describe('a report filed whose follow-on work fails after it was stored', () => {
  it('on the upload page: done, one submission, one thank-you and one notice to the chair, no reminder after', async () => {
    const s = await start();
    const id = await created(s);
    const police = (await view(s, id)).attendees.find((a: any) => a.role === 'police');
    const fault = failOnceScheduling(s, (j) => j.step === 'report-notices');
    expect(await uploadWithRetry(s, id, police.id, 'Police report: two call-outs in 2026.')).toBe(303);
    expect(fault.failures()).toBe(1);

    await s.idle();
    const v = await view(s, id);
    expect(v.followOn).toBeUndefined();
    expect(v.reports[police.id].submissions).toHaveLength(1);
    expect(
      v.audit.filter((e: any) => /^report\.(received|resubmitted)$/.test(e.action)).map((e: any) => e.action),
    ).toEqual(['report.received']);
    const ids = (step: string) =>
      s.smtp.messages.map((m) => m.parsed.messageId ?? '').filter((m) => m.startsWith(`<${step}-${police.id}-`));
    expect(ids('report-thanks')).toHaveLength(1);
    expect(ids('report-received-chair')).toHaveLength(1);
    // Its chasers are gone: up to the meeting, the officer is not reminded of the report, nor is their manager.
    await s.advanceTo('2027-01-04T09:00');
    const chased = s.smtp.messages
      .map((m) => m.parsed.messageId ?? '')
      .filter((m) => /^<report-(reminder|last-reminder|overdue|escalation)/.test(m) && m.includes(`-${police.id}`));
    expect(chased).toEqual([]);
    expect((await s.api('GET', '/api/jobs/failed')).body).toEqual([]);
  });
});

describe('a drafted review confirmed whose jobs fail to queue after it was stored', () => {
  it('202 saying the invitations will follow; everyone invited to the review once', { timeout: 90_000 }, async () => {
    const s = await start();
    const { c } = await decidedConference(s, { body: hackneyInitialBody() });
    const draftId = await until(
      'the review draft',
      async () => (await view(s, c.id)).reviewDraftId as string | undefined,
    );
    await s.idle();

    const fault = failOnceScheduling(s, (j) => j.conferenceId === draftId && j.step === 'send-invites');
    const r = await withRetry(s, 'POST', `/api/conferences/${draftId}/confirm`, {});
    expect(fault.failures()).toBe(1);
    expect(r.status, JSON.stringify(r.body)).toBe(202);
    expect(r.body.pending).toMatch(/conference is booked.*will be sent shortly/);

    await s.idle();
    const v = await view(s, draftId);
    expect(v.state).not.toBe('draft');
    expect(v.followOn).toBeUndefined();
    expect(v.audit.filter((e: any) => e.action === 'conference.confirmed')).toHaveLength(1);
    const invites = s.smtp.messages.filter((m) =>
      new RegExp(`^<send-invites-a\\d+-v${v.version}\\.${draftId}@`).test(m.parsed.messageId ?? ''),
    );
    expect(invites.length).toBeGreaterThan(0);
    expect(new Set(invites.map((m) => m.envelopeTo.join())).size).toBe(invites.length);
    expect((await s.api('GET', '/api/jobs/failed')).body).toEqual([]);
  });
});

describe('an arrangement confirmed whose updated invitation fails to queue after it was stored', () => {
  it('the interpreter booked: 202 saying it will follow; the parent gets the updated invitation once', async () => {
    const s = await start();
    const body = hackneyInitialBody() as { attendees: Record<string, unknown>[] } & Record<string, unknown>;
    body.attendees = body.attendees.map((a) =>
      a['email'] === 'jade@family.example.com' ? { ...a, interpreterNeeded: true, language: 'Polish' } : a,
    );
    const r0 = await s.api('POST', '/api/conferences', body);
    expect(r0.status, JSON.stringify(r0.body)).toBe(201);
    const id = r0.body.id as string;
    await s.idle();
    const fault = failOnceScheduling(s, (j) => j.step === 'send-invites');
    const r = await withRetry(s, 'POST', `/api/conferences/${id}/tasks/t1/done`, {});
    expect(fault.failures()).toBe(1);
    expect(r.status, JSON.stringify(r.body)).toBe(202);
    expect(r.body).toMatchObject({ id: 't1', status: 'done' });
    expect(r.body.pending).toMatch(/arrangement is confirmed.*shortly/);

    await s.idle();
    const v = await view(s, id);
    expect(v.followOn).toBeUndefined();
    const updated = s.smtp.messages.filter(
      (m) => m.envelopeTo.includes('jade@family.example.com') && /arrangements confirmed/.test(m.parsed.subject ?? ''),
    );
    expect(updated).toHaveLength(1);
    expect(v.audit.filter((e: any) => e.action === 'task.done')).toHaveLength(1);
    expect((await s.api('GET', '/api/jobs/failed')).body).toEqual([]);
  });
});

describe('a parent’s own time moved whose updated invitation fails to queue after it was stored', () => {
  it('202 saying it will follow; the parent gets one updated invitation', async () => {
    const s = await start();
    const body = hackneyInitialBody() as { attendees: Record<string, unknown>[] } & Record<string, unknown>;
    body.attendees.find((a) => a['name'] === 'Jade Testfamily')!['preMeetingStartsAt'] = '2027-01-04T10:00';
    body.attendees.find((a) => a['name'] === 'Marcus Testfamily')!['preMeetingStartsAt'] = '2027-01-04T10:18';
    const r0 = await s.api('POST', '/api/conferences', body);
    expect(r0.status, JSON.stringify(r0.body)).toBe(201);
    const id = r0.body.id as string;
    const jade = (r0.body.attendees as { id: string; email?: string }[]).find(
      (a) => a.email === 'jade@family.example.com',
    )!;
    await s.idle();
    const toJade = () => s.smtp.messages.filter((m) => m.envelopeTo.includes('jade@family.example.com')).length;
    const before = toJade();

    const fault = failOnceScheduling(s, (j) => j.step === 'send-invites');
    const r = await withRetry(s, 'POST', `/api/conferences/${id}/pre-meeting-slots`, {
      slots: [{ attendeeId: jade.id, startsAt: '2027-01-04T10:05' }],
      by: 'chair',
    });
    expect(fault.failures()).toBe(1);
    expect(r.status, JSON.stringify(r.body)).toBe(202);
    expect(r.body.invitationsUpdated).toContain(jade.id);
    expect(r.body.pending).toMatch(/time is saved.*shortly/);

    await s.idle();
    const v = await view(s, id);
    expect(v.followOn).toBeUndefined();
    expect(toJade() - before).toBe(1);
    expect(v.audit.filter((e: any) => e.action === 'family.pre-meeting-slots-set')).toHaveLength(1);
    expect((await s.api('GET', '/api/jobs/failed')).body).toEqual([]);
  });
});

describe('text reminders turned on whose day-before text fails to queue after it was stored', () => {
  it('202 saying it will follow; the day-before text is planned once', async () => {
    const s = await start();
    const id = await created(s);
    const jade = (await view(s, id)).attendees.find((a: any) => a.email === 'jade@family.example.com');
    const fault = failOnceScheduling(s, (j) => j.step === 'text-day-before');
    const r = await withRetry(s, 'POST', `/api/conferences/${id}/attendees/${jade.id}/texts`, {
      textReminders: true,
      mobile: '07700 900321',
    });
    expect(fault.failures()).toBe(1);
    expect(r.status, JSON.stringify(r.body)).toBe(202);
    expect(r.body.attendee).toMatchObject({ textReminders: true });
    expect(r.body.pending).toMatch(/Text reminders are on.*shortly/);

    await s.idle();
    const v = await view(s, id);
    expect(v.followOn).toBeUndefined();
    expect(v.pendingJobs.filter((j: any) => j.step === 'text-day-before').map((j: any) => j.attendeeId)).toEqual([
      jade.id,
    ]);
    expect(v.audit.filter((e: any) => e.action === 'texts.started')).toHaveLength(1);
  });
});
