/**
 * Changes after the decision whose follow-on work (a job queued, an old one removed) failed just
 * after the change was stored: a core group booked, moved or cancelled, … Each used to answer 500
 * with the change stored, and a coordinator trying again repeated it or was refused with its
 * consequence lost. Each now stores its follow-on work with itself (domain/follow-on.ts, kind
 * `effects`): 202 saying what is still to happen, a repair job does it, people see it once.
 * Failures are injected through the scheduler port, once; the client tries again on any 5xx.
 */
import { describe, expect, it } from 'vitest';
import { hackneyInitialBody, startedServices, type TestService } from '../helpers/service.ts';
import { failOnceScheduling } from '../helpers/fail-scheduler.ts';
import { create, decidedConference, settle } from '../helpers/decision-flow.ts';
import { TEAM_MANAGER } from '../helpers/core-group-flow.ts';
import { isMinutes } from '../helpers/minutes-flow.ts';

const start = startedServices();

/** As a client does: a 5xx is tried again (at most twice), anything else is the answer. */
async function withRetry(s: TestService, method: string, path: string, body: unknown) {
  let r = await s.api(method, path, body);
  for (let i = 0; i < 2 && r.status >= 500; i++) r = await s.api(method, path, body);
  return r;
}

const view = async (s: TestService, id: string) => (await s.api('GET', `/api/conferences/${id}`)).body;

/** Messages of one core group step and revision: `<step>-<cg>-<attendee>-r<revision>-v<version>.<conference>@…`. */
const coreGroupMail = (s: TestService, id: string, step: string, cg: string, rev: number) =>
  s.smtp.messages.filter((m) =>
    new RegExp(`^<${step}-${cg}-a\\d+-r${rev}-v\\d+\\.${id}@`).test(m.parsed.messageId ?? ''),
  );

/** Each member once: as many messages as addressees. */
const onceEach = (messages: { envelopeTo: string[] }[]) => {
  expect(messages.length).toBeGreaterThan(0);
  expect(new Set(messages.map((m) => m.envelopeTo.join())).size).toBe(messages.length);
};

async function approvedWithTeamManager(s: TestService) {
  const body = hackneyInitialBody();
  const { c } = await decidedConference(s, {
    body: { ...body, attendees: [...(body.attendees as object[]), TEAM_MANAGER] },
  });
  const tm = c.attendees.find((a) => a.email === TEAM_MANAGER.email)!;
  return { c, tm };
}

describe('a core group booked, moved or cancelled whose jobs fail to queue after it was stored', () => {
  it(
    'booked: 202 saying the invitations will follow; one core group, each member invited once',
    { timeout: 90_000 },
    async () => {
      const s = await start();
      const { c, tm } = await approvedWithTeamManager(s);
      const fault = failOnceScheduling(s, (j) => j.step === 'core-group-invites');
      const r = await withRetry(s, 'POST', `/api/conferences/${c.id}/core-groups`, {
        startsAt: '2027-01-14T14:00',
        durationMinutes: 60,
        mode: 'virtual',
        chairAttendeeId: tm.id,
      });
      expect(fault.failures()).toBe(1);
      expect(r.status, JSON.stringify(r.body)).toBe(202);
      expect(r.body.coreGroup.id).toBe('cg1');
      expect(r.body.pending).toMatch(/core group is booked.*invitations.*sent shortly/);

      await s.idle();
      const v = await view(s, c.id);
      expect(v.followOn).toBeUndefined();
      expect(v.coreGroups.map((g: any) => g.id)).toEqual(['cg1']);
      onceEach(coreGroupMail(s, c.id, 'core-group-invites', 'cg1', 1));
      expect(v.audit.filter((e: any) => e.action === 'core-group.booked')).toHaveLength(1);
      expect((await s.api('GET', '/api/jobs/failed')).body).toEqual([]);
    },
  );

  it(
    'moved, then cancelled: each once, the update and the cancellation each sent once',
    { timeout: 90_000 },
    async () => {
      const s = await start();
      const { c, tm } = await approvedWithTeamManager(s);
      const base = `/api/conferences/${c.id}/core-groups`;
      const booked = await s.api('POST', base, {
        startsAt: '2027-01-14T14:00',
        durationMinutes: 60,
        mode: 'virtual',
        chairAttendeeId: tm.id,
      });
      expect(booked.status, JSON.stringify(booked.body)).toBe(201);
      await s.idle();

      let fault = failOnceScheduling(s, (j) => j.step === 'core-group-invites');
      const moved = await withRetry(s, 'POST', `${base}/cg1/reschedule`, { startsAt: '2027-01-15T14:00' });
      expect(fault.failures()).toBe(1);
      expect(moved.status, JSON.stringify(moved.body)).toBe(202);
      expect(moved.body.pending).toMatch(/core group is moved.*sent shortly/);
      await s.idle();
      let v = await view(s, c.id);
      expect(v.coreGroups.map((g: any) => [g.id, g.revision, g.startsAt])).toEqual([
        ['cg1', 2, '2027-01-15T14:00:00+00:00'],
      ]);
      onceEach(coreGroupMail(s, c.id, 'core-group-invites', 'cg1', 2));
      expect(coreGroupMail(s, c.id, 'core-group-invites', 'cg1', 3)).toEqual([]);
      fault.release();

      fault = failOnceScheduling(s, (j) => j.step === 'core-group-cancellations');
      const cancelled = await withRetry(s, 'POST', `${base}/cg1/cancel`, { reason: 'chair unwell' });
      expect(fault.failures()).toBe(1);
      expect(cancelled.status, JSON.stringify(cancelled.body)).toBe(202);
      expect(cancelled.body.pending).toMatch(/core group is cancelled.*sent shortly/);
      await s.idle();
      v = await view(s, c.id);
      expect(v.followOn).toBeUndefined();
      expect(v.coreGroups.map((g: any) => [g.id, g.state])).toEqual([['cg1', 'cancelled']]);
      onceEach(coreGroupMail(s, c.id, 'core-group-cancellations', 'cg1', 3));
      expect(
        v.audit
          .filter((e: any) => /^core-group\.(booked|rescheduled|cancelled)$/.test(e.action))
          .map((e: any) => e.action),
      ).toEqual(['core-group.booked', 'core-group.rescheduled', 'core-group.cancelled']);
      expect((await s.api('GET', '/api/jobs/failed')).body).toEqual([]);
    },
  );
});

describe('a plan action changed whose reminders fail to queue after it was stored', () => {
  it(
    '202 saying the reminders will follow; one progress note, one reminder to its new owner',
    { timeout: 90_000 },
    async () => {
      const s = await start();
      const { c } = await decidedConference(s, { body: hackneyInitialBody() });
      const hv = c.attendees.find((a) => a.role === 'professional')!;
      const fault = failOnceScheduling(s, (j) => j.step === 'plan-action-reminder');
      const r = await withRetry(s, 'POST', `/api/conferences/${c.id}/plan/p1`, {
        ownerAttendeeId: hv.id,
        dueOn: '2027-01-20',
        note: 'clinic booked for the week of the 18th',
      });
      expect(fault.failures()).toBe(1);
      expect(r.status, JSON.stringify(r.body)).toBe(202);
      expect(r.body.action).toMatchObject({ id: 'p1', ownerAttendeeId: hv.id, dueOn: '2027-01-20' });
      expect(r.body.pending).toMatch(/plan action is saved.*reminders.*shortly/);

      await s.idle();
      const v = await view(s, c.id);
      expect(v.followOn).toBeUndefined();
      const p1 = v.decision.plan.find((x: any) => x.id === 'p1');
      expect(p1.progress.map((p: any) => p.note)).toEqual(['clinic booked for the week of the 18th']);
      expect(v.audit.filter((e: any) => e.action === 'plan.action-updated')).toHaveLength(1);
      // Three working days before 20 January its new owner is reminded, once.
      await s.advanceTo('2027-01-15T09:30');
      const reminders = s.smtp.messages.filter((m) => /plan action 1 due/.test(m.parsed.subject ?? ''));
      expect(reminders.map((m) => m.envelopeTo[0])).toEqual([hv.email]);
      expect((await s.api('GET', '/api/jobs/failed')).body).toEqual([]);
    },
  );
});

describe('a held letter let go whose jobs fail to queue after it was recorded', () => {
  const JADE = 'jade@family.example.com';
  /** Approved with Jade asked to leave part of the meeting: her letter is held until someone tells her. */
  async function heldForJade(s: TestService) {
    const c = await create(s, hackneyInitialBody());
    await settle(s);
    const jade = c.attendees.find((a) => a.email === JADE)!;
    const ground = s.rt.deps.policies.get('hackney').exclusionGrounds[0]!;
    await decidedConference(s, {
      conference: c,
      meeting: {
        at: '2027-01-04T10:00',
        decideAt: '2027-01-04T11:45',
        exclude: { attendeeId: jade.id, part: 'police information about a third party', ground },
      },
    });
    await s.idle();
    const letters = () =>
      s.smtp.messages.filter(
        (m) =>
          m.envelopeTo.includes(JADE) && /^The decision of your child protection meeting/.test(m.parsed.subject ?? ''),
      );
    expect(letters()).toEqual([]);
    return { c, jade, letters };
  }

  it('released by the coordinator: 202 saying it will go; the letter goes once', { timeout: 90_000 }, async () => {
    const s = await start();
    const { c, jade, letters } = await heldForJade(s);
    const fault = failOnceScheduling(s, (j) => j.step === 'release-held-letter');
    const r = await withRetry(s, 'POST', `/api/conferences/${c.id}/circulation/${jade.id}/release`, {
      reason: 'she has moved and cannot be reached',
    });
    expect(fault.failures()).toBe(1);
    expect(r.status, JSON.stringify(r.body)).toBe(202);
    expect(r.body).toMatchObject({ attendeeId: jade.id, letter: 'released' });
    expect(r.body.pending).toMatch(/letter is let go.*shortly/);

    await s.idle();
    const v = await view(s, c.id);
    expect(v.followOn).toBeUndefined();
    expect(letters()).toHaveLength(1);
    expect(v.audit.filter((e: any) => e.action === 'decision.letter-released-unexplained')).toHaveLength(1);
    expect((await s.api('GET', '/api/jobs/failed')).body).toEqual([]);
  });

  it('told in person: 202; the letter goes once, saying she was told', { timeout: 90_000 }, async () => {
    const s = await start();
    const { c, jade, letters } = await heldForJade(s);
    const fault = failOnceScheduling(s, (j) => j.step === 'release-held-letter');
    const r = await withRetry(s, 'POST', `/api/conferences/${c.id}/circulation/${jade.id}/told`, {
      explainedBy: 'chair',
      how: 'in-person',
      view: 'told-them',
    });
    expect(fault.failures()).toBe(1);
    expect(r.status, JSON.stringify(r.body)).toBe(202);
    expect(r.body.pending).toMatch(/telling is recorded.*shortly/);

    await s.idle();
    const v = await view(s, c.id);
    expect(v.followOn).toBeUndefined();
    expect(letters()).toHaveLength(1);
    expect((letters()[0]!.parsed.text ?? '').replace(/\s+/g, ' ')).toMatch(/met you/);
    expect(v.audit.filter((e: any) => e.action === 'decision.told-in-person')).toHaveLength(1);
    expect((await s.api('GET', '/api/jobs/failed')).body).toEqual([]);
  });
});

describe('an escalation opened or resolved whose notices fail to queue after it was stored', () => {
  it(
    'opened, then resolved: 202 with the escalation and pending; one escalation, each notice once',
    { timeout: 90_000 },
    async () => {
      const s = await start();
      const { c } = await decidedConference(s, { body: hackneyInitialBody() });
      const hv = c.attendees.find((a) => a.role === 'professional')!;
      const base = `/api/conferences/${c.id}/escalations`;
      const notices = (subject: string) =>
        s.smtp.messages.filter((m) => m.parsed.subject === `${c.reference}: ${subject}`);

      let fault = failOnceScheduling(s, (j) => j.step === 'escalation-opened');
      const opened = await withRetry(s, 'POST', base, {
        childId: 'c2',
        attendeeId: hv.id,
        concern: 'Health needs are not met without a plan',
      });
      expect(fault.failures()).toBe(1);
      expect(opened.status, JSON.stringify(opened.body)).toBe(202);
      // The escalation itself, as before, and what is still to happen.
      expect(opened.body).toMatchObject({ id: 'e1', party: 'professional', status: 'open' });
      expect(opened.body.pending).toMatch(/disagreement is escalated.*shortly/);
      await s.idle();
      let v = await view(s, c.id);
      expect(v.followOn).toBeUndefined();
      expect(v.escalations.map((e: any) => e.id)).toEqual(['e1']);
      onceEach(notices('disagreement with the decision escalated'));
      fault.release();

      fault = failOnceScheduling(s, (j) => j.step === 'escalation-resolved');
      const resolved = await withRetry(s, 'POST', `${base}/e1/resolve`, {
        outcome: 'The plan stands; a review in 6 weeks',
      });
      expect(fault.failures()).toBe(1);
      expect(resolved.status, JSON.stringify(resolved.body)).toBe(202);
      expect(resolved.body).toMatchObject({
        id: 'e1',
        status: 'resolved',
        outcome: 'The plan stands; a review in 6 weeks',
      });
      expect(resolved.body.pending).toMatch(/outcome is recorded.*shortly/);
      await s.idle();
      v = await view(s, c.id);
      expect(v.followOn).toBeUndefined();
      onceEach(notices('escalated disagreement resolved'));
      expect(
        v.audit.filter((e: any) => /^escalation\.(opened|resolved)$/.test(e.action)).map((e: any) => e.action),
      ).toEqual(['escalation.opened', 'escalation.resolved']);
      expect((await s.api('GET', '/api/jobs/failed')).body).toEqual([]);
    },
  );
});

describe('minutes approved whose circulation fails to queue after the approval was stored', () => {
  it('202 saying they will go; each professional gets the minutes once', { timeout: 90_000 }, async () => {
    const s = await start();
    const { c } = await decidedConference(s, { body: hackneyInitialBody() });
    const chair = c.attendees.find((a) => a.role === 'chair')!;
    const base = `/api/conferences/${c.id}/minutes`;
    const saved = await s.api('POST', base, { text: '## Discussion\n\nThe plan was agreed.', by: chair.id });
    expect(saved.status, JSON.stringify(saved.body)).toBe(201);
    const fault = failOnceScheduling(s, (j) => j.step === 'circulate-minutes');
    const r = await withRetry(s, 'POST', `${base}/approve`, { by: chair.id });
    expect(fault.failures()).toBe(1);
    expect(r.status, JSON.stringify(r.body)).toBe(202);
    expect(r.body.pending).toMatch(/minutes are approved.*shortly/);

    await s.idle();
    const v = await view(s, c.id);
    expect(v.followOn).toBeUndefined();
    const sw = c.attendees.find((a) => a.role === 'social-worker')!;
    const minutes = s.smtp.messages.filter((m) => isMinutes(m) && (m.parsed.subject ?? '').includes(c.reference));
    onceEach(minutes);
    expect(minutes.map((m) => m.envelopeTo.join())).toContain(sw.email);
    expect(v.audit.filter((e: any) => e.action === 'minutes.approved')).toHaveLength(1);
    expect((await s.api('GET', '/api/jobs/failed')).body).toEqual([]);
  });
});
